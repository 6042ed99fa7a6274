import { readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentKey, fileKey, sha256File } from '../../../../station/src/drivers/folder/consumed-ledger.ts';
import { JsonFileLedger } from '../../../../station/src/drivers/folder/json-file-ledger.ts';
import { removeTempDirs, tempDir } from './folder-test-helpers.ts';

afterAll(removeTempDirs);

describe('JsonFileLedger', () => {
  it('starts empty, remembers keys across reopening, and leaves no temp file', async () => {
    const dir = await tempDir('ledger');
    const file = path.join(dir, 'sub', 'consumed.json');
    const ledger = await JsonFileLedger.open(file);
    expect(ledger.isConsumed('a')).toBe(false);
    await ledger.markConsumed('a');
    await ledger.markConsumed('b|12|1700000000000|ff');
    await ledger.markConsumed('a');
    const again = await JsonFileLedger.open(file);
    expect(again.isConsumed('a')).toBe(true);
    expect(again.isConsumed('b|12|1700000000000|ff')).toBe(true);
    expect(again.size).toBe(2);
    expect(await readdir(path.dirname(file))).toEqual(['consumed.json']);
  });

  it('writes concurrent marks one after another without losing any', async () => {
    const dir = await tempDir('ledger');
    const file = path.join(dir, 'consumed.json');
    const ledger = await JsonFileLedger.open(file);
    await Promise.all(Array.from({ length: 50 }, (_, i) => ledger.markConsumed(`k${i}`)));
    const again = await JsonFileLedger.open(file);
    expect(again.size).toBe(50);
  });

  it('refuses a damaged file instead of starting over', async () => {
    const dir = await tempDir('ledger');
    const file = path.join(dir, 'consumed.json');
    await writeFile(file, '{"version":1,"keys":["a",');
    await expect(JsonFileLedger.open(file)).rejects.toMatchObject({ code: 'INPUT_CORRUPT' });
    await writeFile(file, '{"version":2,"keys":[]}');
    await expect(JsonFileLedger.open(file)).rejects.toMatchObject({ code: 'INPUT_CORRUPT' });
  });

  it('builds file and content keys from path, size, mtime and sha256', async () => {
    const dir = await tempDir('ledger');
    const file = path.join(dir, 'x.pdf');
    await writeFile(file, 'abc');
    const sha256 = await sha256File(file);
    expect(sha256).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(fileKey({ relativePath: 'lot/x.pdf', size: 3, mtimeMs: 1700000000123.75, sha256 })).toBe(`lot/x.pdf|3|1700000000123|${sha256}`);
    expect(contentKey({ sha256 })).toBe(`sha256:${sha256}`);
  });
});
