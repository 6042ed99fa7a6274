/**
 * The registry's database from the configuration: PostgreSQL when a URL is given, else the SQLite
 * file in the data folder. `openSqlClient` also brings the schema up to date (and refuses a database
 * newer than this server); `connectSqlClient` leaves it as it is (`server db migrate` migrates itself).
 */
import { StationError } from '../../../shared/src/errors.ts';
import { migrate } from './migrate.ts';
import { migratePostgres } from './migrate-postgres.ts';
import { unknownFailure } from './migration-failure.ts';
import { connectDatabase } from './open-database.ts';
import { createPostgresClient, describePostgresUrl, type PostgresClientOptions } from './postgres-client.ts';
import { networkFailureReason } from './postgres-network-errors.ts';
import type { SqlClient } from './sql-client.ts';
import { ANALYZE_REPORT_TABLES, createSqliteClient } from './sqlite-client.ts';

export type DatabaseTarget = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

/** Why PostgreSQL did not answer, in Romanian, naming the database but never its password. */
function unreachable(url: string, err: unknown): StationError {
  const code = (err as { code?: string }).code ?? '';
  const text = (err as { message?: string }).message ?? '';
  const where = describePostgresUrl(url);
  const why = code === '28P01' || code === '28000' ? 'utilizatorul sau parola nu sunt acceptate'
    : code === '3D000' ? 'baza de date nu există (creați-o mai întâi: createdb)'
      : networkFailureReason(code, text) ?? unknownFailure(code)[1];
  return new StationError('DATABASE_UNREACHABLE', `Baza de date ${where} nu poate fi folosită: ${why}. Verificați DATABASE_URL (sau „database.url”) și că PostgreSQL este pornit.`,
    { database: where, code }, { cause: err });
}

/** What a client may be told beyond its target (PostgreSQL only; SQLite has no retries). */
export type SqlClientOptions = Pick<PostgresClientOptions, 'onRetry'>;

export async function connectSqlClient(target: DatabaseTarget, options: SqlClientOptions = {}): Promise<SqlClient> {
  if (target.engine === 'sqlite') return createSqliteClient(connectDatabase(target.file));
  const client = createPostgresClient(target.url, options);
  try {
    await client.get('SELECT 1');
    return client;
  } catch (err) {
    await client.close().catch(() => undefined);
    throw unreachable(target.url, err);
  }
}

/**
 * The connection, its schema brought up to date. SQLite: with fresh planner statistics of the weekly
 * report's totals tables, which let a short period skip-scan their line-then-week order (migration 011).
 */
export async function openSqlClient(target: DatabaseTarget, options: SqlClientOptions = {}): Promise<SqlClient> {
  const client = await connectSqlClient(target, options);
  try {
    await migrateClient(client);
    // statistics only let a short period skip-scan the report's tables: a busy or read-only file still
    // serves (the report then reads those few thousand rows through), as the 6-hourly ANALYZE already does
    if (client.engine === 'sqlite') await client.exec(ANALYZE_REPORT_TABLES).catch(() => undefined);
    return client;
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
}

/** The pending migrations of the client's engine; returns the versions applied now. */
export async function migrateClient(client: SqlClient): Promise<number[]> {
  if (client.engine === 'postgres') return migratePostgres(client);
  return migrate((client as ReturnType<typeof createSqliteClient>).raw);
}
