/**
 * What a command needs from the station, built once from the parsed config: logger, journal,
 * outbox, the station's fixed name and (when a server is configured) the registry client.
 * Closed by the command.
 */
import type { Logger } from 'pino';
import { countRo } from '../../../shared/src/count-ro.ts';
import type { StationConfig } from '../config.ts';
import { createBatchJournal, type BatchJournal } from '../journal/batch-journal.ts';
import { openJournal, type JournalDb } from '../journal/open-journal.ts';
import { createOutbox, type Outbox } from '../journal/outbox-repository.ts';
import { createStationIdentity, type ResolvedIdentity, type StationIdentity } from '../journal/station-identity.ts';
import { createLogger } from '../log/logger.ts';
import { deliverAndReconcile, type SendResult } from '../report/outbox-sender.ts';
import { RegistryClient } from '../report/registry-client.ts';

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
  return {
    cfg,
    log,
    db,
    journal: createBatchJournal(db),
    outbox: createOutbox(db),
    identity,
    stationName: resolved.name ?? '',
    identityConflict: resolved.conflict,
    client: url && token ? new RegistryClient({ url, token }) : null,
    close: () => db.close(),
  };
}

/** «1 raport», «3 rapoarte», «20 de rapoarte». */
export function reportsRo(n: number): string {
  return countRo(n, 'raport', 'rapoarte');
}

/** Why nothing can be sent now (Romanian), or null when reports can go out. */
export function sendingBlockedBy(ctx: StationContext): string | null {
  if (!ctx.client) return null;
  if (ctx.identityConflict) {
    const { recorded, configured } = ctx.identityConflict;
    return (
      `Stația este înregistrată în jurnal ca „${recorded}”, dar configurația spune acum „${configured}”; rapoartele nu se trimit până nu alegeți. ` +
      `Dacă numele vechi era greșit, rulați „station outbox readdress --all” (stația devine „${configured}” și rapoartele în așteptare îi sunt adresate); altfel puneți înapoi STATION_NAME=${recorded}.`
    );
  }
  if (!ctx.stationName) return 'Numele stației nu este configurat (STATION_NAME sau server.stationName, exact cum a fost creată stația pe server); rapoartele așteaptă în coadă.';
  return null;
}

const supersededText = (n: number): string =>
  n === 0 ? '' : n === 1
    ? ' Registratura avea deja o versiune mai nouă a raportului unui lot: nu mai e nimic de trimis pentru el.'
    : ` Registratura avea deja versiuni mai noi ale rapoartelor pentru ${countRo(n, 'lot', 'loturi')}: nu mai e nimic de trimis pentru ele.`;

/** The clerk's line for reports delivered earlier that the registry no longer held, put back in the queue. */
export function missingRo(n: number): string {
  return `Registratura nu mai avea ${reportsRo(n)} primit${n === 1 ? '' : 'e'} mai demult (probabil și-a restaurat baza de date dintr-o copie de siguranță): `
    + `${n === 1 ? 'a fost pus' : 'au fost puse'} din nou în coada de trimitere.`;
}

/** One delivery attempt right after a batch; returns a Romanian line for the clerk, and what it did (`requeued`: reports the registry no longer held, put back). */
export async function deliverNow(ctx: StationContext): Promise<{ text: string; result: SendResult | null; requeued: string[] }> {
  const attention = ctx.outbox.needingAttention().length;
  const attentionText = attention > 0 ? ` Atenție: ${reportsRo(attention)} refuzat${attention === 1 ? '' : 'e'} de server: vedeți „station outbox”.` : '';
  if (!ctx.client) {
    const n = ctx.outbox.pending().length;
    return { text: `Niciun server configurat: ${reportsRo(n)} ${n === 1 ? 'rămâne' : 'rămân'} în coada stației.`, result: null, requeued: [] };
  }
  const blocked = sendingBlockedBy(ctx);
  if (blocked) return { text: `${blocked}${attentionText}`, result: null, requeued: [] };
  // delivered first; then, if the registry answered, reports it no longer holds (restored from an older backup) are queued and sent again
  const { result, requeued } = await deliverAndReconcile(ctx.outbox, ctx.client, ctx.log, { all: true, stationName: ctx.stationName });
  const missingText = requeued.length > 0 ? `${missingRo(requeued.length)} ` : '';
  const sent = result.delivered.length + result.alreadyRecorded.length;
  const temporary = result.failed.find((f) => f.retryable);
  const nowAttention = ctx.outbox.needingAttention().length;
  const tail = nowAttention > 0 ? ` Atenție: ${reportsRo(nowAttention)} refuzat${nowAttention === 1 ? '' : 'e'} de server (o reîncercare nu ajută): vedeți „station outbox”.` : '';
  const text = missingText + (
    temporary
      ? `Raportul nu a putut fi trimis (${temporary.message}). Rămâne în coadă; „station sync” îl retrimite.${tail}`
      : sent === 0 && nowAttention === 0 && result.superseded.length === 0
        ? 'Niciun raport în așteptare: nimic de trimis.'
        : `${sent > 0 ? `Raport trimis la registratură (${sent}).` : 'Niciun raport trimis.'}${supersededText(result.superseded.length)}${tail}`);
  return { text, result, requeued };
}
