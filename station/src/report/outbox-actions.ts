/**
 * What the clerk can do with reports that did not reach the registry (`station outbox`, and the
 * station's web UI): see them and why, send a refused one again once its cause is fixed, and
 * re-address reports to the station named in the configuration. Nothing here drops a report.
 */
import type { Logger } from 'pino';
import { StationError } from '../../../shared/src/errors.ts';
import type { Outbox, OutboxItem } from '../journal/outbox-repository.ts';
import type { StationIdentity } from '../journal/station-identity.ts';

export interface OutboxEntry {
  batchId: string;
  /** waiting: retried automatically; attention: refused by the server, waits for the clerk. */
  state: 'waiting' | 'attention';
  station: string | null;
  documents: number;
  attempts: number;
  createdAt: string;
  nextAttemptAt: string | null;
  lastError: string | null;
  /** When the registry was found lacking it, delivered earlier, and it went back in the queue. */
  missingAt: string | null;
  problems: OutboxItem['problems'];
  /** Another program of the station (`station ui`, `station sync --watch`) is sending it right now (OutboxItem.sendingElsewhere). */
  sendingElsewhere: boolean;
}

export function describeOutbox(outbox: Outbox): OutboxEntry[] {
  return outbox.pending().map(toEntry);
}

export function toEntry(i: OutboxItem): OutboxEntry {
  const p = i.payload as { station?: unknown; documents?: unknown[] };
  return {
    batchId: i.batchId,
    state: i.attentionAt ? 'attention' : 'waiting',
    station: typeof p.station === 'string' ? p.station : null,
    documents: Array.isArray(p.documents) ? p.documents.length : 0,
    attempts: i.attempts,
    createdAt: i.createdAt,
    nextAttemptAt: i.attentionAt ? null : i.nextAttemptAt,
    lastError: i.lastError,
    missingAt: i.missingAt,
    problems: i.problems,
    sendingElsewhere: i.sendingElsewhere,
  };
}

function pick(outbox: Outbox, batchIds: readonly string[] | 'all'): OutboxItem[] {
  const pending = outbox.pending();
  if (batchIds === 'all') return pending;
  return batchIds.map((id) => {
    const item = pending.find((p) => p.batchId === id);
    if (item) return item;
    const any = outbox.get(id);
    if (any?.deliveredAt) throw new StationError('USAGE', `Raportul lotului ${id} a fost deja primit de registratură (${any.deliveredAt}).`, { batchId: id });
    throw new StationError('BATCH_NOT_FOUND', `Lotul ${id} nu are niciun raport în coada stației.`, { batchId: id });
  });
}

/** Puts the chosen reports back in the queue, due now. Returns their ids. */
export function retryReports(outbox: Outbox, batchIds: readonly string[] | 'all'): string[] {
  const items = pick(outbox, batchIds);
  for (const i of items) outbox.requeue(i.batchId);
  return items.map((i) => i.batchId);
}

/**
 * Re-addresses the chosen reports to the station named in the configuration and fixes that name
 * as the station's identity (an explicit, logged change). Returns their ids.
 */
export function readdressReports(
  svc: { outbox: Outbox; identity: StationIdentity; log: Logger },
  configuredName: string | null | undefined,
  batchIds: readonly string[] | 'all',
): { batchIds: string[]; previousName: string | null; name: string } {
  const name = configuredName?.trim();
  if (!name) throw new StationError('USAGE', 'Numele stației nu este configurat (STATION_NAME sau server.stationName): nu am cui adresa rapoartele.');
  const items = pick(svc.outbox, batchIds);
  const previousName = svc.identity.get()?.name ?? null;
  if (previousName !== name) {
    svc.identity.change(name);
    svc.log.warn({ previousName, name }, 'station identity changed by the clerk (outbox readdress)');
  }
  for (const i of items) {
    svc.outbox.replacePayload(i.batchId, { ...(i.payload as Record<string, unknown>), station: name });
    svc.outbox.requeue(i.batchId);
  }
  return { batchIds: items.map((i) => i.batchId), previousName, name };
}
