/**
 * The PostgreSQL client when the server ends a connection it has lent (restart, failover,
 * pg_terminate_backend): the transaction or snapshot on it fails, and nothing else does — pg's 'error'
 * event on that connection, which the pool does not listen to while the connection is lent, would
 * otherwise end the process (vitest reports it as an uncaught error and the file fails); the pool
 * serves on with a new connection.
 */
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { createPostgresClient } from '../../../server/src/db/postgres-client.ts';
import { createTestDatabase, describePostgres } from '../../support/postgres.ts';

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setUp() {
  const d = await createTestDatabase();
  cleanups.push(() => d.drop());
  const db = createPostgresClient(d.url);
  cleanups.push(() => db.close());
  const admin = new pg.Client({ connectionString: d.url });
  await admin.connect();
  cleanups.push(() => admin.end());
  const terminate = async (pid: number) => {
    await admin.query('SELECT pg_terminate_backend($1)', [pid]);
  };
  return { db, terminate };
}

describePostgres('a lent connection the server ends', () => {
  it('fails its transaction, not the process; the pool serves on', async () => {
    const { db, terminate } = await setUp();
    const failed = await db.transaction(async (tx) => {
      const { pid } = (await tx.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!;
      await terminate(pid);
      await tx.get('SELECT 1');
    }).then(() => null, (err: unknown) => err);
    expect(failed).toBeInstanceOf(Error);
    expect(await db.get('SELECT 1 AS one')).toEqual({ one: 1 });
    expect(await db.transaction((tx) => tx.get('SELECT 2 AS two'))).toEqual({ two: 2 });
  });

  it('fails its snapshot, not the process; the pool serves on', async () => {
    const { db, terminate } = await setUp();
    const failed = await db.snapshot(async (reader) => {
      const { pid } = (await reader.get<{ pid: number }>('SELECT pg_backend_pid() AS pid'))!;
      await terminate(pid);
      await reader.get('SELECT 1');
    }).then(() => null, (err: unknown) => err);
    expect(failed).toBeInstanceOf(Error);
    expect(await db.snapshot((reader) => reader.get('SELECT 3 AS three'))).toEqual({ three: 3 });
  });
});
