/**
 * PostgreSQL: a batch report takes its week's lock (batch-repository.ts) only once its own rows are
 * written (its batches and batch_versions rows, which no other batch touches), right before the
 * documents whose triggers change the week's totals: batches of one week write their own rows side
 * by side and take turns only for the totals. The lock order that keeps them free of deadlocks is
 * checked by concurrent-totals.test.ts.
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
const number = (i: number) => `${84500 + i}/29.09.2021`;

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

    const stored = createRepositories(db).batches.store({
      stationId: 1, batchId: 'lot-1', version: 1, startedAt: `${DAY}T06:00:00.000Z`, endedAt: `${DAY}T06:20:00.000Z`, scanDate: DAY,
      separatorPages: 1, blankPages: 0, unassignedPages: 0, pagesIn: 7, reportSha256: 'sha-1', receivedAt: `${DAY}T07:00:00.000Z`,
    }, [0, 1, 2].map((i) => ({
      documentId: number(i), registrationKey: registrationKey(number(i)), registrationDate: DAY,
      file: `${i}.pdf`, pages: 2, sheets: 1, sha256: 'a'.repeat(64), flags: [],
    })));
    // the event: the batch's transaction waiting for an advisory lock (a generous limit, only a safety net)
    let waiting: number | undefined;
    for (let tries = 0; waiting === undefined; tries += 1) {
      if (tries > 3000) throw new Error('the batch never waited for its week');
      const { rows } = await holder.query<{ pid: number }>("SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
      waiting = rows[0]?.pid;
      if (waiting === undefined) await new Promise((r) => setTimeout(r, 20));
    }
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
