/**
 * The keys the watched folder records for a file, in the station journal's ledger (real SQLite):
 * their format is what a journal written by an earlier version is read with, so a change to it
 * would hand every consumed file over again (restored from the lost json-file-ledger test).
 */
import { mkdir, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentKey, describeFile, fileKey, relativeTo } from '../../../../station/src/drivers/folder/consumed-ledger.ts';
import { sha256File } from '../../../../station/src/fs/sha256.ts';
import { createConsumedFilesLedger } from '../../../../station/src/journal/consumed-files-ledger.ts';
import { openJournal } from '../../../../station/src/journal/open-journal.ts';
import { removeTempDirs, tempDir } from './folder-test-helpers.ts';

afterAll(removeTempDirs);

const ABC_SHA256 = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('relativeTo: a watched file\'s path under the folder, always with /', () => {
  it('nested folders on this system and on Windows (backslashes, a drive letter, another case of it)', () => {
    expect(relativeTo('/srv/scan', '/srv/scan/lot 3/2026/x.pdf')).toBe('lot 3/2026/x.pdf');
    expect(relativeTo('/srv/scan/', '/srv/scan/x.pdf')).toBe('x.pdf');
    expect(relativeTo('C:\\Scanari\\intrare', 'C:\\Scanari\\intrare\\lot 3\\2026\\x.pdf', path.win32)).toBe('lot 3/2026/x.pdf');
    expect(relativeTo('c:\\scanari\\intrare\\', 'C:\\Scanari\\Intrare\\x.pdf', path.win32)).toBe('x.pdf');
  });
});

describe('the ledger keys of a watched-folder file', () => {
  it('file key `<relative path with />|<size>|<mtime ms, whole>|<sha256>`, content key `sha256:<hex>`', async () => {
    const root = await tempDir('ledger-keys');
    await mkdir(path.join(root, 'lot 3'));
    const file = path.join(root, 'lot 3', 'x.pdf');
    await writeFile(file, 'abc');
    await utimes(file, 1700000000.12375, 1700000000.12375);
    expect(await sha256File(file)).toBe(ABC_SHA256);
    const identity = await describeFile(file, root);
    expect(identity).toMatchObject({ relativePath: 'lot 3/x.pdf', size: 3, sha256: ABC_SHA256 });
    expect(Math.floor(identity.mtimeMs)).toBe(1700000000123);
    expect(fileKey(identity)).toBe(`lot 3/x.pdf|3|1700000000123|${ABC_SHA256}`);
    expect(fileKey({ relativePath: 'lot/x.pdf', size: 3, mtimeMs: 1700000000123.75, sha256: ABC_SHA256 })).toBe(`lot/x.pdf|3|1700000000123|${ABC_SHA256}`);
    expect(contentKey(identity)).toBe(`sha256:${ABC_SHA256}`);
  });

  it('the journal ledger knows a file by the key made from it again (another run, the journal reopened)', async () => {
    const root = await tempDir('ledger-keys-root');
    const data = await tempDir('ledger-keys-data');
    const file = path.join(root, 'p1.png');
    await writeFile(file, 'abc');
    const db = openJournal(data);
    createConsumedFilesLedger(db).markConsumed([fileKey(await describeFile(file, root)), contentKey({ sha256: ABC_SHA256 })]);
    expect(db.prepare('SELECT key, path FROM consumed_files ORDER BY key').all()).toEqual([
      { key: expect.stringMatching(new RegExp(`^p1\\.png\\|3\\|\\d+\\|${ABC_SHA256}$`)), path: 'p1.png' },
      { key: `sha256:${ABC_SHA256}`, path: `sha256:${ABC_SHA256}` },
    ]);
    db.close();
    const reopened = openJournal(data);
    try {
      const ledger = createConsumedFilesLedger(reopened);
      expect(ledger.isConsumed(fileKey(await describeFile(file, root)))).toBe(true);
      await writeFile(file, 'abd'); // other bytes, same name and size: another file
      expect(ledger.isConsumed(fileKey(await describeFile(file, root)))).toBe(false);
    } finally {
      reopened.close();
    }
  });
});
