/**
 * A failure of the registry's SQLite file while it is opened or migrated, as the project's error:
 * a stable code (DISK_FULL, DATABASE_BUSY, DATABASE_CORRUPT, READ_ONLY_FS, DISK_IO_ERROR,
 * FILE_ACCESS_DENIED, else INTERNAL) and a Romanian message for the administrator that names the
 * database file and the migration; `details` (English keys, SQLite's code and text) go to the logs.
 */
import { isStationError, type StationError } from '../../../shared/src/errors.ts';
import { migrationFailure, unknownFailure, type Classified } from './migration-failure.ts';

/** What was being done: a migration's file name, or undefined while opening / reading the schema's version. */
export function sqliteFailure(file: string, migration: string | undefined, err: unknown): StationError {
  if (isStationError(err)) return err;
  const sqliteCode = String((err as { code?: unknown } | null)?.code ?? '');
  return migrationFailure(file, migration, 'nu a putut fi deschisă sau adusă la zi', classify(sqliteCode),
    { sqliteCode, sqliteMessage: err instanceof Error ? err.message : String(err) }, err);
}

function classify(sqliteCode: string): Classified {
  const is = (prefix: string) => sqliteCode === prefix || sqliteCode.startsWith(`${prefix}_`);
  if (is('SQLITE_FULL')) {
    return ['DISK_FULL', 'discul este plin', 'Eliberați spațiu pe discul bazei de date, apoi porniți din nou serverul (sau rulați „server db migrate”).'];
  }
  if (is('SQLITE_BUSY') || is('SQLITE_LOCKED')) {
    return ['DATABASE_BUSY', 'fișierul este blocat de alt proces (alt server sau o comandă pornită pe aceeași bază de date)',
      'Opriți celălalt proces sau așteptați să termine, apoi încercați din nou.'];
  }
  if (is('SQLITE_CORRUPT') || is('SQLITE_NOTADB')) {
    return ['DATABASE_CORRUPT', `fișierul este deteriorat sau nu este o bază de date SQLite (${sqliteCode})`,
      'Restaurați ultima copie de siguranță (făcută cu „server backup”) în locul lui.'];
  }
  if (is('SQLITE_READONLY')) {
    return ['READ_ONLY_FS', 'fișierul sau discul este doar pentru citire',
      'Dați utilizatorului serverului drept de scriere asupra dosarului de date, apoi încercați din nou.'];
  }
  if (is('SQLITE_IOERR')) {
    return ['DISK_IO_ERROR', `discul a dat o eroare de citire sau scriere (${sqliteCode})`,
      'Verificați discul (spațiu, erori, partajare căzută), apoi încercați din nou.'];
  }
  if (is('SQLITE_CANTOPEN') || is('SQLITE_PERM') || is('SQLITE_AUTH')) {
    return ['FILE_ACCESS_DENIED', `fișierul nu poate fi deschis (${sqliteCode})`,
      'Verificați că dosarul de date există și că utilizatorul serverului are drept de citire și scriere asupra lui.'];
  }
  return unknownFailure(sqliteCode);
}
