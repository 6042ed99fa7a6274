/**
 * Borderou versions per day. Saving a day again supersedes its current version (kept as history)
 * and re-assigns the department of already reported documents the new version lists or dropped.
 */
import type { Database } from 'better-sqlite3';
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

type VersionRow = Omit<StoredVersion, 'current'> & { current: 0 | 1 };

const VERSION_COLUMNS = `id, day AS date, version, uploaded_at AS uploadedAt, entry_count AS entries, encoding,
  delimiter, content_sha256 AS sha256, uploaded_by AS uploadedBy, superseded_at IS NULL AS current`;

export function createBorderouRepository(db: Database) {
  const versionsOfDay = db.prepare<[string], VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM borderouri WHERE day = ? ORDER BY version`,
  );
  const currentOfDay = db.prepare<[string], VersionRow>(
    `SELECT ${VERSION_COLUMNS} FROM borderouri WHERE day = ? AND superseded_at IS NULL`,
  );
  const supersede = db.prepare<[string, number]>('UPDATE borderouri SET superseded_at = ? WHERE id = ?');
  const insertVersion = db.prepare(`
    INSERT INTO borderouri (day, version, uploaded_at, entry_count, encoding, delimiter, content_sha256, content, uploaded_by)
    VALUES (@day, @version, @uploadedAt, @entryCount, @encoding, @delimiter, @contentSha256, @content, @uploadedBy)`);
  const insertEntry = db.prepare(`
    INSERT INTO borderou_entries (borderou_id, line, registration_number, registration_key, department,
                                  expected_sheets, entry_date, notes)
    VALUES (@borderouId, @line, @registrationNumber, @registrationKey, @department, @expectedSheets, @date, @notes)`);
  const entriesOf = db.prepare<[number], BorderouEntryView>(`
    SELECT line, registration_number AS registrationNumber, department, expected_sheets AS expectedSheets,
           entry_date AS date, notes
      FROM borderou_entries WHERE borderou_id = ? ORDER BY line`);
  const departmentOf = db.prepare<[string], string>(`
    SELECT e.department FROM borderou_entries e JOIN borderouri b ON b.id = e.borderou_id
     WHERE e.registration_key = ? AND b.superseded_at IS NULL
     ORDER BY b.uploaded_at DESC, b.id DESC, e.line LIMIT 1`).pluck();
  // Only keys that reported documents carry can need a new department (one pass in SQLite, not a query per key).
  const reportedKeysOf = db.prepare<[number, number], string>(`
    SELECT DISTINCT e.registration_key FROM borderou_entries e
     WHERE e.borderou_id IN (?, ?)
       AND EXISTS (SELECT 1 FROM documents d WHERE d.registration_key = e.registration_key)`).pluck();
  const assignDepartment = db.prepare<[string, string, string]>(
    'UPDATE documents SET department = ? WHERE registration_key = ? AND department <> ?',
  );

  const toSummary = (row: VersionRow): StoredVersion => ({ ...row, current: row.current === 1 });

  return {
    versions(day: string): StoredVersion[] {
      return versionsOfDay.all(day).map(toSummary);
    },
    current(day: string): StoredVersion | undefined {
      const row = currentOfDay.get(day);
      return row && toSummary(row);
    },
    entries(borderouId: number): BorderouEntryView[] {
      return entriesOf.all(borderouId);
    },
    /** Stores a new version of the day; returns it and the version it replaced, if any. */
    save(next: NewBorderouVersion): { saved: StoredVersion; replaced: StoredVersion | undefined } {
      return db.transaction(() => {
        const replacedRow = currentOfDay.get(next.day);
        const replaced = replacedRow && toSummary(replacedRow);
        if (replaced) supersede.run(next.uploadedAt, replaced.id);
        const version = (replaced ? Math.max(...versionsOfDay.all(next.day).map((v) => v.version)) : 0) + 1;
        const { lastInsertRowid } = insertVersion.run({
          day: next.day,
          version,
          uploadedAt: next.uploadedAt,
          entryCount: next.entries.length,
          encoding: next.encoding,
          delimiter: next.delimiter,
          contentSha256: next.contentSha256,
          content: next.content,
          uploadedBy: next.uploadedBy ?? null,
        });
        const borderouId = Number(lastInsertRowid);
        for (const entry of next.entries) {
          insertEntry.run({ ...entry, borderouId, registrationKey: registrationKey(entry.registrationNumber) });
        }
        // Documents already reported take the department of the borderou uploaded last that lists them
        // (the keys of this version and of the one it replaced, where documents were reported).
        for (const key of reportedKeysOf.all(borderouId, replaced?.id ?? borderouId)) {
          const department = departmentOf.get(key) ?? '';
          assignDepartment.run(department, key, department);
        }
        const saved = toSummary(currentOfDay.get(next.day)!);
        return { saved, replaced };
      }).immediate();
    },
  };
}
