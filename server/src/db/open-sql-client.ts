/**
 * The registry's database from the configuration: PostgreSQL when a URL is given, else the SQLite
 * file in the data folder. `openSqlClient` also brings the schema up to date (and refuses a database
 * newer than this server); `connectSqlClient` leaves it as it is (`server db migrate` migrates itself).
 */
import { join } from 'node:path';
import { migrate } from './migrate.ts';
import { migratePostgres } from './migrate-postgres.ts';
import { connectDatabase, DATABASE_FILE } from './open-database.ts';
import { createPostgresClient } from './postgres-client.ts';
import type { SqlClient } from './sql-client.ts';
import { createSqliteClient } from './sqlite-client.ts';

export type DatabaseTarget = { engine: 'sqlite'; file: string } | { engine: 'postgres'; url: string };

export function databaseTarget(config: { dataDir: string; databaseUrl?: string | undefined }): DatabaseTarget {
  return config.databaseUrl
    ? { engine: 'postgres', url: config.databaseUrl }
    : { engine: 'sqlite', file: join(config.dataDir, DATABASE_FILE) };
}

export async function connectSqlClient(target: DatabaseTarget): Promise<SqlClient> {
  if (target.engine === 'sqlite') return createSqliteClient(connectDatabase(target.file));
  const client = createPostgresClient(target.url);
  try {
    await client.get('SELECT 1');
    return client;
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
}

/** The connection, its schema brought up to date. */
export async function openSqlClient(target: DatabaseTarget): Promise<SqlClient> {
  const client = await connectSqlClient(target);
  try {
    await migrateClient(client);
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
