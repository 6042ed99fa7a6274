/** The journal's record of corrections saved from the review page (what, when, which version). */
import type { JournalDb } from './open-journal.ts';

export interface SavedCorrection {
  version: number;
  n: number;
  kind: string;
  what: string;
  detail: unknown;
  at: string;
}

export function createCorrectionsJournal(db: JournalDb) {
  const insert = db.prepare('INSERT OR IGNORE INTO batch_corrections (batch_id, version, n, kind, what, detail_json, at) VALUES (@batchId, @version, @n, @kind, @what, @detail, @at)');
  const list = db.prepare('SELECT version, n, kind, what, detail_json AS detail, at FROM batch_corrections WHERE batch_id = ? ORDER BY version, n');
  return {
    record(batchId: string, version: number, items: Omit<SavedCorrection, 'version' | 'n'>[]): void {
      items.forEach((c, n) => insert.run({ batchId, version, n, kind: c.kind, what: c.what, detail: JSON.stringify(c.detail), at: c.at }));
    },
    list(batchId: string): SavedCorrection[] {
      return (list.all(batchId) as (Omit<SavedCorrection, 'detail'> & { detail: string })[]).map((r) => ({ ...r, detail: JSON.parse(r.detail) as unknown }));
    },
  };
}
