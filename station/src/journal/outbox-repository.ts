/**
 * The durable outbox: one report per batch, written in the same transaction that completes the
 * batch, delivered later with retries. Delivery is at-least-once; the server's idempotency on
 * (station, batch id) makes it exactly-once.
 */
import type { JournalDb } from './open-journal.ts';

export interface OutboxItem {
  batchId: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
}

interface RawItem {
  batch_id: string;
  payload_json: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
}

const toItem = (r: RawItem): OutboxItem => ({
  batchId: r.batch_id, payload: JSON.parse(r.payload_json), attempts: r.attempts, lastError: r.last_error, createdAt: r.created_at, deliveredAt: r.delivered_at,
});

export function createOutbox(db: JournalDb) {
  const insert = db.prepare(
    `INSERT INTO outbox (batch_id, payload_json, created_at, next_attempt_at) VALUES (@batchId, @payload, @now, @now)
     ON CONFLICT (batch_id) DO NOTHING`,
  );
  const due = db.prepare('SELECT * FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY created_at, rowid LIMIT ?');
  const pending = db.prepare('SELECT * FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, rowid');
  const nextDue = db.prepare('SELECT MIN(next_attempt_at) FROM outbox WHERE delivered_at IS NULL').pluck();
  const failed = db.prepare('UPDATE outbox SET attempts = attempts + 1, last_error = @error, next_attempt_at = @next WHERE batch_id = @batchId');
  const delivered = db.prepare('UPDATE outbox SET attempts = attempts + 1, delivered_at = @at, last_error = NULL WHERE batch_id = @batchId');
  const get = db.prepare('SELECT * FROM outbox WHERE batch_id = ?');

  return {
    enqueue(batchId: string, payload: unknown): void {
      insert.run({ batchId, payload: JSON.stringify(payload), now: new Date().toISOString() });
    },
    due(now: Date, limit = 20): OutboxItem[] {
      return (due.all(now.toISOString(), limit) as RawItem[]).map(toItem);
    },
    pending(): OutboxItem[] {
      return (pending.all() as RawItem[]).map(toItem);
    },
    nextDueAt(): Date | null {
      const v = nextDue.get() as string | null;
      return v ? new Date(v) : null;
    },
    markFailed(batchId: string, error: string, next: Date): void {
      failed.run({ batchId, error: error.slice(0, 500), next: next.toISOString() });
    },
    markDelivered(batchId: string, at = new Date()): void {
      delivered.run({ batchId, at: at.toISOString() });
    },
    get(batchId: string): OutboxItem | null {
      const r = get.get(batchId) as RawItem | undefined;
      return r ? toItem(r) : null;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
