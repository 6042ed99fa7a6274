/**
 * The borderou upload's re-assignment of departments, as the engines plan it: the department of
 * each document is looked up once (one subquery over the borderouri), not once to compare and again
 * to set.
 */
import { afterEach, expect, it } from 'vitest';
import type { SqlClient } from '../../../server/src/db/sql-client.ts';
import { REASSIGN_DEPARTMENTS } from '../../../server/src/repositories/borderou-repository.ts';
import { describeEngines, type TestEngine } from '../../support/postgres.ts';
import { freshSqlClient } from '../helpers/fresh-sql-client.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const open = (engine: TestEngine): Promise<SqlClient> => freshSqlClient(engine, cleanups);

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
