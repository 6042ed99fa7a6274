/**
 * What `sqlite-failure.ts` and `postgres-failure.ts` share: the administrator's Romanian message for a
 * database that could not be opened or brought up to date (which database, which migration, why, that
 * nothing was lost, what to do) and its `details` for the logs; each engine classifies its own codes.
 */
import { StationError, type ErrorCode } from '../../../shared/src/errors.ts';

/** The project's code, why (lower case, no full stop) and what to do (whole sentences). */
export type Classified = [ErrorCode, string, string];

/** A code neither engine's classification knows. */
export function unknownFailure(engineCode: string): Classified {
  return ['INTERNAL', `eroare ${engineCode || 'necunoscută'}`, 'Păstrați mesajul din jurnal (log) și anunțați echipa de dezvoltare.'];
}

/**
 * @param database the database as the message names it (a file, or a URL without its password)
 * @param migration a migration's file name, or undefined outside a migration
 * @param notDone what was not done outside a migration, after «Baza de date X»
 * @param engine the engine's own code and text, for the logs
 */
export function migrationFailure(database: string, migration: string | undefined, notDone: string, [code, why, remedy]: Classified,
  engine: Record<string, unknown>, err: unknown): StationError {
  const message = migration
    ? `Migrarea ${migration} a bazei de date ${database} nu a putut fi aplicată: ${why}. Baza de date a rămas la versiunea dinainte de această migrare: nu s-a pierdut nimic. ${remedy}`
    : `Baza de date ${database} ${notDone}: ${why}. Baza de date nu a fost modificată. ${remedy}`;
  return new StationError(code, message, { database, ...(migration ? { migration } : {}), ...engine }, { cause: err });
}
