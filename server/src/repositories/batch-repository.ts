/** Batches reported by stations and their documents (weekly totals follow through SQL triggers). */
import type { Database } from 'better-sqlite3';

export interface BatchRow {
  stationId: number;
  batchId: string;
  startedAt: string;
  endedAt: string;
  scanDate: string;
  separatorPages: number;
  blankPages: number;
  unassignedPages: number;
  pagesIn: number;
  reportSha256: string;
  receivedAt: string;
}

export interface DocumentRow {
  documentId: string;
  registrationKey: string;
  registrationDate: string | null;
  file: string | null;
  pages: number;
  sheets: number;
  sha256: string | null;
  flags: string[];
}

export interface StoredBatch {
  reportSha256: string;
  receivedAt: string;
  documentCount: number;
}

export type BatchRepository = ReturnType<typeof createBatchRepository>;

export function createBatchRepository(db: Database) {
  const find = db.prepare<[number, string], StoredBatch>(`
    SELECT report_sha256 AS reportSha256, received_at AS receivedAt, document_count AS documentCount
      FROM batches WHERE station_id = ? AND batch_id = ?`);
  const insertBatch = db.prepare(`
    INSERT INTO batches (station_id, batch_id, started_at, ended_at, scan_date, separator_pages, blank_pages,
                         unassigned_pages, pages_in, document_count, report_sha256, received_at)
    VALUES (@stationId, @batchId, @startedAt, @endedAt, @scanDate, @separatorPages, @blankPages,
            @unassignedPages, @pagesIn, @documentCount, @reportSha256, @receivedAt)`);
  const insertDocument = db.prepare(`
    INSERT INTO documents (batch_ref, station_id, position, document_id, registration_key, registration_date,
                           scan_date, file, pages, sheets, sha256, flags, department)
    VALUES (@batchRef, @stationId, @position, @documentId, @registrationKey, @registrationDate,
            @scanDate, @file, @pages, @sheets, @sha256, @flags, @department)`);
  const departmentOf = db.prepare<[string], string>(`
    SELECT e.department FROM borderou_entries e JOIN borderouri b ON b.id = e.borderou_id
     WHERE e.registration_key = ? AND b.superseded_at IS NULL
     ORDER BY b.uploaded_at DESC, b.id DESC, e.line LIMIT 1`).pluck();

  return {
    find(stationId: number, batchId: string): StoredBatch | undefined {
      return find.get(stationId, batchId);
    },
    /**
     * Stores the batch and its documents in one transaction, unless (station, batch id) exists:
     * then nothing is written and the stored batch is returned for the caller to compare.
     */
    insertIfAbsent(batch: BatchRow, documents: readonly DocumentRow[]): { inserted: boolean; stored: StoredBatch } {
      return db.transaction(() => {
        const existing = find.get(batch.stationId, batch.batchId);
        if (existing) return { inserted: false, stored: existing };
        const { lastInsertRowid } = insertBatch.run({ ...batch, documentCount: documents.length });
        documents.forEach((doc, position) => {
          insertDocument.run({
            ...doc,
            flags: JSON.stringify(doc.flags),
            batchRef: lastInsertRowid,
            stationId: batch.stationId,
            position,
            scanDate: batch.scanDate,
            department: departmentOf.get(doc.registrationKey) ?? '',
          });
        });
        const stored = { reportSha256: batch.reportSha256, receivedAt: batch.receivedAt, documentCount: documents.length };
        return { inserted: true, stored };
      }).immediate();
    },
  };
}
