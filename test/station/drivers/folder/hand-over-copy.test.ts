/**
 * The hand-over copy is made of the bytes the driver hashed: a file that changes after it was judged
 * (hashed) never slips into the batch under the old hash.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeFile, readIdentified } from '../../../../station/src/drivers/folder/consumed-ledger.ts';
import { copyIntoWorkDir } from '../../../../station/src/drivers/folder/hand-over-copy.ts';
import { png, removeTempDirs, tempDir } from './folder-test-helpers.ts';

afterAll(removeTempDirs);

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('copyIntoWorkDir', () => {
  it('writes the bytes read for the identity, even when the original changed since: what is handed over is what was hashed', async () => {
    const [root, work] = [await tempDir('copy-root'), await tempDir('copy-work')];
    const original = path.join(root, 'a.png');
    const first = await png(1);
    await writeFile(original, first);
    const { identity, bytes } = await readIdentified(original, root);
    expect(identity.sha256).toBe(sha(first));
    await writeFile(original, await png(2)); // the scanner rewrote it after the driver read it
    const copy = await copyIntoWorkDir(original, identity, work, 7, undefined, bytes);
    expect(copy?.file).toBe(path.join(work, 'page-00007.png'));
    expect(await readFile(copy!.file)).toEqual(first);
    expect(sha(copy!.bytes)).toBe(identity.sha256);
  });

  it('without the bytes (an identity known from before), reads the original and refuses it when it changed since: null, nothing left', async () => {
    const [root, work] = [await tempDir('copy-root'), await tempDir('copy-work')];
    const original = path.join(root, 'a.png');
    await writeFile(original, await png(3));
    const identity = await describeFile(original, root);
    const same = await copyIntoWorkDir(original, identity, work, 1);
    expect(same && sha(await readFile(same.file))).toBe(identity.sha256);
    await writeFile(original, await png(4)); // the same size, other bytes
    expect((await readFile(original)).length).toBe(identity.size);
    expect(await copyIntoWorkDir(original, identity, work, 2)).toBeNull();
    expect(await readdir(work)).toEqual(['page-00001.png']);
  });
});
