/** The watched folder's consumed-files ledger kept in the station journal (real SQLite file). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { contentKey, fileKey } from '../../../station/src/drivers/folder/consumed-ledger.ts';
import { createConsumedFilesLedger } from '../../../station/src/journal/consumed-files-ledger.ts';
import { openJournal, type JournalDb } from '../../../station/src/journal/open-journal.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
let db: JournalDb;

beforeEach(async () => {
  tmp = await makeTempDir('journal-ledger-');
  db = openJournal(tmp.dir);
});
afterEach(async () => {
  if (db.open) db.close();
  await tmp.cleanup();
});

const identity = { relativePath: 'lot 1/page-00001.jpg', size: 12345, mtimeMs: 1632729600123.7, sha256: 'ab'.repeat(32) };

describe('consumed-files ledger', () => {
  it('a key is unknown until marked, then known; marking again is harmless', () => {
    const ledger = createConsumedFilesLedger(db);
    const key = fileKey(identity);
    expect(ledger.isConsumed(key)).toBe(false);
    ledger.markConsumed([key]);
    expect(ledger.isConsumed(key)).toBe(true);
    expect(() => ledger.markConsumed([key])).not.toThrow();
    expect(db.prepare('SELECT COUNT(*) FROM consumed_files').pluck().get()).toBe(1);
  });

  it('file keys and content keys are distinct; the stored path is the file key\'s relative path', () => {
    const ledger = createConsumedFilesLedger(db);
    ledger.markConsumed([fileKey(identity)]);
    expect(ledger.isConsumed(contentKey(identity))).toBe(false);
    ledger.markConsumed([contentKey(identity)]);
    const rows = db.prepare('SELECT key, path FROM consumed_files ORDER BY key').all() as { key: string; path: string }[];
    expect(rows).toEqual([
      { key: fileKey(identity), path: 'lot 1/page-00001.jpg' },
      { key: `sha256:${'ab'.repeat(32)}`, path: `sha256:${'ab'.repeat(32)}` },
    ]);
    // another file with the same name but other bytes is not consumed
    expect(ledger.isConsumed(fileKey({ ...identity, sha256: 'cd'.repeat(32) }))).toBe(false);
  });

  it('the keys of one call are one transaction: all recorded, or none when one fails', () => {
    const ledger = createConsumedFilesLedger(db);
    ledger.markConsumed([fileKey(identity), contentKey(identity), fileKey(identity)]);
    expect(db.prepare('SELECT COUNT(*) FROM consumed_files').pluck().get()).toBe(2);
    // a failing insert (a NOT NULL path, here) takes the keys marked before it in the same call back out
    expect(() => ledger.markConsumed(['sha256:' + 'ef'.repeat(32), null as unknown as string])).toThrow();
    expect(ledger.isConsumed('sha256:' + 'ef'.repeat(32))).toBe(false);
  });

  it('survives closing and re-opening the journal (a restarted station does not replay files)', () => {
    createConsumedFilesLedger(db).markConsumed([fileKey(identity)]);
    db.close();
    db = openJournal(tmp.dir);
    const ledger = createConsumedFilesLedger(db);
    expect(ledger.isConsumed(fileKey(identity))).toBe(true);
    expect(ledger.isConsumed(fileKey({ ...identity, size: 1 }))).toBe(false);
  });
});
