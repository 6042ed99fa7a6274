/**
 * Reconciliation of delivered reports with the registry. The outbox marks a report delivered once
 * the registry acknowledged it; if the registry's database is later restored from a backup taken
 * before that, the registry lacks the report and nothing would ever send it again. So the station
 * asks the registry, now and then, which of the reports it delivered in the last
 * RECONCILE_WINDOW_DAYS days it holds (`POST /api/batches/held`), and puts back in the queue each
 * one the registry lacks or holds in a lower version than the one delivered. Sending it again is
 * idempotent (the registry answers `already-recorded` for what it has), so a report is never
 * counted twice. At most once every RECONCILE_EVERY_MS (the last time kept in the journal), at a
 * delivery the registry answered; a failure is remembered (reconcileIfDue) and asked again later.
 */
import type { Logger } from 'pino';
import { HELD_BATCHES_MAX } from '../../../shared/src/schemas/held-batches.ts';
import type { Outbox } from '../journal/outbox-repository.ts';
import type { RegistryClient } from './registry-client.ts';

/** Reports delivered this many days back or less are checked (README: the registry server, backups). */
export const RECONCILE_WINDOW_DAYS = 30;
export const RECONCILE_EVERY_MS = 60 * 60_000;
/**
 * The newest reports delivered under the station's name (in the order queued, whatever the clock
 * said; those still waiting do not count) are checked too, delivered in the window or not: one
 * delivered while the station's clock ran far behind would otherwise leave the window as soon as the
 * clock is set right. Two questions of HELD_BATCHES_MAX.
 */
const RECONCILE_WINDOW_COUNT = 2 * HELD_BATCHES_MAX;

export interface ReconcileResult {
  /** Delivered reports asked about. */
  checked: number;
  /** Those the registry lacked (or held in a lower version): back in the queue, due now. */
  requeued: string[];
}

export interface ReconcileOptions {
  now: Date;
  /** The station's fixed name: only reports delivered under it are asked about (the token's station). */
  stationName: string;
  windowDays?: number;
  /** The newest this many reports are checked whenever delivered (RECONCILE_WINDOW_COUNT). */
  windowCount?: number;
  signal?: AbortSignal;
}

/** Asks the registry about every report delivered in the window; requeues what it lacks. Throws a DeliveryError when it cannot ask. */
export async function reconcileDelivered(outbox: Outbox, client: Pick<RegistryClient, 'heldBatches'>, log: Logger, opts: ReconcileOptions): Promise<ReconcileResult> {
  const windowDays = opts.windowDays ?? RECONCILE_WINDOW_DAYS;
  const delivered = outbox.deliveredSince(new Date(opts.now.getTime() - windowDays * 86_400_000), opts.stationName, opts.windowCount ?? RECONCILE_WINDOW_COUNT);
  const requeued: string[] = [];
  for (let first = 0; first < delivered.length; first += HELD_BATCHES_MAX) {
    const part = delivered.slice(first, first + HELD_BATCHES_MAX);
    const held = await client.heldBatches(part.map((d) => d.batchId), opts.signal);
    const lacking = part.filter(({ batchId, version }) => (held.get(batchId) ?? 0) < version);
    const marked = new Set(outbox.markMissing(lacking.map((d) => d.batchId), opts.now));
    for (const { batchId, version } of lacking.filter((d) => marked.has(d.batchId))) {
      requeued.push(batchId);
      log.warn({ batchId, version, registryVersion: held.get(batchId) ?? null }, 'delivered report missing on the registry (database restored from an older backup?): queued again');
    }
  }
  outbox.setReconciledAt(opts.now);
  outbox.setReconcileFailure(null);
  log.info({ checked: delivered.length, requeued: requeued.length, windowDays }, 'delivered reports checked with the registry');
  return { checked: delivered.length, requeued };
}

/** A check that failed for want of an answer (network, 5xx) is asked again this much later, not at every delivery. */
export const RECONCILE_RETRY_MS = 5 * 60_000;

/** The registry answered that it has no such question (an older server): asked again at the next hourly slot. */
function unsupported(e: { code?: string; details?: { status?: unknown } }): boolean {
  return e.code === 'NOT_FOUND' || [404, 405, 501].includes(e.details?.status as number);
}

/**
 * reconcileDelivered when the last check is RECONCILE_EVERY_MS old or more (or in the future: the
 * clock was set back) and no failed check asks to wait (a few minutes after no answer, the next
 * hourly slot after an older server's 404); null when not due or when the registry could not be
 * asked (remembered, logged once per change of state).
 */
export async function reconcileIfDue(
  outbox: Outbox, client: Pick<RegistryClient, 'heldBatches'>, log: Logger, opts: ReconcileOptions & { everyMs?: number },
): Promise<ReconcileResult | null> {
  const everyMs = opts.everyMs ?? RECONCILE_EVERY_MS;
  const now = opts.now.getTime();
  const last = outbox.lastReconciledAt();
  const since = last ? now - last.getTime() : Infinity;
  if (since >= 0 && since < everyMs) return null;
  const failed = outbox.reconcileFailure();
  if (failed && failed.failedAt.getTime() <= now && now < failed.retryAt.getTime()) return null;
  try {
    const result = await reconcileDelivered(outbox, client, log, opts);
    if (failed) {
      outbox.setReconcileFailure(null);
      log.info({ after: failed.code }, 'the registry answers which delivered reports it holds again');
    }
    return result;
  } catch (err) {
    const e = err as { code?: string; message?: string; details?: { status?: unknown } };
    const code = e.code ?? 'INTERNAL';
    const older = unsupported(e);
    const state = typeof e.details?.status === 'number' ? `${code} ${e.details.status}` : code; // e.g. 'NOT_FOUND 404', 'SERVER_UNREACHABLE'
    outbox.setReconcileFailure({ code: state, failedAt: opts.now, retryAt: new Date(now + (older ? everyMs : RECONCILE_RETRY_MS)) });
    if (failed?.code !== state) {
      log.warn({ code, err: e.message, status: e.details?.status ?? null },
        older
          ? 'the registry does not answer which delivered reports it holds (older server?); asked again hourly'
          : 'could not ask the registry which delivered reports it holds; asked again in a few minutes');
    }
    return null;
  }
}
