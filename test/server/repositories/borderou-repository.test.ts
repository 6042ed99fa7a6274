/**
 * The borderou upload's re-assignment of departments, as the engines plan it: the department of
 * each document is looked up once (one subquery over the borderouri), not once to compare and again
 * to set.
 */
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openSqlClient, type DatabaseTarget } from '../../../server/src/db/open-sql-client.ts';
import type { SqlClient } from '../../../server/src/db/sql-client.ts';
import { REASSIGN_DEPARTMENTS } from '../../../server/src/repositories/borderou-repository.ts';
import { createTestDatabase, describeEngines, type TestEngine } from '../../support/postgres.ts';
import { tempDir } from '../helpers/test-app.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(engine: TestEngine): Promise<SqlClient> {
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

/** The scans of `borderouri` in the statement's plan: one per evaluation site of the department lookup. */
async function borderouLookups(db: SqlClient, sql: string): Promise<number> {
  if (db.engine === 'sqlite') {
    const plan = await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${sql}`, [1, 1]);
    return plan.filter((step) => /SCALAR SUBQUERY/.test(step.detail)).length;
  }
  const [row] = await db.all<{ 'QUERY PLAN': unknown }>(`EXPLAIN (FORMAT JSON) ${sql}`, [1, 1]);
  return (JSON.stringify(row!['QUERY PLAN']).match(/"Relation Name":"borderouri"/g) ?? []).length;
}

describeEngines('borderou upload: re-assigning departments', (engine) => {
  it('looks up each document\'s department once', async () => {
    const db = await open(engine);
    expect(await borderouLookups(db, REASSIGN_DEPARTMENTS)).toBe(1);
  });
});
