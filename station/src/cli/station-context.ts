/**
 * What a command needs from the station, built once from the parsed config: logger, journal,
 * outbox, the station's fixed name and (when a server is configured) the registry client.
 * Closed by the command.
 */
import type { Logger } from 'pino';
import type { StationConfig } from '../config.ts';
import { createBatchJournal, type BatchJournal } from '../journal/batch-journal.ts';
import { openJournal, type JournalDb } from '../journal/open-journal.ts';
import { claimLeaseMs } from '../journal/outbox-claim-rule.ts';
import { createOutbox, type Outbox } from '../journal/outbox-repository.ts';
import { createStationIdentity, type ResolvedIdentity, type StationIdentity } from '../journal/station-identity.ts';
import { createLogger } from '../log/logger.ts';
import { sendingBlockRo, type Delivery, type SendingBlock, type Surface } from '../report/delivery-words.ts';
import { deliverAndReconcile } from '../report/outbox-sender.ts';
import { RegistryClient, REQUEST_TIMEOUT_MS } from '../report/registry-client.ts';

export interface StationContext {
  cfg: StationConfig;
  log: Logger;
  db: JournalDb;
  journal: BatchJournal;
  outbox: Outbox;
  identity: StationIdentity;
  /** The name fixed in the journal ('' while none was ever configured): reports carry it. */
  stationName: string;
  /** The configuration names another station than the fixed one: nothing is sent until resolved. */
  identityConflict: ResolvedIdentity['conflict'];
  client: RegistryClient | null;
  close(): void;
}

export function openStationContext(cfg: StationConfig, log: Logger = createLogger(cfg.dataDir)): StationContext {
  const db = openJournal(cfg.dataDir);
  const { url, token } = cfg.server;
  const identity = createStationIdentity(db);
  const resolved = identity.resolve(cfg.server.stationName);
  if (resolved.conflict) log.warn(resolved.conflict, 'configured station name differs from the fixed one');
  const client = url && token ? new RegistryClient({ url, token }) : null;
  return {
    cfg,
    log,
    db,
    journal: createBatchJournal(db),
    // its claims last past the client's request timeout; the list judges another's claim by the same lease
    outbox: createOutbox(db, { leaseMs: claimLeaseMs(client?.requestTimeoutMs ?? REQUEST_TIMEOUT_MS) }),
    identity,
    stationName: resolved.name ?? '',
    identityConflict: resolved.conflict,
    client,
    close: () => db.close(),
  };
}

export { missingRo, reportsRo } from '../report/delivery-words.ts';

/** Why nothing can be sent now (the facts), or null when reports can go out. */
export function sendingBlock(ctx: StationContext): SendingBlock | null {
  if (!ctx.client) return null;
  if (ctx.identityConflict) return { code: 'IDENTITY_CONFLICT', ...ctx.identityConflict };
  if (!ctx.stationName) return { code: 'NO_STATION_NAME' };
  return null;
}

/** Why nothing can be sent now, in Romanian for `surface` (the terminal or the web app), or null when reports can go out. */
export function sendingBlockedBy(ctx: StationContext, surface: Surface): string | null {
  const block = sendingBlock(ctx);
  return block && sendingBlockRo(block, surface);
}

/**
 * One delivery attempt right after a batch (or when asked): what it found and did, as facts; each
 * surface words them (deliveryRo, delivery-words.ts). `requeued`: reports the registry no longer held, put back.
 */
export async function deliverNow(ctx: StationContext): Promise<Delivery> {
  if (!ctx.client) return { outcome: 'no-server', pending: ctx.outbox.pending().length, result: null, requeued: [] };
  const block = sendingBlock(ctx);
  if (block) return { outcome: 'blocked', block, attention: ctx.outbox.needingAttention().length, result: null, requeued: [] };
  // delivered first; then, if the registry answered, reports it no longer holds (restored from an older backup) are queued and sent again
  const { result, requeued } = await deliverAndReconcile(ctx.outbox, ctx.client, ctx.log, { all: true, stationName: ctx.stationName });
  return { outcome: 'attempted', result, requeued, attention: ctx.outbox.needingAttention().length };
}
