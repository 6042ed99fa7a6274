/** makeDir: mkdir -p whose failure is the real cause (EROFS on a read-only disk, not Node's ENOENT). */
import { execFileSync } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeDir } from '../../../station/src/fs/make-dir.ts';
import { listTree, makeTempDir } from '../../support/temp-dirs.ts';

// a concurrent maker: when set, the next recursive mkdir makes `race.makes` (as another process
// would, right then) and reports ENOENT as Node 20 does for a folder that vanished or could not be made
const race = vi.hoisted(() => ({ makes: null as string | null, asFile: false }));
vi.mock('node:fs/promises', async (original) => {
  const real = await original<typeof import('node:fs/promises')>();
  const mkdir = (async (p: string, opts?: { recursive?: boolean }) => {
    if (race.makes && opts?.recursive) {
      const other = race.makes;
      race.makes = null;
      if (race.asFile) await real.writeFile(other, 'x');
      else await real.mkdir(other);
      throw Object.assign(new Error(`ENOENT: no such file or directory, mkdir '${p}'`), { code: 'ENOENT', path: p });
    }
    return real.mkdir(p, opts);
  }) as typeof real.mkdir;
  return { ...real, mkdir, default: { ...real, mkdir } };
});

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

  it('a folder another maker made meanwhile (EEXIST) is not an error; a file there still is', async () => {
    race.makes = path.join(root, 'a');
    expect(await makeDir(path.join(root, 'a'))).toBeUndefined(); // it made none
    expect(await listTree(root)).toEqual(['a/']);
    race.makes = path.join(root, 'f');
    race.asFile = true;
    await expect(makeDir(path.join(root, 'f'))).rejects.toMatchObject({ code: 'EEXIST', path: path.join(root, 'f') });
    race.asFile = false;
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
