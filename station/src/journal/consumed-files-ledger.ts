/** The watched folder's ledger of consumed files, kept in the station journal. */
import type { ConsumedLedger } from '../drivers/folder/consumed-ledger.ts';
import type { JournalDb } from './open-journal.ts';

export function createConsumedFilesLedger(db: JournalDb): ConsumedLedger {
  const has = db.prepare('SELECT 1 FROM consumed_files WHERE key = ?').pluck();
  const mark = db.prepare('INSERT INTO consumed_files (key, path, consumed_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING');
  // every key of one call in one transaction: one commit (one fsync of the journal) for all of them
  const markAll = db.transaction((keys: readonly string[], at: string) => {
    for (const key of keys) mark.run(key, key.split('|')[0] ?? key, at);
  });
  return {
    isConsumed: (key) => has.get(key) !== undefined,
    markConsumed: (keys) => {
      if (keys.length > 0) markAll(keys, new Date().toISOString());
    },
  };
}
