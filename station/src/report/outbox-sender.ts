/**
 * Delivers the outbox: due reports are sent one by one; temporary failures are retried with
 * exponential backoff and jitter; a crash mid-send simply sends again (the server answers
 * `already-recorded`), so every report lands exactly once.
 */
import type { Logger } from 'pino';
import type { BatchReport } from '../../../shared/src/schemas/batch-report.ts';
import type { Outbox } from '../journal/outbox-repository.ts';
import { DeliveryError, type RegistryClient } from './registry-client.ts';

export interface SendResult {
  delivered: string[];
  alreadyRecorded: string[];
  failed: { batchId: string; code: string; message: string; retryable: boolean }[];
  pending: number;
}

export const BACKOFF_CAP_MS = 15 * 60_000;

/** 2 s, 4 s, 8 s … with ±25 % jitter, never more than 15 minutes. */
export function backoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(BACKOFF_CAP_MS, 2_000 * 2 ** Math.min(attempts, 10));
  return Math.min(BACKOFF_CAP_MS, Math.round(base * (0.75 + random() * 0.5)));
}

export async function deliverDue(outbox: Outbox, client: RegistryClient, log: Logger, opts: { now?: Date; all?: boolean; signal?: AbortSignal } = {}): Promise<SendResult> {
  const now = opts.now ?? new Date();
  const items = opts.all ? outbox.pending() : outbox.due(now, 100);
  const result: SendResult = { delivered: [], alreadyRecorded: [], failed: [], pending: 0 };
  for (const item of items) {
    if (opts.signal?.aborted) break;
    try {
      const res = await client.sendBatch(item.payload as BatchReport, opts.signal);
      outbox.markDelivered(item.batchId);
      (res.status === 'already-recorded' ? result.alreadyRecorded : result.delivered).push(item.batchId);
      log.info({ batchId: item.batchId, status: res.status }, 'report delivered');
    } catch (err) {
      const e = err instanceof DeliveryError ? err : new DeliveryError(true, 'INTERNAL', String(err));
      const retryable = e.retryable;
      // a permanent refusal is kept (never dropped) and retried rarely, so it stays visible
      const next = new Date(now.getTime() + (retryable ? backoffMs(item.attempts) : 6 * 3600_000));
      outbox.markFailed(item.batchId, `${e.code}: ${e.message}`, next);
      result.failed.push({ batchId: item.batchId, code: e.code, message: e.message, retryable });
      log.warn({ batchId: item.batchId, code: e.code, retryable, next }, 'report delivery failed');
      if (retryable && e.code === 'SERVER_UNREACHABLE') break; // the server is down: do not hammer it
    }
  }
  result.pending = outbox.pending().length;
  return result;
}

/** Keeps delivering until the signal fires; sleeps until the next report is due. */
export async function runSender(outbox: Outbox, client: RegistryClient, log: Logger, signal: AbortSignal, pollMs = 30_000): Promise<void> {
  while (!signal.aborted) {
    await deliverDue(outbox, client, log, { signal });
    const next = outbox.nextDueAt();
    const wait = next ? Math.max(200, Math.min(pollMs, next.getTime() - Date.now())) : pollMs;
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, wait);
      signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, { once: true });
    });
  }
}
