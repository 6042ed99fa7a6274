/**
 * Borderou versions per day. Saving a day again supersedes its current version (kept as history)
 * and re-assigns the department of already reported documents the new version lists or dropped.
 */
import { multiRowStatement, rowChunks } from '../db/row-chunks.ts';
import type { SqlClient, SqlRunner } from '../db/sql-client.ts';
import type { BorderouEntryView, BorderouVersionSummary } from '../../../shared/src/schemas/borderou.ts';
import { registrationKey } from '../lib/registration.ts';

export interface NewBorderouVersion {
  day: string;
  uploadedAt: string;
  encoding: string;
  delimiter: string;
  contentSha256: string;
  content: Uint8Array;
  entries: readonly BorderouEntryView[];
  /** Who uploaded it ('user:<name>', 'admin'); null when unknown. */
  uploadedBy?: string | null;
}

export interface StoredVersion extends BorderouVersionSummary {
  id: number;
  current: boolean;
}

export type BorderouRepository = ReturnType<typeof createBorderouRepository>;

type VersionRow = Omit<StoredVersion, 'current'> & { current: 0 | 1 | boolean };

const VERSION_COLUMNS = `id, day AS date, version, uploaded_at AS "uploadedAt", entry_count AS entries, encoding,
  delimiter, content_sha256 AS sha256, uploaded_by AS "uploadedBy", superseded_at IS NULL AS current`;
const VERSIONS_OF_DAY = `SELECT ${VERSION_COLUMNS} FROM borderouri WHERE day = ? ORDER BY version`;
const CURRENT_OF_DAY = `SELECT ${VERSION_COLUMNS} FROM borderouri WHERE day = ? AND superseded_at IS NULL`;
/**
 * The department the newest current borderou gives a registration key (`?`); '' when none lists it.
 * An expression, so that a statement can take it per row (a batch's documents in one INSERT).
 */
const departmentOfKey = (key: string): string => `COALESCE((
  SELECT e.department FROM borderou_entries e JOIN borderouri b ON b.id = e.borderou_id
   WHERE e.registration_key = ${key} AND b.superseded_at IS NULL
   ORDER BY b.uploaded_at DESC, b.id DESC, e.line LIMIT 1), '')`;
export const DEPARTMENT_OF_KEY = departmentOfKey('?');
/**
 * Held alone by a borderou upload (which re-assigns departments), shared by batch stores (whose
 * documents take theirs in the INSERT): at READ COMMITTED a batch beside an upload would otherwise
 * read the old borderou and miss the upload's re-assignment, keeping the old department.
 */
export const DEPARTMENTS_LOCK = 'documents:departments';
/**
 * Documents already reported whose registration key a borderou (`?`) or the one it replaced (`?`)
 * lists take the department of the borderou uploaded last that lists them. Each one's department is
 * looked up once (MATERIALIZED: neither engine folds the lookup back into both the comparison and
 * the SET), and only the documents whose department changes are written (the triggers move their totals).
 */
export const REASSIGN_DEPARTMENTS = `
  WITH assigned AS MATERIALIZED (
    SELECT d.id, ${departmentOfKey('d.registration_key')} AS department
      FROM documents d
     WHERE d.registration_key IN (SELECT e.registration_key FROM borderou_entries e WHERE e.borderou_id IN (?, ?)))
  UPDATE documents SET department = assigned.department
    FROM assigned
   WHERE documents.id = assigned.id AND documents.department <> assigned.department`;

/** 8 parameters a row: 500 rows stay well under either engine's limit on parameters. */
const insertEntriesStatement = multiRowStatement(`
  INSERT INTO borderou_entries (borderou_id, line, registration_number, registration_key, department,
                                expected_sheets, entry_date, notes)`, '(?, ?, ?, ?, ?, ?, ?, ?)');

/** In a few statements of fixed row counts (see row-chunks.ts). */
async function insertEntries(tx: SqlRunner, borderouId: number, entries: readonly BorderouEntryView[]): Promise<void> {
  for (const { part } of rowChunks(entries)) {
    const params = part.flatMap((entry) => [
      borderouId, entry.line, entry.registrationNumber, registrationKey(entry.registrationNumber), entry.department,
      entry.expectedSheets, entry.date, entry.notes,
    ]);
    await tx.run(insertEntriesStatement(part.length), params);
  }
}

const toSummary = (row: VersionRow): StoredVersion => ({ ...row, current: row.current === 1 || row.current === true });

async function currentOf(db: SqlRunner, day: string): Promise<StoredVersion | undefined> {
  const row = await db.get<VersionRow>(CURRENT_OF_DAY, [day]);
  return row && toSummary(row);
}

export function createBorderouRepository(db: SqlClient) {
  return {
    async versions(day: string): Promise<StoredVersion[]> {
      return (await db.all<VersionRow>(VERSIONS_OF_DAY, [day])).map(toSummary);
    },
    current(day: string): Promise<StoredVersion | undefined> {
      return currentOf(db, day);
    },
    entries(borderouId: number): Promise<BorderouEntryView[]> {
      return db.all(`
        SELECT line, registration_number AS "registrationNumber", department, expected_sheets AS "expectedSheets",
               entry_date AS date, notes
          FROM borderou_entries WHERE borderou_id = ? ORDER BY line`, [borderouId]);
    },
    /** The bytes of a version as uploaded (the station parses them with the shared CSV parser). */
    async content(borderouId: number): Promise<Uint8Array | undefined> {
      const row = await db.get<{ content: Uint8Array }>('SELECT content FROM borderouri WHERE id = ?', [borderouId]);
      return row?.content;
    },
    /** Stores a new version of the day; returns it and the version it replaced, if any. */
    save(next: NewBorderouVersion): Promise<{ saved: StoredVersion; replaced: StoredVersion | undefined }> {
      return db.transaction(async (tx) => {
        // Alone: two uploads at once (two instances) take turns, so versions stay 1, 2, 3… and the
        // registered totals of a week are changed by one upload at a time (no deadlock on their rows);
        // no batch writes documents meanwhile, so none takes a department this upload is replacing.
        await tx.lock(DEPARTMENTS_LOCK);
        const replaced = await currentOf(tx, next.day);
        if (replaced) await tx.run('UPDATE borderouri SET superseded_at = ? WHERE id = ?', [next.uploadedAt, replaced.id]);
        const last = await tx.get<{ v: number | null }>('SELECT MAX(version) AS v FROM borderouri WHERE day = ?', [next.day]);
        const { rows } = await tx.run(`
          INSERT INTO borderouri (day, version, uploaded_at, entry_count, encoding, delimiter, content_sha256, content, uploaded_by)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`, [
          next.day, (last?.v ?? 0) + 1, next.uploadedAt, next.entries.length, next.encoding, next.delimiter,
          next.contentSha256, next.content, next.uploadedBy ?? null,
        ]);
        const borderouId = Number(rows[0]!.id);
        await insertEntries(tx, borderouId, next.entries);
        // Documents already reported take the department of the borderou uploaded last that lists them
        // (the keys of this version and of the one it replaced), in one statement; the triggers move the totals.
        await tx.run(REASSIGN_DEPARTMENTS, [borderouId, replaced?.id ?? borderouId]);
        const saved = (await currentOf(tx, next.day))!;
        return { saved, replaced };
      });
    },
  };
}
