/**
 * `classifyPostgresFailure` as a table: each SQLSTATE (or Node socket code) the migration runner may
 * meet and the project's code it becomes. The real-database cases are in `postgres-failure.test.ts`;
 * disk full and damaged data cannot be made on a shared test cluster, so their mapping is checked here.
 */
import { describe, expect, it } from 'vitest';
import { classifyPostgresFailure } from '../../../server/src/db/postgres-failure.ts';
import { isDroppedConnection, isNetworkFailure } from '../../../server/src/db/postgres-network-errors.ts';

const codeOf = (pgCode: string, pgMessage = 'x') => classifyPostgresFailure(pgCode, pgMessage)[0];

describe('classifyPostgresFailure', () => {
  it.each([
    ['53100', 'DISK_FULL'], // disk_full
    ['55P03', 'DATABASE_BUSY'], // lock_not_available
    ['40001', 'DATABASE_BUSY'], // serialization_failure
    ['40P01', 'DATABASE_BUSY'], // deadlock_detected
    ['57014', 'DATABASE_BUSY'], // query_canceled
    ['XX001', 'DATABASE_CORRUPT'], // data_corrupted
    ['XX002', 'DATABASE_CORRUPT'], // index_corrupted
    ['XX000', 'INTERNAL'], // internal_error: a bug in PostgreSQL, not damaged data
    ['25006', 'READ_ONLY_FS'], // read_only_sql_transaction
    ['42501', 'FILE_ACCESS_DENIED'], // insufficient_privilege
    ['08006', 'DATABASE_UNREACHABLE'], // connection_failure
    ['57P01', 'DATABASE_UNREACHABLE'], // admin_shutdown
    ['ECONNRESET', 'DATABASE_UNREACHABLE'],
    ['42P01', 'INTERNAL'], // undefined_table: a migration's own mistake
    ['', 'INTERNAL'],
  ])('%s -> %s', (pgCode, code) => {
    expect(codeOf(pgCode)).toBe(code);
  });

  it.each(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EHOSTUNREACH', 'ETIMEDOUT', 'ENETUNREACH', 'EAI_AGAIN'])(
    'the socket code %s is DATABASE_UNREACHABLE, as for the client that connects (one list)', (code) => {
      expect(codeOf(code)).toBe('DATABASE_UNREACHABLE');
      expect(isNetworkFailure(code)).toBe(true);
    });

  it('a connection pg closed without a code is DATABASE_UNREACHABLE', () => {
    expect(codeOf('', 'Connection terminated unexpectedly')).toBe('DATABASE_UNREACHABLE');
  });

  it('isDroppedConnection: a reset, or pg\'s «Connection terminated…» with no code; nothing else', () => {
    const dropped = (code: string, message: string) => isDroppedConnection(code, message);
    expect([dropped('ECONNRESET', ''), dropped('EPIPE', 'write EPIPE'), dropped('', 'Connection terminated unexpectedly'),
      dropped('', 'Connection terminated due to connection timeout')]).toEqual([true, true, true, true]);
    // nothing answered (not dropped), another failure with no code, pg's words under a SQLSTATE of their own
    expect([dropped('ECONNREFUSED', ''), dropped('', 'timeout expired'), dropped('42P01', 'Connection terminated')]).toEqual([false, false, false]);
  });

  it('disk full and damaged data say so in Romanian with what to do; XX000 asks for the log, not a restore', () => {
    expect(classifyPostgresFailure('53100', '')).toEqual(['DISK_FULL', 'discul serverului PostgreSQL este plin',
      'Eliberați spațiu pe discul serverului PostgreSQL, apoi porniți din nou serverul (sau rulați „server db migrate”).']);
    expect(classifyPostgresFailure('XX001', '')).toEqual(['DATABASE_CORRUPT', 'datele bazei de date sunt deteriorate (XX001)',
      'Anunțați administratorul PostgreSQL: baza de date trebuie verificată sau restaurată din ultima copie de siguranță.']);
    expect(classifyPostgresFailure('XX000', '')).toEqual(['INTERNAL', 'eroare XX000',
      'Păstrați mesajul din jurnal (log) și anunțați echipa de dezvoltare.']);
  });
});
