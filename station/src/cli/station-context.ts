/**
 * What a command needs from the station, built once from the parsed config: logger, journal,
 * outbox and (when a server is configured) the registry client. Closed by the command.
 */
import type { Logger } from 'pino';
import type { StationConfig } from '../config.ts';
import { createBatchJournal, type BatchJournal } from '../journal/batch-journal.ts';
import { openJournal, type JournalDb } from '../journal/open-journal.ts';
import { createOutbox, type Outbox } from '../journal/outbox-repository.ts';
import { createLogger } from '../log/logger.ts';
import { deliverDue, type SendResult } from '../report/outbox-sender.ts';
import { RegistryClient } from '../report/registry-client.ts';

export interface StationContext {
  cfg: StationConfig;
  log: Logger;
  db: JournalDb;
  journal: BatchJournal;
  outbox: Outbox;
  client: RegistryClient | null;
  close(): void;
}

export function openStationContext(cfg: StationConfig, log: Logger = createLogger(cfg.dataDir)): StationContext {
  const db = openJournal(cfg.dataDir);
  const { url, token } = cfg.server;
  return {
    cfg,
    log,
    db,
    journal: createBatchJournal(db),
    outbox: createOutbox(db),
    client: url && token ? new RegistryClient({ url, token }) : null,
    close: () => db.close(),
  };
}

/** One delivery attempt right after a batch; returns a Romanian line for the clerk. */
export async function deliverNow(ctx: StationContext): Promise<{ text: string; result: SendResult | null }> {
  if (!ctx.client) {
    const n = ctx.outbox.pending().length;
    const de = n > 0 && (n % 100 === 0 || n % 100 >= 20) ? 'de ' : ''; // «20 de rapoarte», «3 rapoarte»
    return { text: `Niciun server configurat: ${n} ${n === 1 ? 'raport rămâne' : `${de}rapoarte rămân`} în coada stației.`, result: null };
  }
  const result = await deliverDue(ctx.outbox, ctx.client, ctx.log, { all: true });
  const sent = result.delivered.length + result.alreadyRecorded.length;
  const text =
    result.failed.length === 0
      ? sent === 0 ? 'Niciun raport în așteptare: nimic de trimis.' : `Raport trimis la registratură (${sent}).`
      : `Raportul nu a putut fi trimis (${result.failed[0]!.message}). Rămâne în coadă; „station sync” îl retrimite.`;
  return { text, result };
}
