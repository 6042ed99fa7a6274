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
import { registrationKey } from '../../../server/src/lib/registration.ts';
import { createTestDatabase, describePostgres } from '../../support/postgres.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const DAY = '2021-09-29';

/** A batch of three documents of `day` at station 1. */
const batchOf = (day: string, batchId: string) => [{
  stationId: 1, batchId, version: 1, startedAt: `${day}T06:00:00.000Z`, endedAt: `${day}T06:20:00.000Z`, scanDate: day,
  separatorPages: 1, blankPages: 0, unassignedPages: 0, pagesIn: 7, reportSha256: `sha-${batchId}`, receivedAt: `${day}T07:00:00.000Z`,
}, [0, 1, 2].map((i) => {
  const id = `${84500 + i}/${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
  return { documentId: id, registrationKey: registrationKey(id), registrationDate: day, file: `${i}.pdf`, pages: 2, sheets: 1, sha256: 'a'.repeat(64), flags: [] };
})] as const;

/**
 * The pid of a backend waiting for an advisory lock of the holder's database (other test files run
 * beside this one on the same cluster), asked every 20 ms (a generous limit, only a safety net).
 */
async function advisoryWaiter(holder: pg.Client): Promise<number> {
  for (let tries = 0; tries <= 3000; tries += 1) {
    const { rows } = await holder.query<{ pid: number }>(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    if (rows[0]) return rows[0].pid;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('no transaction ever waited for an advisory lock');
}

describePostgres('a batch report waiting for its week', () => {
  it('has written its own rows, and none of its documents or totals', async () => {
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const db = await openSqlClient({ engine: 'postgres', url: database.url });
    cleanups.push(() => db.close());
    await db.run("INSERT INTO stations (id, name, token_hash, created_at) VALUES (1, 's-1', 'h-1', 'now')");
    // another transaction holds the week's lock (as a batch of the same week writing its documents would)
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['week:2021-09-27']);

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
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const db = await openSqlClient({ engine: 'postgres', url: database.url });
    cleanups.push(() => db.close());
    await db.run("INSERT INTO stations (id, name, token_hash, created_at) VALUES (1, 's-1', 'h-1', 'now')");
    // a batch of the week of 27.09.2021 writing its documents (its week's lock held, not committed)
    const holder = new pg.Client({ connectionString: database.url });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query('BEGIN');
    await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', ['week:2021-09-27']);

    // Tuesday of the next week: stored, never waiting (a waiting one would show in pg_locks first)
    const repos = createRepositories(db);
    const stored = repos.batches.store(...batchOf('2021-10-05', 'lot-next'));
    const first = await Promise.race([stored.then((r) => r.action), advisoryWaiter(holder).then(() => 'waited')]);
    expect(first).toBe('inserted');
    expect(await db.get('SELECT SUM(documents) AS n FROM weekly_station_totals')).toEqual({ n: 3 });

    // a batch of the held week's Friday waits, and is stored once the holder commits
    const sameWeek = repos.batches.store(...batchOf('2021-10-01', 'lot-friday'));
    await advisoryWaiter(holder);
    await holder.query('COMMIT');
    expect((await sameWeek).action).toBe('inserted');
  });
});
