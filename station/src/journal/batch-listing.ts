/**
 * Read-only views of the journal for the web app: every batch with its page counts, and one
 * batch's pages in scan order with their fate.
 */
import path from 'node:path';
import type { BatchStatus, PageFateName } from './batch-journal.ts';
import type { JournalDb } from './open-journal.ts';

export interface BatchListRow {
  id: string;
  kind: 'split' | 'scan';
  status: BatchStatus;
  outDir: string;
  startedAt: string;
  endedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  options: Record<string, unknown>;
  pages: number;
  fates: Partial<Record<PageFateName, number>>;
  documents: number;
  summaryJson: string | null;
}

export interface JournalPage {
  seq: number;
  path: string;
  pageInFile: number;
  fate: PageFateName;
  documentId: string | null;
  label: string;
}

export function createBatchListing(db: JournalDb) {
  const batches = db.prepare(
    `SELECT b.*, (SELECT COUNT(*) FROM pages p WHERE p.batch_id = b.id) AS page_count,
            (SELECT COUNT(DISTINCT document_id) FROM pages p WHERE p.batch_id = b.id AND p.document_id IS NOT NULL) AS doc_count
     FROM batches b ORDER BY b.started_at DESC LIMIT ?`,
  );
  const oneBatch = db.prepare(
    `SELECT b.*, (SELECT COUNT(*) FROM pages p WHERE p.batch_id = b.id) AS page_count,
            (SELECT COUNT(DISTINCT document_id) FROM pages p WHERE p.batch_id = b.id AND p.document_id IS NOT NULL) AS doc_count
     FROM batches b WHERE b.id = ?`,
  );
  const batchFates = db.prepare('SELECT fate, COUNT(*) AS n FROM pages WHERE batch_id = ? GROUP BY fate');
  const toListRow = (r: Record<string, unknown>, fates: Partial<Record<PageFateName, number>>): BatchListRow => ({
    id: r.id as string,
    kind: r.kind as 'split' | 'scan',
    status: r.status as BatchStatus,
    outDir: r.out_dir as string,
    startedAt: r.started_at as string,
    endedAt: r.ended_at as string | null,
    errorCode: r.error_code as string | null,
    errorMessage: r.error_message as string | null,
    options: JSON.parse(r.options_json as string) as Record<string, unknown>,
    pages: r.page_count as number,
    fates,
    documents: r.doc_count as number,
    summaryJson: r.summary_json as string | null,
  });
  const fates = db.prepare('SELECT batch_id AS batchId, fate, COUNT(*) AS n FROM pages GROUP BY batch_id, fate');
  const pages = db.prepare('SELECT seq, path, page_in_file AS pageInFile, fate, document_id AS documentId FROM pages WHERE batch_id = ? ORDER BY seq');
  const onePage = db.prepare('SELECT seq, path, page_in_file AS pageInFile, fate, document_id AS documentId FROM pages WHERE batch_id = ? AND seq = ?');
  const withLabel = (p: Omit<JournalPage, 'label'>): JournalPage => ({ ...p, label: p.pageInFile > 0 ? `${path.basename(p.path)}, pagina ${p.pageInFile + 1}` : path.basename(p.path) });
  return {
    list(limit = 500): BatchListRow[] {
      const byBatch = new Map<string, Partial<Record<PageFateName, number>>>();
      for (const r of fates.all() as { batchId: string; fate: PageFateName; n: number }[]) {
        const m = byBatch.get(r.batchId) ?? {};
        m[r.fate] = r.n;
        byBatch.set(r.batchId, m);
      }
      return (batches.all(limit) as Record<string, unknown>[]).map((r) => toListRow(r, byBatch.get(r.id as string) ?? {}));
    },
    /** One batch as the list shows it, however old (the list holds the newest `limit` only). */
    one(batchId: string): BatchListRow | null {
      const r = oneBatch.get(batchId) as Record<string, unknown> | undefined;
      if (!r) return null;
      const f: Partial<Record<PageFateName, number>> = {};
      for (const x of batchFates.all(batchId) as { fate: PageFateName; n: number }[]) f[x.fate] = x.n;
      return toListRow(r, f);
    },
    pages(batchId: string): JournalPage[] {
      return (pages.all(batchId) as Omit<JournalPage, 'label'>[]).map(withLabel);
    },
    page(batchId: string, seq: number): JournalPage | null {
      const p = onePage.get(batchId, seq) as Omit<JournalPage, 'label'> | undefined;
      return p ? withLabel(p) : null;
    },
  };
}

export type BatchListing = ReturnType<typeof createBatchListing>;
