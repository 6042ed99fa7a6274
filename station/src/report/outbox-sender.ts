/**
 * Delivers the outbox: due reports are sent one by one; temporary failures are retried with
 * exponential backoff and jitter; a crash mid-send simply sends again (the server answers
 * `already-recorded`), so every report lands exactly once. A refusal that retrying cannot fix
 * (400, 403, 409, 413) sets the report aside as needing attention, with the server's problem list;
 * it is never retried blindly. A report the server answers REPORT_SUPERSEDED (it already holds a
 * newer version of the batch's report) is delivered-superseded: done, nothing to fix or retry.
 * Every report goes out under the station's fixed name. Each report is claimed by the process sending
 * it for the outbox's lease (claimLeaseMs): another process over the same journal skips it until its outcome is recorded
 * (or the claim lapses, its sender crashed), so it is never sent by two at once.
 */
import type { Logger } from 'pino';
import { systemClock, type Clock } from '../../../shared/src/clock.ts';
import type { BatchReport } from '../../../shared/src/schemas/batch-report.ts';
import type { Outbox } from '../journal/outbox-repository.ts';
import { reconcileIfDue } from './outbox-reconcile.ts';
import { DeliveryError, type RegistryClient } from './registry-client.ts';

export interface SendResult {
  delivered: string[];
  alreadyRecorded: string[];
  /** The server already had a newer version of these batches' reports: done, nothing sent. */
  superseded: string[];
  failed: { batchId: string; code: string; message: string; retryable: boolean }[];
  /** Refused for good in this run: set aside for the clerk. */
  attention: string[];
  /** Reports not delivered yet (those needing attention included). */
  pending: number;
}

export const BACKOFF_CAP_MS = 15 * 60_000;

/** No usable answer: nothing (SERVER_UNREACHABLE) or a temporary error of the registry's (SERVER_ERROR: 5xx, 429, 408). */
const NO_ANSWER: ReadonlySet<string> = new Set(['SERVER_UNREACHABLE', 'SERVER_ERROR']);

/** 2 s, 4 s, 8 s … with ±25 % jitter, never more than 15 minutes. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(BACKOFF_CAP_MS, 2_000 * 2 ** Math.min(attempts, 10));
  return Math.min(BACKOFF_CAP_MS, Math.round(base * (0.75 + random() * 0.5)));
}

/** How long a report is claimed by the process sending it: the outbox's lease (outbox-claim-rule.ts). */
export { claimLeaseMs } from '../journal/outbox-claim-rule.ts';

export interface DeliverOptions {
  now?: Date;
  /**
   * The time claims are taken and checked at (a pass can last minutes, a claim each report):
   * by default `now` plus the time gone by since the pass began.
   */
  clock?: () => Date;
  /** Every waiting report, due or not (reports needing attention stay aside). */
  all?: boolean;
  signal?: AbortSignal;
  /** The station's fixed name: every report goes out under it. */
  stationName: string;
}

export async function deliverDue(outbox: Outbox, client: RegistryClient, log: Logger, opts: DeliverOptions): Promise<SendResult> {
  const now = opts.now ?? new Date();
  const began = performance.now();
  const clock = opts.clock ?? (() => new Date(now.getTime() + (performance.now() - began)));
  const items = opts.all ? outbox.waiting() : outbox.due(now, 100);
  const result: SendResult = { delivered: [], alreadyRecorded: [], superseded: [], failed: [], attention: [], pending: 0 };
  for (const listed of items) {
    if (opts.signal?.aborted) break;
    // claimed or no longer waiting (another process over this journal sends it, or sent it since it was listed):
    // not sent in this pass, not counted failed; as it is now when claimed (a version queued since is the one sent)
    const at = clock();
    // claimed for the outbox's lease (outbox.leaseMs, made from the client's request timeout by openStationContext)
    const item = outbox.claim(listed.batchId, at, opts.all ? null : now);
    if (!item) {
      log.debug({ batchId: listed.batchId }, 'report claimed by another process or no longer waiting: skipped');
      continue;
    }
    // the version sent: the outcome is recorded only on a row still waiting with it (changed meanwhile: not marked)
    const sent = (item.payload as BatchReport).version ?? 1;
    try {
      const report = { ...(item.payload as BatchReport), station: opts.stationName };
      const res = await client.sendBatch(report, opts.signal);
      const marked = outbox.markDelivered(item.batchId, new Date(), opts.stationName, sent);
      (res.status === 'already-recorded' ? result.alreadyRecorded : result.delivered).push(item.batchId);
      // `unread`: stopped while reading the registry's 200/201 (Ctrl+C): accepted all the same
      log.info({ batchId: item.batchId, status: res.status, ...('unread' in res ? { unread: true } : {}) }, 'report delivered');
      if (!marked) unmarked(log, item.batchId, sent);
    } catch (err) {
      const e = err instanceof DeliveryError ? err : new DeliveryError(true, 'INTERNAL', String(err));
      if (e.code === 'REPORT_SUPERSEDED') {
        if (!outbox.markSuperseded(item.batchId, `${e.code}: ${e.message}`, new Date(), opts.stationName, sent)) unmarked(log, item.batchId, sent);
        result.superseded.push(item.batchId);
        log.info({ batchId: item.batchId, code: e.code }, 'report superseded by a newer version on the server');
        continue;
      }
      const retryable = e.retryable;
      if (retryable) {
        const next = new Date(now.getTime() + backoffMs(item.attempts));
        if (!outbox.markFailed(item.batchId, `${e.code}: ${e.message}`, next, sent)) unmarked(log, item.batchId, sent);
        log.warn({ batchId: item.batchId, code: e.code, retryable, next }, 'report delivery failed');
      } else if (outbox.markAttention(item.batchId, `${e.code}: ${e.message}`, e.problems, new Date(), sent)) {
        // kept (never dropped), set aside for the clerk: `station outbox`
        result.attention.push(item.batchId);
        log.warn({ batchId: item.batchId, code: e.code, problems: e.problems }, 'report refused: needs attention');
      } else unmarked(log, item.batchId, sent);
      result.failed.push({ batchId: item.batchId, code: e.code, message: e.message, retryable });
      if (retryable && NO_ANSWER.has(e.code)) break; // the server is down or failing: do not hammer it
    }
  }
  result.pending = outbox.pending().length;
  return result;
}

/**
 * The row changed while its report was on its way: another process (a `station sync` beside `station ui`)
 * delivered it, or the clerk saved corrections (a new version waits, due now). Its outcome is not recorded
 * over it: a delivery is not counted twice, and a corrected report is not taken for delivered.
 */
function unmarked(log: Logger, batchId: string, sent: number): void {
  log.info({ batchId, version: sent }, 'report changed while it was sent (delivered by another process, or a newer version queued): left as it is');
}

/** The registry gave no answer to a delivery (down, timing out, 5xx): nothing else is asked of it now. */
const noAnswer = (r: SendResult): boolean => r.failed.some((f) => f.retryable && NO_ANSWER.has(f.code));

/**
 * deliverDue, then, when the registry answered (or nothing had to go out), the hourly check for
 * delivered reports it no longer holds (outbox-reconcile.ts); those put back in the queue are
 * delivered at once. `requeued`: the reports the check put back.
 */
export function deliverAndReconcile(outbox: Outbox, client: RegistryClient, log: Logger, opts: DeliverOptions): Promise<{ result: SendResult; requeued: string[] }> {
  return oneAtATime(outbox, () => deliverAndReconcileNow(outbox, client, log, opts));
}

/**
 * Every pass of a process over an outbox (the web app's background loop, the delivery at a batch's end,
 * «Trimite din nou») waits for the one before it: a pass reads the queue once the one before recorded
 * what it sent. Across processes over one journal (`station sync --watch` beside `station ui`) each
 * report is claimed before it is sent (outbox.claim): the other process skips it meanwhile.
 */
const turns = new WeakMap<Outbox, Promise<unknown>>();
function oneAtATime<T>(outbox: Outbox, pass: () => Promise<T>): Promise<T> {
  const mine = (turns.get(outbox) ?? Promise.resolve()).then(pass);
  turns.set(outbox, mine.then(() => undefined, () => undefined));
  return mine;
}

async function deliverAndReconcileNow(outbox: Outbox, client: RegistryClient, log: Logger, opts: DeliverOptions): Promise<{ result: SendResult; requeued: string[] }> {
  const first = await deliverDue(outbox, client, log, opts);
  if (noAnswer(first) || opts.signal?.aborted) return { result: first, requeued: [] };
  const found = await reconcileIfDue(outbox, client, log, { now: opts.now ?? new Date(), stationName: opts.stationName, signal: opts.signal });
  if (!found || found.requeued.length === 0) return { result: first, requeued: [] };
  const again = await deliverDue(outbox, client, log, opts);
  const result: SendResult = {
    delivered: [...first.delivered, ...again.delivered],
    alreadyRecorded: [...first.alreadyRecorded, ...again.alreadyRecorded],
    superseded: [...first.superseded, ...again.superseded],
    failed: [...first.failed, ...again.failed],
    attention: [...first.attention, ...again.attention],
    pending: again.pending,
  };
  return { result, requeued: found.requeued };
}

export interface SenderLoopOptions {
  /** The longest sleep between two passes (30 s). */
  pollMs?: number;
  /** The time each pass goes by (tests inject theirs). */
  now?: () => Date;
  /** After each pass, what it did (the web app tells its pages). */
  onPass?: (pass: { result: SendResult; requeued: string[] }) => void;
  /**
   * After a pass that threw (the journal busy past its timeout, a write refused): it may have delivered or
   * failed reports before it did, which onPass never hears of (the web app tells its pages to read the outbox again).
   */
  onPassFailed?: () => void;
  /** A 'wake' event on it ends the sleep: a pass runs at once. */
  wakeUp?: EventTarget;
  /** The timer of the sleep between two passes (a poll, a report's backoff); tests inject a clock they move themselves. */
  timers?: Pick<Clock, 'after'>;
}

/**
 * Keeps delivering until the signal fires; sleeps until the next report is due. After each pass the
 * registry answered, delivered reports it no longer holds are put back in the queue and sent
 * (deliverAndReconcile: at most hourly, a failed check not asked again at every pass). The one
 * loop of `station sync --watch` and of `station ui` (its background sender). A pass that throws is
 * logged and the loop goes on; it ends only when the signal fires.
 */
export async function runSender(outbox: Outbox, client: RegistryClient, log: Logger, signal: AbortSignal, stationName: string, loop: number | SenderLoopOptions = 30_000): Promise<void> {
  const { pollMs = 30_000, now: clock, onPass, onPassFailed, wakeUp, timers = systemClock } = typeof loop === 'number' ? { pollMs: loop } : loop;
  const now = clock ?? (() => new Date());
  // a wake-up during a pass is kept: the sleep after it is skipped (the pass may have read the queue before)
  let woken = false;
  let ring: (() => void) | null = null;
  const onWake = () => {
    woken = true;
    ring?.();
  };
  wakeUp?.addEventListener('wake', onWake);
  try {
    while (!signal.aborted) {
      let wait = pollMs;
      try {
        // the real time read by each step when none is injected (reports put back by the check are due at once)
        const pass = await deliverAndReconcile(outbox, client, log, { signal, stationName, now: clock?.(), clock });
        onPass?.(pass);
        const next = outbox.nextDueAt();
        if (next) wait = Math.max(200, Math.min(pollMs, next.getTime() - now().getTime()));
      } catch (err) {
        // a pass that failed (the journal busy past its timeout, a damaged row) does not end the loop: the
        // next one runs after a poll or a wake-up; a loop that died would leave reports waiting for ever
        if (!signal.aborted) log.error({ err }, 'delivery pass failed; the next pass tries again');
        try {
          onPassFailed?.();
        } catch (told) {
          log.error({ err: told }, 'a failed delivery pass could not be told');
        }
      }
      // stopped during that pass (Ctrl+C while a report was on its way): no sleep, the abort event is past
      if (signal.aborted) break;
      if (!woken) {
        await new Promise<void>((resolve) => {
          let cancel = () => {};
          const done = () => {
            cancel();
            signal.removeEventListener('abort', done);
            ring = null;
            resolve();
          };
          cancel = timers.after(wait, done);
          signal.addEventListener('abort', done, { once: true });
          ring = done;
        });
      }
      woken = false;
    }
  } finally {
    wakeUp?.removeEventListener('wake', onWake);
  }
}
