/**
 * Batches reported by stations and their documents (weekly totals follow through SQL triggers).
 * `batches`/`documents` hold the latest version of each batch report; `batch_versions` keeps every
 * version as received (migration 006). One report sent to several instances at once is stored once:
 * the (station, batch id) is locked for the transaction (PostgreSQL) and unique in `batches`.
 */
import type { BatchVersionDocument } from '../../../shared/src/schemas/batch-versions.ts';
import { multiRowStatement, rowChunks } from '../db/row-chunks.ts';
import type { SqlClient, SqlTransaction } from '../db/sql-client.ts';
import { mondayOf } from '../lib/dates.ts';
import { DEPARTMENT_OF_KEY, DEPARTMENTS_LOCK } from './borderou-repository.ts';

/** The name of the lock a batch report takes for the ISO week starting on Monday `week` (YYYY-MM-DD) before its documents. */
export const weekLock = (week: string) => `week:${week}`;

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
  documents: BatchVersionDocument[];
}

/** inserted: a new batch; replaced: a higher version replaced the stored one; kept: nothing written. */
export type StoreAction = 'inserted' | 'replaced' | 'kept';

export type BatchRepository = ReturnType<typeof createBatchRepository>;

const FIND = `
  SELECT b.id, b.version, v.report_sha256 AS "reportSha256", v.received_at AS "receivedAt", b.document_count AS "documentCount"
    FROM batches b JOIN batch_versions v ON v.batch_ref = b.id AND v.version = b.version
   WHERE b.station_id = ? AND b.batch_id = ?`;
/** FIND with the stored scan date (the week whose lock a new version also takes): checked once at load, so a change to FIND cannot silently drop it. */
const FIND_FOR_STORE = FIND.replace('AS "documentCount"', 'AS "documentCount", b.scan_date AS "scanDate"');
if (FIND_FOR_STORE === FIND) throw new Error('batch-repository: FIND no longer selects "documentCount"; FIND_FOR_STORE needs its scan date another way');

/** 13 parameters a row: 500 rows stay well under either engine's limit on parameters. */
const insertDocuments = multiRowStatement(`
  INSERT INTO documents (batch_ref, station_id, position, document_id, registration_key, registration_date,
                         scan_date, file, pages, sheets, sha256, flags, department)`,
`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ${DEPARTMENT_OF_KEY})`);

/**
 * The batch's documents, each with the department its borderou gives it, in a few statements of
 * fixed row counts (one round trip to PostgreSQL per part, not two per document; see row-chunks.ts);
 * the row triggers keep the totals.
 */
async function writeDocuments(tx: SqlTransaction, batchRef: number, batch: BatchRow, documents: readonly DocumentRow[]): Promise<void> {
  for (const { first, part } of rowChunks(documents)) {
    const params: unknown[] = [];
    for (const [i, doc] of part.entries()) {
      params.push(batchRef, batch.stationId, first + i, doc.documentId, doc.registrationKey, doc.registrationDate,
        batch.scanDate, doc.file, doc.pages, doc.sheets, doc.sha256, JSON.stringify(doc.flags), doc.registrationKey);
    }
    await tx.run(insertDocuments(part.length), params);
  }
}

export function createBatchRepository(db: SqlClient) {
  return {
    async find(stationId: number, batchId: string): Promise<StoredBatch | undefined> {
      const row = await db.get<StoredBatch & { id: number }>(FIND, [stationId, batchId]);
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
    store(batch: BatchRow, documents: readonly DocumentRow[]): Promise<{ action: StoreAction; stored: StoredBatch }> {
      return db.transaction(async (tx) => {
        // Departments stay still while documents take theirs from the borderouri (a borderou upload
        // holds this lock alone while it re-assigns them; batches share it).
        await tx.lockShared(DEPARTMENTS_LOCK);
        // The same batch sent to two instances at once: the second waits here, then finds the first's.
        await tx.lock(`batch:${batch.stationId}:${batch.batchId}`);
        const existing = await tx.get<StoredBatch & { id: number; scanDate: string }>(FIND_FOR_STORE, [batch.stationId, batch.batchId]);
        if (existing && existing.version >= batch.version) {
          const { id: _id, scanDate: _scanDate, ...stored } = existing;
          return { action: 'kept' as const, stored };
        }
        const counts = [batch.version, batch.startedAt, batch.endedAt, batch.scanDate, batch.separatorPages, batch.blankPages,
          batch.unassignedPages, batch.pagesIn, documents.length, batch.reportSha256];
        let batchRef: number;
        if (existing) {
          batchRef = existing.id;
          // received_at stays the first receipt of the batch; each version's own is in batch_versions
          await tx.run(`
            UPDATE batches SET version = ?, started_at = ?, ended_at = ?, scan_date = ?, separator_pages = ?, blank_pages = ?,
                   unassigned_pages = ?, pages_in = ?, document_count = ?, report_sha256 = ?
             WHERE id = ?`, [...counts, batchRef]);
        } else {
          const { rows } = await tx.run(`
            INSERT INTO batches (station_id, batch_id, version, started_at, ended_at, scan_date, separator_pages, blank_pages,
                                 unassigned_pages, pages_in, document_count, report_sha256, received_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, [batch.stationId, batch.batchId, ...counts, batch.receivedAt]);
          batchRef = Number(rows[0]!.id);
        }
        await tx.run(`
          INSERT INTO batch_versions (batch_ref, version, report_sha256, received_at, started_at, ended_at, scan_date,
                                      separator_pages, blank_pages, unassigned_pages, pages_in, document_count, documents)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, [
          batchRef, batch.version, batch.reportSha256, batch.receivedAt, batch.startedAt, batch.endedAt, batch.scanDate,
          batch.separatorPages, batch.blankPages, batch.unassignedPages, batch.pagesIn, documents.length,
          JSON.stringify(documents.map((d) => ({ id: d.documentId, file: d.file, pages: d.pages, sheets: d.sheets, sha256: d.sha256, flags: d.flags }))),
        ]);
        // Only now the weeks whose totals the triggers change, in order: batches of one week take turns
        // from here to their commit instead of locking the week's totals rows one department at a time
        // in the documents' order (two such batches could each hold a row the other waits for: a
        // deadlock). Taken after the batch's own rows (its batches and batch_versions rows, which no
        // other batch touches: the batch lock above), so batches of one week write those side by side.
        for (const week of [...new Set([batch.scanDate, existing?.scanDate].filter((d) => d !== undefined).map(mondayOf))].sort()) {
          await tx.lock(weekLock(week));
        }
        // the delete trigger subtracts each document from the totals
        if (existing) await tx.run('DELETE FROM documents WHERE batch_ref = ?', [batchRef]);
        await writeDocuments(tx, batchRef, batch, documents);
        const stored = { version: batch.version, reportSha256: batch.reportSha256, receivedAt: batch.receivedAt, documentCount: documents.length };
        return { action: existing ? ('replaced' as const) : ('inserted' as const), stored };
      });
    },
    /**
     * The version the registry holds of each of a station's batches asked (absent from the map: no
     * report of that batch). One statement; the caller keeps `batchIds` within HELD_BATCHES_MAX.
     */
    async heldVersions(stationId: number, batchIds: readonly string[]): Promise<Map<string, number>> {
      if (batchIds.length === 0) return new Map();
      const rows = await db.all<{ batchId: string; version: number }>(
        `SELECT batch_id AS "batchId", version FROM batches WHERE station_id = ? AND batch_id IN (${batchIds.map(() => '?').join(', ')})`,
        [stationId, ...batchIds],
      );
      return new Map(rows.map((r) => [r.batchId, r.version]));
    },
    /** Every version of a station's batch, oldest first (empty when there is no such batch). */
    async versions(station: string, batchId: string): Promise<StoredVersion[]> {
      const rows = await db.all<Omit<StoredVersion, 'documents'> & { documents: string }>(`
        SELECT v.version, v.report_sha256 AS "reportSha256", v.received_at AS "receivedAt", v.document_count AS "documentCount",
               v.started_at AS "startedAt", v.ended_at AS "endedAt", v.scan_date AS "scanDate", v.separator_pages AS "separatorPages",
               v.blank_pages AS "blankPages", v.unassigned_pages AS "unassignedPages", v.pages_in AS "pagesIn", v.documents
          FROM batch_versions v JOIN batches b ON b.id = v.batch_ref JOIN stations s ON s.id = b.station_id
         WHERE s.name = ? AND b.batch_id = ?
         ORDER BY v.version`, [station, batchId]);
      return rows.map((v) => ({ ...v, documents: JSON.parse(v.documents) as StoredVersion['documents'] }));
    },
  };
}
