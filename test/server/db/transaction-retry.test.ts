/**
 * PostgreSQL: a transaction that loses a deadlock is run again from the start, and the server logs
 * it. The deadlock is made on purpose: two transactions each take one advisory lock, then the
 * other's (first attempts only).
 */
import { expect, it } from 'vitest';
import type { SqlClient } from '../../../server/src/db/sql-client.ts';
import { describePostgres } from '../../support/postgres.ts';
import { logSink } from '../helpers/log-sink.ts';
import { startTestApp } from '../helpers/test-app.ts';

/** Two transactions on `db` crossing two locks; resolves with how many attempts each made. */
async function crossLocks(db: SqlClient): Promise<number[]> {
  let bothHoldOne!: () => void;
  let held = 0;
  const ready = new Promise<void>((resolve) => {
    bothHoldOne = resolve;
  });
  const attempts = [0, 0];
  const run = (i: number) => db.transaction(async (tx) => {
    attempts[i]! += 1;
    await tx.lock(`cross:${i}`);
    if (attempts[i] === 1) {
      held += 1;
      if (held === 2) bothHoldOne();
      await ready;
    }
    await tx.lock(`cross:${1 - i}`);
  });
  await Promise.all([run(0), run(1)]);
  return attempts;
}

describePostgres('a transaction run again after a deadlock', () => {
  it('completes both transactions and logs the one run again, with its SQLSTATE', async () => {
    const sink = logSink();
    const t = await startTestApp({ logger: { level: 'info', destination: sink.stream } }, undefined, 'postgres');
    try {
      const attempts = await crossLocks(t.app.sql);
      expect(attempts.sort()).toEqual([1, 2]);
      const retried = sink.lines().filter((l) => l.msg === 'database transaction run again');
      expect(retried).toHaveLength(1);
      expect(retried[0]).toMatchObject({ level: 40, retry: { attempt: 1, code: '40P01' } });
    } finally {
      await t.close();
    }
  });
});
