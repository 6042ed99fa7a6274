/**
 * The durable outbox: one report per batch, written in the same transaction that completes the
 * batch, delivered later with retries. Delivery is at-least-once; the server's idempotency on
 * (station, batch id) makes it exactly-once. A report the server refused for a reason that retrying
 * cannot fix (400, 403, 409, 413) is set aside as needing attention, with the server's problem list,
 * until the clerk retries or re-addresses it (`station outbox`). A report is claimed by the process
 * sending it (`claim`) until its outcome is recorded or the claim lapses: two processes over one journal
 * (`station ui` and `station sync --watch`) never send it at once.
 */
import type { JournalDb } from './open-journal.ts';
import { claimantId, DEFAULT_CLAIM_LEASE_MS, heldElsewhere, type ClaimState } from './outbox-claim-rule.ts';

export interface OutboxProblem {
  path?: string;
  reason: string;
}

export interface OutboxItem {
  batchId: string;
  payload: unknown;
  attempts: number;
  lastError: string | null;
  createdAt: string;
  deliveredAt: string | null;
  nextAttemptAt: string;
  /** When the server refused it for good; null while it is simply waiting. */
  attentionAt: string | null;
  /** The server's problem list for a refused report. */
  problems: OutboxProblem[];
  /** When the registry was found lacking this report, delivered earlier, and it went back in the queue. */
  missingAt: string | null;
  /**
   * Another station process (or outbox) is sending it right now: it holds a claim this outbox's claim()
   * would not take (heldElsewhere, outbox-claim-rule.ts: not lapsed, not from a clock ahead, its holder
   * may still run). This outbox skips it until the claim is released or lapses.
   */
  sendingElsewhere: boolean;
}

/** A delivered report as the reconciliation asks the registry about it. */
export interface DeliveredReport {
  batchId: string;
  /** The version the station delivered (1 when the payload carries none). */
  version: number;
}

/** A check with the registry that failed (outbox-reconcile.ts): not asked again before retryAt. */
export interface ReconcileFailure {
  /** The error code, and the HTTP status when the registry answered: 'NOT_FOUND 404', 'SERVER_UNREACHABLE'. */
  code: string;
  failedAt: Date;
  retryAt: Date;
}

interface RawItem {
  batch_id: string;
  payload_json: string;
  attempts: number;
  last_error: string | null;
  created_at: string;
  delivered_at: string | null;
  next_attempt_at: string;
  attention_at: string | null;
  problems_json: string | null;
  missing_at: string | null;
  claimed_by: string | null;
  claim_until: string | null;
}

/**
 * `me`: the outbox reading it (its own claim is not another's); `now`: when the claim is judged; `leaseMs`:
 * the lease its sender grants. sendingElsewhere is the claim's own rule (heldElsewhere), judged as claim() judges it.
 */
const toItem = (r: RawItem, me: string, now: Date, leaseMs: number): OutboxItem => ({
  batchId: r.batch_id, payload: JSON.parse(r.payload_json), attempts: r.attempts, lastError: r.last_error, createdAt: r.created_at, deliveredAt: r.delivered_at,
  nextAttemptAt: r.next_attempt_at, attentionAt: r.attention_at, problems: r.problems_json ? (JSON.parse(r.problems_json) as OutboxProblem[]) : [],
  missingAt: r.missing_at,
  // only a report still waiting is being sent (one delivered or refused for good is no one's to send)
  sendingElsewhere: !r.delivered_at && !r.attention_at && heldElsewhere({ claimedBy: r.claimed_by, claimUntil: r.claim_until }, me, now, leaseMs),
});

export interface OutboxOptions {
  /**
   * The lease this outbox's sender grants a claim (claimLeaseMs of its registry client's request timeout):
   * how long its claims last, and how far ahead another's claim may end before it is taken as lapsed.
   */
  leaseMs?: number;
}

export function createOutbox(db: JournalDb, opts: OutboxOptions = {}) {
  /** This outbox's id in the claims (one per connection to the journal). */
  const me = claimantId();
  const leaseMs = opts.leaseMs ?? DEFAULT_CLAIM_LEASE_MS;
  const item = (r: RawItem, now: Date) => toItem(r, me, now, leaseMs);
  const insert = db.prepare(
    `INSERT INTO outbox (batch_id, payload_json, created_at, next_attempt_at) VALUES (@batchId, @payload, @now, @now)
     ON CONFLICT (batch_id) DO NOTHING`,
  );
  const due = db.prepare('SELECT * FROM outbox WHERE delivered_at IS NULL AND attention_at IS NULL AND next_attempt_at <= ? ORDER BY created_at, rowid LIMIT ?');
  const pending = db.prepare('SELECT * FROM outbox WHERE delivered_at IS NULL ORDER BY created_at, rowid');
  const waiting = db.prepare('SELECT * FROM outbox WHERE delivered_at IS NULL AND attention_at IS NULL ORDER BY created_at, rowid');
  const attention = db.prepare('SELECT * FROM outbox WHERE delivered_at IS NULL AND attention_at IS NOT NULL ORDER BY created_at, rowid');
  // a report claimed by a process sending it is not due before its claim lapses (its outcome is usually recorded before)
  const nextDue = db.prepare('SELECT MIN(MAX(next_attempt_at, COALESCE(claim_until, next_attempt_at))) FROM outbox WHERE delivered_at IS NULL AND attention_at IS NULL').pluck();
  // `@sent`: the version a delivery sent (null: no condition); the row is marked only while it still waits with that
  // version: not once another process delivered it, nor once a corrected version replaced it during the sending
  const stillSent = `(@sent IS NULL OR (delivered_at IS NULL AND COALESCE(json_extract(payload_json, '$.version'), 1) = @sent))`;
  const setAttention = db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = @error, attention_at = @at, problems_json = @problems WHERE batch_id = @batchId AND ${stillSent}`);
  const requeue = db.prepare('UPDATE outbox SET attention_at = NULL, problems_json = NULL, next_attempt_at = @now WHERE batch_id = @batchId AND delivered_at IS NULL');
  const setPayload = db.prepare('UPDATE outbox SET payload_json = @payload WHERE batch_id = @batchId AND delivered_at IS NULL');
  const failed = db.prepare(`UPDATE outbox SET attempts = attempts + 1, last_error = @error, next_attempt_at = @next WHERE batch_id = @batchId AND ${stillSent}`);
  const delivered = db.prepare(`UPDATE outbox SET attempts = attempts + 1, delivered_at = @at, delivered_as = @as, last_error = NULL WHERE batch_id = @batchId AND ${stillSent}`);
  const superseded = db.prepare(
    `UPDATE outbox SET attempts = attempts + 1, delivered_at = @at, delivered_as = @as, last_error = @note, attention_at = NULL, problems_json = NULL WHERE batch_id = @batchId AND ${stillSent}`,
  );
  const get = db.prepare('SELECT * FROM outbox WHERE batch_id = ?');
  // a report still waiting (due at @dueBy, unless null): whether its claim lets this outbox take it is judged before (heldElsewhere)
  const claim = db.prepare(
    `UPDATE outbox SET claimed_by = @me, claim_until = @until
      WHERE batch_id = @batchId AND delivered_at IS NULL AND attention_at IS NULL AND (@dueBy IS NULL OR next_attempt_at <= @dueBy)`,
  );
  const claimOf = db.prepare('SELECT claimed_by AS claimedBy, claim_until AS claimUntil FROM outbox WHERE batch_id = ?');
  const release = db.prepare('UPDATE outbox SET claimed_by = NULL, claim_until = NULL WHERE batch_id = ? AND claimed_by = ?');
  const claimNow = db.transaction((batchId: string, at: Date, dueBy: Date | null): OutboxItem | null => {
    const held = claimOf.get(batchId) as ClaimState | undefined;
    // held by another process that may be sending it (the list's «se trimite chiar acum din alt program»): left to it
    if (!held || heldElsewhere(held, me, at, leaseMs)) return null;
    const until = new Date(at.getTime() + leaseMs).toISOString();
    if (claim.run({ me, batchId, until, dueBy: dueBy?.toISOString() ?? null }).changes !== 1) return null;
    return item(get.get(batchId) as RawItem, at);
  });
  /** An outcome recorded (or not, the row changed meanwhile) and this process's claim released, in one transaction. */
  const outcome = db.transaction((batchId: string, mark: () => number): boolean => {
    const marked = mark() > 0;
    release.run(batchId, me);
    return marked;
  });
  // the window by time, or among the `lastCount` newest reports (rowid: the order they were queued in, whatever the clock said)
  const deliveredSince = db.prepare(
    `SELECT batch_id AS batchId, COALESCE(json_extract(payload_json, '$.version'), 1) AS version
       FROM outbox
      WHERE delivered_as = @station AND delivered_at IS NOT NULL
        AND (delivered_at >= @since OR rowid IN (
             SELECT rowid FROM outbox WHERE delivered_as = @station AND delivered_at IS NOT NULL ORDER BY rowid DESC LIMIT @lastCount))
      ORDER BY delivered_at, rowid`,
  );
  const missing = db.prepare(
    `UPDATE outbox SET delivered_at = NULL, attention_at = NULL, problems_json = NULL, last_error = NULL, attempts = 0,
            next_attempt_at = @at, missing_at = @at
      WHERE batch_id = @batchId AND delivered_at IS NOT NULL`,
  );
  const reconciledAt = db.prepare('SELECT checked_at FROM outbox_reconciliation WHERE id = 1').pluck();
  const setReconciled = db.prepare('INSERT INTO outbox_reconciliation (id, checked_at) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at');
  const failure = db.prepare('SELECT code, failed_at AS failedAt, retry_at AS retryAt FROM outbox_reconciliation_failure WHERE id = 1');
  const setFailure = db.prepare(
    `INSERT INTO outbox_reconciliation_failure (id, code, failed_at, retry_at) VALUES (1, @code, @at, @retryAt)
     ON CONFLICT (id) DO UPDATE SET code = excluded.code, failed_at = excluded.failed_at, retry_at = excluded.retry_at`,
  );
  const clearFailure = db.prepare('DELETE FROM outbox_reconciliation_failure WHERE id = 1');
  const resend = db.prepare(
    `INSERT INTO outbox (batch_id, payload_json, created_at, next_attempt_at) VALUES (@batchId, @payload, @now, @now)
     ON CONFLICT (batch_id) DO UPDATE SET payload_json = excluded.payload_json, delivered_at = NULL, attention_at = NULL, problems_json = NULL,
       last_error = NULL, attempts = 0, next_attempt_at = excluded.next_attempt_at, missing_at = NULL`,
  );

  return {
    enqueue(batchId: string, payload: unknown): void {
      insert.run({ batchId, payload: JSON.stringify(payload), now: new Date().toISOString() });
    },
    due(now: Date, limit = 20): OutboxItem[] {
      return (due.all(now.toISOString(), limit) as RawItem[]).map((r) => item(r, now));
    },
    /** Every report not delivered yet, those needing attention included (`now`: whether another process is sending one). */
    pending(now = new Date()): OutboxItem[] {
      return (pending.all() as RawItem[]).map((r) => item(r, now));
    },
    /** Reports waiting for (another) automatic attempt. */
    waiting(): OutboxItem[] {
      return (waiting.all() as RawItem[]).map((r) => item(r, new Date()));
    },
    /** Reports the server refused for good: they wait for the clerk. */
    needingAttention(): OutboxItem[] {
      return (attention.all() as RawItem[]).map((r) => item(r, new Date()));
    },
    /** The lease this outbox's claims last (OutboxOptions.leaseMs). */
    leaseMs,
    /** This outbox's id in the claims: a claim by it is not another's (outbox-waiting-view.ts judges as claim() does). */
    claimant: me,
    /**
     * Claims a report for this process to send, until `at` + the lease: only one still waiting (and due at
     * `dueBy`, unless null) that no other holds (heldElsewhere, outbox-claim-rule.ts: the rule the list's
     * sendingElsewhere follows too): not claimed, its claim lapsed or from a clock ahead, its holder no longer
     * running on this computer (killed while sending: its report goes out at once), or this outbox's own
     * claim, left by an earlier pass whose outcome could not be recorded (the journal busy past its timeout):
     * one outbox's passes take turns (outbox-sender.ts), so none is sending it.
     * Returns the report as it is now (a newer version queued since it was read is the one sent), or
     * null when another process holds it or it no longer waits: then it is not sent in this pass.
     */
    claim(batchId: string, at: Date, dueBy: Date | null = at): OutboxItem | null {
      // the holder read and the claim written under the write lock taken first (BEGIN IMMEDIATE, waiting the busy timeout):
      // a deferred transaction's read would make its UPDATE fail at once (SQLITE_BUSY_SNAPSHOT, no busy wait) whenever
      // another process wrote to the journal between the two, throwing the pass out
      return claimNow.immediate(batchId, at, dueBy);
    },
    /** `sent`, here and in the other marks: the version a delivery sent; then only a row still waiting with it is marked (returns whether it was). Each releases this process's claim, marked or not. */
    markAttention(batchId: string, error: string, problems: readonly OutboxProblem[], at = new Date(), sent: number | null = null): boolean {
      return outcome(batchId, () => setAttention.run({ batchId, error: error.slice(0, 500), at: at.toISOString(), problems: JSON.stringify(problems.slice(0, 50)), sent }).changes);
    },
    /** Back to the queue, due now (after the clerk fixed the cause). Returns false when nothing was waiting. */
    requeue(batchId: string, now = new Date()): boolean {
      return requeue.run({ batchId, now: now.toISOString() }).changes > 0;
    },
    /** Replaces the payload of a report not yet delivered (e.g. re-addressed to this station). */
    replacePayload(batchId: string, payload: unknown): void {
      setPayload.run({ batchId, payload: JSON.stringify(payload) });
    },
    nextDueAt(): Date | null {
      const v = nextDue.get() as string | null;
      return v ? new Date(v) : null;
    },
    markFailed(batchId: string, error: string, next: Date, sent: number | null = null): boolean {
      return outcome(batchId, () => failed.run({ batchId, error: error.slice(0, 500), next: next.toISOString(), sent }).changes);
    },
    /** @param deliveredAs the station name it went out under (the reconciliation asks only about those of the present name). */
    markDelivered(batchId: string, at = new Date(), deliveredAs: string | null = null, sent: number | null = null): boolean {
      return outcome(batchId, () => delivered.run({ batchId, at: at.toISOString(), as: deliveredAs, sent }).changes);
    },
    /**
     * Delivered, but superseded: the server already holds a newer version of this batch's report
     * (sent earlier, e.g. from a journal restored from a copy); the note says so. Nothing to retry.
     */
    markSuperseded(batchId: string, note: string, at = new Date(), deliveredAs: string | null = null, sent: number | null = null): boolean {
      return outcome(batchId, () => superseded.run({ batchId, at: at.toISOString(), as: deliveredAs, note: note.slice(0, 500), sent }).changes);
    },
    /** A new version of a batch's report (corrected in the review page): waits to be sent again, delivered or not. */
    resend(batchId: string, payload: unknown, now = new Date()): void {
      resend.run({ batchId, payload: JSON.stringify(payload), now: now.toISOString() });
    },
    /**
     * The reports delivered under `station` at `since` or later, or among the `lastCount` newest
     * (in the order queued) delivered under it whenever delivered (a station clock set right after
     * running behind): reports still waiting or delivered under another name take none of the
     * `lastCount`. Superseded ones included, oldest delivery first.
     */
    deliveredSince(since: Date, station: string, lastCount = 0): DeliveredReport[] {
      return deliveredSince.all({ since: since.toISOString(), station, lastCount }) as DeliveredReport[];
    },
    /**
     * Delivered reports the registry does not hold (or holds in a lower version): back in the
     * queue, due now, their attempts counted afresh, in one transaction. Returns those that were
     * marked delivered (the others are left as they are).
     */
    markMissing: db.transaction((batchIds: readonly string[], at: Date = new Date()): string[] =>
      batchIds.filter((batchId) => missing.run({ batchId, at: at.toISOString() }).changes > 0)),
    /** When the station last asked the registry which delivered reports it holds (null: never). */
    lastReconciledAt(): Date | null {
      const v = reconciledAt.get() as string | undefined;
      return v ? new Date(v) : null;
    },
    setReconciledAt(at: Date): void {
      setReconciled.run(at.toISOString());
    },
    /** The last failed check with the registry, while no check succeeded since (null: none). */
    reconcileFailure(): ReconcileFailure | null {
      const r = failure.get() as { code: string; failedAt: string; retryAt: string } | undefined;
      return r ? { code: r.code, failedAt: new Date(r.failedAt), retryAt: new Date(r.retryAt) } : null;
    },
    /** A check failed: remembered with the time from which to ask again; null clears it (a check succeeded). */
    setReconcileFailure(f: ReconcileFailure | null): void {
      if (f) setFailure.run({ code: f.code, at: f.failedAt.toISOString(), retryAt: f.retryAt.toISOString() });
      else clearFailure.run();
    },
    get(batchId: string): OutboxItem | null {
      const r = get.get(batchId) as RawItem | undefined;
      return r ? item(r, new Date()) : null;
    },
  };
}

export type Outbox = ReturnType<typeof createOutbox>;
