/** The watched folder's ledger of consumed files, kept in the station journal. */
import type { ConsumedLedger } from '../drivers/folder/consumed-ledger.ts';
import type { JournalDb } from './open-journal.ts';

export function createConsumedFilesLedger(db: JournalDb): ConsumedLedger {
  const has = db.prepare('SELECT 1 FROM consumed_files WHERE key = ?').pluck();
  const mark = db.prepare('INSERT INTO consumed_files (key, path, consumed_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING');
  return {
    isConsumed: (key) => has.get(key) !== undefined,
    markConsumed: (key) => void mark.run(key, key.split('|')[0] ?? key, new Date().toISOString()),
  };
}
