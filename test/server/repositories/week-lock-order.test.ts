/**
 * PostgreSQL: a batch report takes its week's lock (batch-repository.ts) only once its own rows are
 * written (its batches and batch_versions rows, which no other batch touches), right before the
 * documents whose triggers change the week's totals: batches of one week write their own rows side
 * by side and take turns only for the totals. The lock order that keeps them free of deadlocks is
 * checked by concurrent-totals.test.ts. A batch of another week takes another lock: it never waits.
 */
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { createRepositories } from '../../../server/src/context.ts';
import { openSqlClient } from '../../../server/src/db/open-sql-client.ts';
import { advisoryLockSql } from '../../../server/src/db/postgres-client.ts';
import { weekLock } from '../../../server/src/repositories/batch-repository.ts';
import { createTestDatabase, describePostgres } from '../../support/postgres.ts';
import { batchRow, documentRows, range } from '../helpers/batch-rows.ts';
import { advisoryWaiter } from '../helpers/pg-lock-waiters.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const DAY = '2021-09-29';

/** A batch of three documents of `day` at station 1. */
const batchOf = (day: string, batchId: string) => [batchRow(1, day, batchId), documentRows(day, range(0, 3))] as const;

/** The week's lock held by `holder` in an open transaction, as a batch of that week writing its documents holds it. */
async function holdWeek(holder: pg.Client, monday: string): Promise<void> {
  await holder.query('BEGIN');
  await holder.query(advisoryLockSql(), [weekLock(monday)]);
}

/** A fresh registry with one station, and another connection holding the week of 27.09.2021's lock (as a batch of that week writing its documents would, not committed). */
async function registryWithWeekHeld(): Promise<{ db: Awaited<ReturnType<typeof openSqlClient>>; holder: pg.Client }> {
  const database = await createTestDatabase();
  cleanups.push(() => database.drop());
  const db = await openSqlClient({ engine: 'postgres', url: database.url });
  cleanups.push(() => db.close());
  await db.run("INSERT INTO stations (id, name, token_hash, created_at) VALUES (1, 's-1', 'h-1', 'now')");
  const holder = new pg.Client({ connectionString: database.url });
  await holder.connect();
  cleanups.push(() => holder.end());
  await holdWeek(holder, '2021-09-27');
  return { db, holder };
}

describePostgres('a batch report waiting for its week', () => {
  it('has written its own rows, and none of its documents or totals', async () => {
    // another transaction holds the week's lock (as a batch of the same week writing its documents would)
    const { db, holder } = await registryWithWeekHeld();

    const stored = createRepositories(db).batches.store(...batchOf(DAY, 'lot-1'));
    // the event: the batch's transaction waiting for an advisory lock
    const waiting = await advisoryWaiter(holder);
    const { rows } = await holder.query<{ relname: string }>(`
      SELECT c.relname FROM pg_locks l JOIN pg_class c ON c.oid = l.relation
       WHERE l.pid = $1 AND l.mode = 'RowExclusiveLock' AND c.relkind = 'r'`, [waiting]);
    const written = rows.map((r) => r.relname).sort();
    expect(written).toEqual(['batch_versions', 'batches']);

    await holder.query('COMMIT');
    expect((await stored).action).toBe('inserted');
    const totals = await db.get<{ n: number }>('SELECT SUM(documents) AS n FROM weekly_station_totals');
    expect(totals!.n).toBe(3);
  });
});

describePostgres('a batch report of another week', () => {
  it('is stored while a week is held (its own week is another lock)', async () => {
    // a batch of the week of 27.09.2021 writing its documents (its week's lock held, not committed)
    const { db, holder } = await registryWithWeekHeld();

    // Tuesday of the next week: stored, never waiting (a waiting one would show in pg_locks first)
    const repos = createRepositories(db);
    const stored = repos.batches.store(...batchOf('2021-10-05', 'lot-next'));
    const stop = new AbortController();
    const first = await Promise.race([stored.then((r) => r.action), advisoryWaiter(holder, stop.signal).then(() => 'waited')]);
    stop.abort(); // the losing waiter asks no more
    expect(first).toBe('inserted');
    expect(await db.get('SELECT SUM(documents) AS n FROM weekly_station_totals')).toEqual({ n: 3 });

    // a batch of the held week's Friday waits, and is stored once the holder commits
    const sameWeek = repos.batches.store(...batchOf('2021-10-01', 'lot-friday'));
    await advisoryWaiter(holder);
    await holder.query('COMMIT');
    expect((await sameWeek).action).toBe('inserted');
  });
});
