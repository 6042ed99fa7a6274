/**
 * The documents a day's reconciliation looks at: every reported document whose registration
 * number is dated that day, every reported document the day's borderou lists (whatever its date),
 * and documents whose number carries no date but were scanned that day.
 */
import type { SqlClient } from '../db/sql-client.ts';

export interface ReportedDocument {
  id: string;
  registrationKey: string;
  file: string | null;
  pages: number;
  sheets: number;
  flags: string[];
  station: string;
  batchId: string;
  /** The version of the batch's report these documents come from (the latest the station sent). */
  batchVersion: number;
  scanDate: string;
  sha256: string | null;
  department: string;
}

export type ReconciliationRepository = ReturnType<typeof createReconciliationRepository>;

export function createReconciliationRepository(db: SqlClient) {
  return {
    /** `borderouId` may be -1 when the day has no borderou. */
    async documentsForDay(day: string, borderouId: number): Promise<ReportedDocument[]> {
      const rows = await db.all<Omit<ReportedDocument, 'flags'> & { flags: string }>(`
        WITH chosen(id) AS (
          SELECT id FROM documents WHERE registration_date = ?
          UNION
          SELECT id FROM documents WHERE registration_date IS NULL AND scan_date = ?
          UNION
          SELECT d.id FROM borderou_entries e JOIN documents d ON d.registration_key = e.registration_key
           WHERE e.borderou_id = ?
        )
        SELECT d.document_id AS id, d.registration_key AS "registrationKey", d.file, d.pages, d.sheets, d.flags,
               s.name AS station, b.batch_id AS "batchId", b.version AS "batchVersion", d.scan_date AS "scanDate", d.sha256, d.department
          FROM chosen c
          JOIN documents d ON d.id = c.id
          JOIN batches b ON b.id = d.batch_ref
          JOIN stations s ON s.id = d.station_id
         ORDER BY b.started_at, d.batch_ref, d.position`, [day, day, borderouId]);
      return rows.map((row) => ({ ...row, flags: JSON.parse(row.flags) as string[] }));
    },
  };
}
