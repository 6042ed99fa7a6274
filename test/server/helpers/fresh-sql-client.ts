/** A SqlClient on a fresh registry of the engine (a new SQLite file, or a new PostgreSQL test database), closed and dropped by `cleanups`. */
import { join } from 'node:path';
import { openSqlClient, type DatabaseTarget } from '../../../server/src/db/open-sql-client.ts';
import type { SqlClient } from '../../../server/src/db/sql-client.ts';
import { createTestDatabase, type TestEngine } from '../../support/postgres.ts';
import { tempDir } from './test-app.ts';

/** Where a fresh registry of the engine lives (a new SQLite file, or a new PostgreSQL test database dropped by `cleanups`). */
export async function freshTarget(engine: TestEngine, cleanups: Array<() => Promise<void>>): Promise<DatabaseTarget> {
  if (engine === 'sqlite') return { engine, file: join(tempDir(), 'registry.sqlite') };
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  return { engine, url: database.url };
}

export async function freshSqlClient(engine: TestEngine, cleanups: Array<() => Promise<void>>): Promise<SqlClient> {
  const client = await openSqlClient(await freshTarget(engine, cleanups));
  cleanups.push(() => client.close());
  return client;
}
