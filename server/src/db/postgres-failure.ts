/**
 * A failure of the registry's PostgreSQL database while its schema is brought up to date, as the
 * project's error, the same way `sqlite-failure.ts` does for the SQLite file: a stable code from the
 * SQLSTATE (DISK_FULL, DATABASE_BUSY, DATABASE_CORRUPT, READ_ONLY_FS, FILE_ACCESS_DENIED,
 * DATABASE_UNREACHABLE, else INTERNAL) and a Romanian message for the administrator that names the
 * database (its URL without the password) and the migration; `details` (English keys, PostgreSQL's
 * code and text) go to the logs.
 */
import { isStationError, type StationError } from '../../../shared/src/errors.ts';
import { migrationFailure, unknownFailure, type Classified } from './migration-failure.ts';
import { isDroppedConnection, isNetworkFailure } from './postgres-network-errors.ts';

/** @param location the database as `describePostgresUrl` names it; @param migration a migration's file name, or undefined while reading the schema's version. */
export function postgresFailure(location: string, migration: string | undefined, err: unknown): StationError {
  if (isStationError(err)) return err;
  const pgCode = String((err as { code?: unknown } | null)?.code ?? '');
  const pgMessage = err instanceof Error ? err.message : String(err);
  return migrationFailure(location, migration, 'nu a putut fi adusă la zi', classifyPostgresFailure(pgCode, pgMessage), { pgCode, pgMessage }, err);
}

const AGAIN = 'apoi porniți din nou serverul (sau rulați „server db migrate”)';

/**
 * The project's code, why and what to do for PostgreSQL's SQLSTATE (or Node's socket code). XX001 and
 * XX002 are damaged data; XX000 is PostgreSQL's general internal error (a bug, not damage): INTERNAL.
 */
export function classifyPostgresFailure(pgCode: string, pgMessage: string): Classified {
  if (pgCode === '53100') {
    return ['DISK_FULL', 'discul serverului PostgreSQL este plin', `Eliberați spațiu pe discul serverului PostgreSQL, ${AGAIN}.`];
  }
  if (pgCode === '55P03' || pgCode === '40001' || pgCode === '40P01') {
    return ['DATABASE_BUSY', `tabelele de care are nevoie sunt blocate de altă conexiune (alt server sau o comandă pornită pe aceeași bază de date; ${pgCode})`,
      'Opriți celălalt proces sau așteptați să termine, apoi încercați din nou.'];
  }
  if (pgCode === '57014') {
    return ['DATABASE_BUSY', 'operația a fost oprită înainte să se încheie (timpul maxim al serverului PostgreSQL, statement_timeout, sau anulată de administrator)',
      'Încercați din nou când baza de date nu este ocupată; dacă se repetă, cereți administratorului PostgreSQL un statement_timeout mai mare pentru acest utilizator.'];
  }
  if (pgCode === 'XX001' || pgCode === 'XX002') {
    return ['DATABASE_CORRUPT', `datele bazei de date sunt deteriorate (${pgCode})`,
      'Anunțați administratorul PostgreSQL: baza de date trebuie verificată sau restaurată din ultima copie de siguranță.'];
  }
  if (pgCode === '25006') {
    return ['READ_ONLY_FS', 'baza de date acceptă doar citiri (un server PostgreSQL de rezervă sau default_transaction_read_only)',
      `Dați în DATABASE_URL (sau „database.url”) serverul PostgreSQL principal, care acceptă scrieri, ${AGAIN}.`];
  }
  if (pgCode === '42501') {
    return ['FILE_ACCESS_DENIED', 'utilizatorul bazei de date nu are dreptul să schimbe schema (42501)',
      `Dați utilizatorului din DATABASE_URL drepturi de proprietar asupra bazei de date (sau folosiți proprietarul ei), ${AGAIN}.`];
  }
  if (pgCode.startsWith('08') || pgCode.startsWith('57P') || isNetworkFailure(pgCode) || isDroppedConnection(pgCode, pgMessage)) {
    return ['DATABASE_UNREACHABLE', `legătura cu serverul PostgreSQL s-a întrerupt (${pgCode || 'conexiune închisă'})`,
      `Verificați că PostgreSQL este pornit și accesibil, ${AGAIN}.`];
  }
  return unknownFailure(pgCode);
}
