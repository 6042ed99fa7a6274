/** makeDir: mkdir -p whose failure is the real cause (EROFS on a read-only disk, not Node's ENOENT). */
import { execFileSync } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeDir } from '../../../station/src/fs/make-dir.ts';
import { listTree, makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
const mounts: string[] = [];
beforeEach(async () => {
  ({ dir: root, cleanup } = await makeTempDir('make-dir-'));
});
afterEach(async () => {
  for (const m of mounts.splice(0).reverse()) execFileSync('umount', [m], { stdio: 'ignore' });
  await cleanup();
});

describe('makeDir', () => {
  it('makes the missing folders and says which it made first, like mkdir -p', async () => {
    expect(await makeDir(path.join(root, 'a', 'b', 'c'))).toBe(path.join(root, 'a'));
    expect(await makeDir(path.join(root, 'a', 'b'))).toBeUndefined();
    expect(await listTree(root)).toEqual(['a/', 'a/b/', 'a/b/c/']);
  });

  it('a file in the way: EEXIST or ENOTDIR as mkdir -p says', async () => {
    await writeFile(path.join(root, 'f'), 'x');
    await expect(makeDir(path.join(root, 'f', 'sub'))).rejects.toMatchObject({ code: 'ENOTDIR' });
  });

  it.runIf(process.getuid?.() === 0)('a read-only disk: EROFS, not ENOENT (Node 20\'s recursive mkdir says ENOENT)', async () => {
    const ro = path.join(root, 'ro');
    await mkdir(ro);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'ro,size=1m', 'tmpfs', ro], { stdio: 'ignore' });
    mounts.push(ro);
    await expect(mkdir(path.join(ro, 'a', 'b'), { recursive: true })).rejects.toMatchObject({ code: 'ENOENT' }); // the quirk this mends
    await expect(makeDir(path.join(ro, 'a', 'b'))).rejects.toMatchObject({ code: 'EROFS', path: path.join(ro, 'a') });
    expect(await stat(path.join(ro, 'a')).catch(() => null)).toBeNull();
  });
});
