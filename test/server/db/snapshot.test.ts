/**
 * `SqlClient.snapshot`: every statement of `work` sees the database as at its first, whatever
 * another connection commits meanwhile; on PostgreSQL, statements issued together run on several
 * connections that all read the first one's exported snapshot.
 */
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { openSqlClient, type DatabaseTarget } from '../../../server/src/db/open-sql-client.ts';
import type { SqlClient, SqlRunner } from '../../../server/src/db/sql-client.ts';
import { isStationError } from '../../../shared/src/errors.ts';
import { freshSqlClient } from '../helpers/fresh-sql-client.ts';
import { createTestDatabase, describeEngines } from '../../support/postgres.ts';
import { tempDir } from '../helpers/test-app.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function open(target: DatabaseTarget): Promise<SqlClient> {
  const client = await openSqlClient(target);
  cleanups.push(() => client.close());
  return client;
}

describeEngines('snapshot reads', (engine) => {
  it('see none of what another connection commits after the first statement, also statements run at once', async () => {
    let target: DatabaseTarget;
    if (engine === 'sqlite') target = { engine, file: join(tempDir(), 'registry.sqlite') };
    else {
      const database = await createTestDatabase();
      cleanups.push(() => database.drop());
      target = { engine, url: database.url };
    }
    const db = await open(target);
    const other = await open(target);
    const insert = (id: number) => other.run("INSERT INTO stations (id, name, token_hash, created_at) VALUES (?, ?, ?, 'now')", [id, `s-${id}`, `h-${id}`]);
    const count = 'SELECT COUNT(*) AS n FROM stations';
    // the connection a statement ran on
    const counted = `SELECT COUNT(*) AS n, ${engine === 'postgres' ? 'pg_backend_pid()' : '0'} AS pid FROM stations`;
    await insert(1);
    const seen = await db.snapshot(async (reader) => {
      const first = await reader.get<{ n: number }>(count);
      await insert(2);
      // four at once: on PostgreSQL the first connection and others joining its snapshot after the insert
      const together = await Promise.all([1, 2, 3, 4].map(() => reader.get<{ n: number; pid: number }>(counted)));
      return { first: first!.n, together };
    });
    expect(seen.first).toBe(1);
    expect(seen.together.map((r) => r!.n)).toEqual([1, 1, 1, 1]);
    if (engine === 'postgres') expect(new Set(seen.together.map((r) => r!.pid)).size).toBeGreaterThan(1);
    // outside the snapshot the insert is there
    expect((await db.get<{ n: number }>(count))!.n).toBe(2);
  });
});

describeEngines('a write asked of a snapshot', (engine) => {
  it('fails with INTERNAL on every engine and changes nothing, also through get and all', async () => {
    const db = await freshSqlClient(engine, cleanups);
    const insert = "INSERT INTO stations (id, name, token_hash, created_at) VALUES (3, 's-3', 'h-3', 'now') RETURNING id";
    const attempts: Array<(reader: SqlRunner) => Promise<unknown>> = [
      (reader) => reader.run(insert),
      (reader) => reader.get(insert),
      (reader) => reader.all(insert),
      // after a read, as a report would
      async (reader) => {
        await reader.get('SELECT COUNT(*) AS n FROM stations');
        return reader.run("UPDATE stations SET name = 'x'");
      },
    ];
    for (const attempt of attempts) {
      const failure = await db.snapshot(attempt).then(() => null, (err: unknown) => err);
      expect(isStationError(failure, 'INTERNAL')).toBe(true);
    }
    expect((await db.get<{ n: number }>('SELECT COUNT(*) AS n FROM stations'))!.n).toBe(0);
    // the client still works: reads in a snapshot, writes outside one
    expect(await db.snapshot((reader) => reader.get<{ n: number }>('SELECT 1 AS n'))).toEqual({ n: 1 });
    await db.run("INSERT INTO stations (id, name, token_hash, created_at) VALUES (4, 's-4', 'h-4', 'now')");
  });
});

describeEngines('a snapshot that fails', (engine) => {
  it('leaves no connection behind, also one still joining when a statement failed', async () => {
    if (engine !== 'postgres') return;
    const database = await createTestDatabase();
    cleanups.push(() => database.drop());
    const db = await open({ engine, url: database.url });
    const watcher = await open({ engine, url: database.url });
    const stuck = async () =>
      (await watcher.get<{ n: number }>(
        "SELECT COUNT(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'",
      ))!.n;
    for (let round = 0; round < 3; round += 1) {
      // the first statement fails at once while the others are still joining the first one's snapshot
      await expect(db.snapshot((reader) => Promise.all([
        reader.get('SELECT 1/0 AS n'),
        reader.get('SELECT COUNT(*) AS n FROM stations'),
        reader.get('SELECT COUNT(*) AS n FROM stations'),
      ]))).rejects.toThrow(/division by zero/);
      // the next snapshot still gets its connections (a leak held the pool until every request waited)
      expect(await db.snapshot((reader) => reader.get<{ n: number }>('SELECT 1 AS n'))).toEqual({ n: 1 });
    }
    expect(await stuck()).toBe(0);
  });
});
