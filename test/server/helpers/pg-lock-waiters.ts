/**
 * Waiting for the event "a PostgreSQL backend waits for a lock" in the lock-order tests: asked again
 * every 20 ms (3000 times at most: a generous limit, only a safety net). A `signal` stops the asking
 * (e.g. once the waiter lost a Promise.race): the promise then never settles and asks nothing more.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import type { SqlClient } from '../../../server/src/db/sql-client.ts';

const INTERVAL_MS = 20;
const MAX_ASKS = 3000;

/** `probe` asked until it gives a value; never settles once `signal` aborts. */
export async function pollUntil<T>(probe: () => Promise<T | undefined>, what: string, signal?: AbortSignal): Promise<T> {
  const stopped = () => new Promise<T>(() => undefined);
  for (let asked = 0; asked < MAX_ASKS; asked++) {
    if (signal?.aborted) return stopped();
    let value: T | undefined;
    try {
      value = await probe();
    } catch (err) {
      // the connection may be closed by the test's cleanup once it has stopped waiting
      if (signal?.aborted) return stopped();
      throw err;
    }
    if (value !== undefined) return value;
    try {
      await sleep(INTERVAL_MS, undefined, { signal });
    } catch {
      return stopped();
    }
  }
  throw new Error(`${what}: not seen after ${MAX_ASKS} asks`);
}

/**
 * The pid of a backend waiting for an advisory lock of `holder`'s database (other test files run beside
 * this one on the same cluster). pg_locks is read afresh in a transaction, so `holder` may be the
 * connection holding the lock.
 */
export function advisoryWaiter(holder: pg.Client, signal?: AbortSignal): Promise<number> {
  return pollUntil(async () => {
    const { rows } = await holder.query<{ pid: number }>(`SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND NOT granted
      AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
    return rows[0]?.pid;
  }, 'no transaction waited for an advisory lock', signal);
}

/**
 * Resolves once `n` backends of `db`'s database wait for a lock of any kind (rows, advisory…).
 * pg_stat_activity is a snapshot per transaction: ask on a client outside any transaction.
 */
export async function lockWaiters(db: SqlClient, n: number, signal?: AbortSignal): Promise<void> {
  await pollUntil(async () => {
    const row = await db.get<{ n: number }>(`SELECT COUNT(*) AS n FROM pg_stat_activity
      WHERE datname = current_database() AND wait_event_type = 'Lock'`);
    return row!.n >= n ? true : undefined;
  }, `never ${n} backends waiting for a lock`, signal);
}
