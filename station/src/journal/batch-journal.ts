/**
 * Repository over the journal's batch tables (prepared statements). Records batches, the page
 * files that entered them (with their hashes) and every page's fate, as it happens.
 */
import { StationError } from '../../../shared/src/errors.ts';
import type { JournalDb } from './open-journal.ts';

export type BatchStatus = 'running' | 'paused' | 'completed' | 'failed' | 'cancelled';
export type PageFateName = 'document' | 'unassigned' | 'separator' | 'blank';

export interface BatchRow {
  id: string;
  kind: 'split' | 'scan';
  status: BatchStatus;
  outDir: string;
  workDir: string | null;
  options: Record<string, unknown>;
  startedAt: string;
  endedAt: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  summaryJson: string | null;
}

export interface PageFileRow {
  fileSeq: number;
  path: string;
  sha256: string;
  pages: number;
}

interface RawBatch {
  id: string;
  kind: 'split' | 'scan';
  status: BatchStatus;
  out_dir: string;
  work_dir: string | null;
  options_json: string;
  started_at: string;
  ended_at: string | null;
  error_code: string | null;
  error_message: string | null;
  summary_json: string | null;
}

function toRow(r: RawBatch): BatchRow {
  return {
    id: r.id, kind: r.kind, status: r.status, outDir: r.out_dir, workDir: r.work_dir,
    options: JSON.parse(r.options_json) as Record<string, unknown>, startedAt: r.started_at, endedAt: r.ended_at,
    errorCode: r.error_code, errorMessage: r.error_message, summaryJson: r.summary_json,
  };
}

const STATUS_RO: Record<BatchStatus, string> = { running: 'în lucru', paused: 'în pauză', completed: 'încheiat', failed: 'eșuat', cancelled: 'anulat' };

function batchExists(row: BatchRow): StationError {
  const resume = row.kind === 'scan' && row.status !== 'completed' ? ` Dacă vreți să continuați acel lot: station scan --resume ${row.id}.` : '';
  return new StationError(
    'BATCH_EXISTS',
    `Lotul ${row.id} există deja în jurnalul stației (${STATUS_RO[row.status]}, început la ${row.startedAt}, ieșire în „${row.outDir}”). Alegeți alt --batch-id sau lăsați stația să-l aleagă.${resume}`,
    { batchId: row.id, status: row.status },
  );
}

export function createBatchJournal(db: JournalDb) {
  const insertBatch = db.prepare(
    `INSERT INTO batches (id, kind, status, out_dir, work_dir, options_json, started_at)
     VALUES (@id, @kind, 'running', @outDir, @workDir, @options, @startedAt)`,
  );
  const getBatch = db.prepare('SELECT * FROM batches WHERE id = ?');
  const unfinished = db.prepare(`SELECT * FROM batches WHERE status IN ('running', 'paused') ORDER BY started_at`);
  const setStatus = db.prepare('UPDATE batches SET status = @status, error_code = @code, error_message = @message, ended_at = @endedAt WHERE id = @id');
  const complete = db.prepare(`UPDATE batches SET status = 'completed', summary_json = @summary, ended_at = @endedAt, error_code = NULL, error_message = NULL WHERE id = @id`);
  const insertFile = db.prepare(
    `INSERT INTO page_files (batch_id, file_seq, path, sha256, pages, added_at) VALUES (@batchId, @fileSeq, @path, @sha256, @pages, @at)
     ON CONFLICT (batch_id, path) DO NOTHING`,
  );
  const listFiles = db.prepare('SELECT file_seq AS fileSeq, path, sha256, pages FROM page_files WHERE batch_id = ? ORDER BY file_seq');
  const nextFileSeq = db.prepare('SELECT COALESCE(MAX(file_seq), 0) + 1 FROM page_files WHERE batch_id = ?').pluck();
  const upsertPage = db.prepare(
    `INSERT INTO pages (batch_id, seq, path, page_in_file, fate, document_id) VALUES (@batchId, @seq, @path, @pageInFile, @fate, @documentId)
     ON CONFLICT (batch_id, seq) DO UPDATE SET path = excluded.path, page_in_file = excluded.page_in_file, fate = excluded.fate, document_id = excluded.document_id`,
  );
  const fateCounts = db.prepare('SELECT fate, COUNT(*) AS n FROM pages WHERE batch_id = ? GROUP BY fate');
  const insertWarning = db.prepare(
    `INSERT INTO batch_warnings (batch_id, n, code, message, file)
     VALUES (@batchId, (SELECT COALESCE(MAX(n), 0) + 1 FROM batch_warnings WHERE batch_id = @batchId), @code, @message, @file)`,
  );
  const listWarnings = db.prepare('SELECT code, message, file FROM batch_warnings WHERE batch_id = ? ORDER BY n');
  /** BATCH_EXISTS when `id` is in the journal already (checked again by `start`). */
  const assertNew = (id: string): void => {
    const existing = getBatch.get(id) as RawBatch | undefined;
    if (existing) throw batchExists(toRow(existing));
  };

  return {
    assertNew,
    /** Records a new batch; an id already in the journal is BATCH_EXISTS (never overwritten). */
    start(b: { id: string; kind: 'split' | 'scan'; outDir: string; workDir?: string | null; options: Record<string, unknown> }): void {
      assertNew(b.id);
      try {
        insertBatch.run({ id: b.id, kind: b.kind, outDir: b.outDir, workDir: b.workDir ?? null, options: JSON.stringify(b.options), startedAt: new Date().toISOString() });
      } catch (err) {
        const again = getBatch.get(b.id) as RawBatch | undefined; // started by another process meanwhile
        if (again && String((err as { code?: unknown }).code).startsWith('SQLITE_CONSTRAINT')) throw batchExists(toRow(again));
        throw err;
      }
    },
    get(id: string): BatchRow | null {
      const r = getBatch.get(id) as RawBatch | undefined;
      return r ? toRow(r) : null;
    },
    unfinished(): BatchRow[] {
      return (unfinished.all() as RawBatch[]).map(toRow);
    },
    /** Records a page file once (idempotent on its path); returns its sequence number. */
    addFile(batchId: string, f: { path: string; sha256: string; pages: number }): void {
      insertFile.run({ batchId, fileSeq: nextFileSeq.get(batchId) as number, ...f, at: new Date().toISOString() });
    },
    files(batchId: string): PageFileRow[] {
      return listFiles.all(batchId) as PageFileRow[];
    },
    recordFate(batchId: string, p: { seq: number; path: string; pageInFile: number; fate: PageFateName; documentId: string | null }): void {
      upsertPage.run({ batchId, ...p });
    },
    fates(batchId: string): Record<string, number> {
      return Object.fromEntries((fateCounts.all(batchId) as { fate: string; n: number }[]).map((r) => [r.fate, r.n]));
    },
    /** Keeps a warning of the batch, each as said (two in the same words are two), with the file it names when it names one. */
    addWarning(batchId: string, w: { code: string; message: string; file?: string }): void {
      insertWarning.run({ batchId, code: w.code, message: w.message, file: w.file ?? null });
    },
    /** The batch's warnings kept so far, in the order they came; `file` when known (never shown: the message names it). */
    warnings(batchId: string): { code: string; message: string; file?: string }[] {
      const rows = listWarnings.all(batchId) as { code: string; message: string; file: string | null }[];
      return rows.map((r) => ({ code: r.code, message: r.message, ...(r.file !== null ? { file: r.file } : {}) }));
    },
    setStatus(id: string, status: BatchStatus, error?: { code: string; message: string }): void {
      const ended = status === 'running' || status === 'paused' ? null : new Date().toISOString();
      setStatus.run({ id, status, code: error?.code ?? null, message: error?.message ?? null, endedAt: ended });
    },
    /** Marks the batch completed and, in the same transaction, runs `alsoDo` (e.g. enqueue its report). */
    complete(id: string, summaryJson: string, alsoDo?: () => void): void {
      db.transaction(() => {
        complete.run({ id, summary: summaryJson, endedAt: new Date().toISOString() });
        alsoDo?.();
      })();
    },
  };
}

export type BatchJournal = ReturnType<typeof createBatchJournal>;
