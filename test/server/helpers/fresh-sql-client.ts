/** A SqlClient on a fresh registry of the engine (a new SQLite file, or a new PostgreSQL test database), closed and dropped by `cleanups`. */
import { join } from 'node:path';
import { openSqlClient, type DatabaseTarget } from '../../../server/src/db/open-sql-client.ts';
import type { SqlClient } from '../../../server/src/db/sql-client.ts';
import { createTestDatabase, type TestEngine } from '../../support/postgres.ts';
import { tempDir } from './test-app.ts';

export async function freshSqlClient(engine: TestEngine, cleanups: Array<() => Promise<void>>): Promise<SqlClient> {
  let target: DatabaseTarget;
  if (engine === 'sqlite') {
    target = { engine, file: join(tempDir(), 'registry.sqlite') };
  } else {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    target = { engine, url: database.url };
  }
  const client = await openSqlClient(target);
  cleanups.push(() => client.close());
  return client;
}
