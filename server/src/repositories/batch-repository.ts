/**
 * Batches reported by stations and their documents (weekly totals follow through SQL triggers).
 * `batches`/`documents` hold the latest version of each batch report; `batch_versions` keeps every
 * version as received (migration 006).
 */
import type { Database } from 'better-sqlite3';

export interface BatchRow {
  stationId: number;
  batchId: string;
  /** The report's version (1 for a batch as scanned; each correction on the station adds one). */
  version: number;
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
  version: number;
  reportSha256: string;
  /** When this version was received. */
  receivedAt: string;
  documentCount: number;
}

export interface StoredVersion extends StoredBatch {
  startedAt: string;
  endedAt: string;
  scanDate: string;
  separatorPages: number;
  blankPages: number;
  unassignedPages: number;
  pagesIn: number;
  documents: { id: string; file: string | null; pages: number; sheets: number; sha256: string | null; flags: string[] }[];
}

/** inserted: a new batch; replaced: a higher version replaced the stored one; kept: nothing written. */
export type StoreAction = 'inserted' | 'replaced' | 'kept';

export type BatchRepository = ReturnType<typeof createBatchRepository>;

export function createBatchRepository(db: Database) {
  const find = db.prepare<[number, string], StoredBatch & { id: number }>(`
    SELECT b.id, b.version, v.report_sha256 AS reportSha256, v.received_at AS receivedAt, b.document_count AS documentCount
      FROM batches b JOIN batch_versions v ON v.batch_ref = b.id AND v.version = b.version
     WHERE b.station_id = ? AND b.batch_id = ?`);
  const insertBatch = db.prepare(`
    INSERT INTO batches (station_id, batch_id, version, started_at, ended_at, scan_date, separator_pages, blank_pages,
                         unassigned_pages, pages_in, document_count, report_sha256, received_at)
    VALUES (@stationId, @batchId, @version, @startedAt, @endedAt, @scanDate, @separatorPages, @blankPages,
            @unassignedPages, @pagesIn, @documentCount, @reportSha256, @receivedAt)`);
  // received_at stays the first receipt of the batch; each version's own is in batch_versions
  const updateBatch = db.prepare(`
    UPDATE batches SET version = @version, started_at = @startedAt, ended_at = @endedAt, scan_date = @scanDate,
           separator_pages = @separatorPages, blank_pages = @blankPages, unassigned_pages = @unassignedPages,
           pages_in = @pagesIn, document_count = @documentCount, report_sha256 = @reportSha256
     WHERE id = @id`);
  const insertVersion = db.prepare(`
    INSERT INTO batch_versions (batch_ref, version, report_sha256, received_at, started_at, ended_at, scan_date,
                                separator_pages, blank_pages, unassigned_pages, pages_in, document_count, documents)
    VALUES (@batchRef, @version, @reportSha256, @receivedAt, @startedAt, @endedAt, @scanDate,
            @separatorPages, @blankPages, @unassignedPages, @pagesIn, @documentCount, @documents)`);
  // the delete trigger subtracts each document from the totals
  const deleteDocuments = db.prepare('DELETE FROM documents WHERE batch_ref = ?');
  const insertDocument = db.prepare(`
    INSERT INTO documents (batch_ref, station_id, position, document_id, registration_key, registration_date,
                           scan_date, file, pages, sheets, sha256, flags, department)
    VALUES (@batchRef, @stationId, @position, @documentId, @registrationKey, @registrationDate,
            @scanDate, @file, @pages, @sheets, @sha256, @flags, @department)`);
  const departmentOf = db.prepare<[string], string>(`
    SELECT e.department FROM borderou_entries e JOIN borderouri b ON b.id = e.borderou_id
     WHERE e.registration_key = ? AND b.superseded_at IS NULL
     ORDER BY b.uploaded_at DESC, b.id DESC, e.line LIMIT 1`).pluck();
  const versions = db.prepare<[string, string], Omit<StoredVersion, 'documents'> & { documents: string }>(`
    SELECT v.version, v.report_sha256 AS reportSha256, v.received_at AS receivedAt, v.document_count AS documentCount,
           v.started_at AS startedAt, v.ended_at AS endedAt, v.scan_date AS scanDate, v.separator_pages AS separatorPages,
           v.blank_pages AS blankPages, v.unassigned_pages AS unassignedPages, v.pages_in AS pagesIn, v.documents
      FROM batch_versions v JOIN batches b ON b.id = v.batch_ref JOIN stations s ON s.id = b.station_id
     WHERE s.name = ? AND b.batch_id = ?
     ORDER BY v.version`);

  function writeDocuments(batchRef: number | bigint, batch: BatchRow, documents: readonly DocumentRow[]): void {
    documents.forEach((doc, position) => {
      insertDocument.run({
        ...doc,
        flags: JSON.stringify(doc.flags),
        batchRef,
        stationId: batch.stationId,
        position,
        scanDate: batch.scanDate,
        department: departmentOf.get(doc.registrationKey) ?? '',
      });
    });
  }

  return {
    find(stationId: number, batchId: string): StoredBatch | undefined {
      const row = find.get(stationId, batchId);
      if (!row) return undefined;
      const { id: _id, ...stored } = row;
      return stored;
    },
    /**
     * In one transaction: stores a new batch; or, when the stored version is lower, keeps the new
     * version beside the old ones and replaces the batch's documents by the new ones (the totals
     * follow through the triggers); otherwise writes nothing and returns the stored batch for the
     * caller to compare (same version and hash: the same report again).
     */
    store(batch: BatchRow, documents: readonly DocumentRow[]): { action: StoreAction; stored: StoredBatch } {
      return db.transaction(() => {
        const existing = find.get(batch.stationId, batch.batchId);
        if (existing && existing.version >= batch.version) {
          const { id: _id, ...stored } = existing;
          return { action: 'kept' as const, stored };
        }
        const row = { ...batch, documentCount: documents.length };
        let batchRef: number | bigint;
        if (existing) {
          batchRef = existing.id;
          updateBatch.run({ ...row, id: batchRef });
          deleteDocuments.run(batchRef);
        } else {
          batchRef = insertBatch.run(row).lastInsertRowid;
        }
        insertVersion.run({
          ...row,
          batchRef,
          documents: JSON.stringify(documents.map((d) => ({ id: d.documentId, file: d.file, pages: d.pages, sheets: d.sheets, sha256: d.sha256, flags: d.flags }))),
        });
        writeDocuments(batchRef, batch, documents);
        const stored = { version: batch.version, reportSha256: batch.reportSha256, receivedAt: batch.receivedAt, documentCount: documents.length };
        return { action: existing ? ('replaced' as const) : ('inserted' as const), stored };
      }).immediate();
    },
    /** Every version of a station's batch, oldest first (empty when there is no such batch). */
    versions(station: string, batchId: string): StoredVersion[] {
      return versions.all(station, batchId).map((v) => ({ ...v, documents: JSON.parse(v.documents) as StoredVersion['documents'] }));
    },
  };
}
