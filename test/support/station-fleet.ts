/**
 * Many stations reporting at once, for multi-instance end-to-end tests. Each station has its own
 * journal and durable outbox (the station's own code: `openJournal`, `createOutbox`, `deliverDue`)
 * and sends every report to a registry instance picked at random — sometimes to two instances at
 * once, as a load balancer retrying on another node would. Nothing waits on the wall clock: a
 * station whose attempt failed while an instance is down waits for the next event (another
 * station's delivery, the instance coming back); otherwise a failure is retried at once.
 */
import { createHash } from 'node:crypto';
import { EventEmitter } from 'node:events';
import path from 'node:path';
import { pino } from 'pino';
import type { BatchReport } from '../../shared/src/schemas/batch-report.ts';
import { createBatchJournal, type BatchJournal } from '../../station/src/journal/batch-journal.ts';
import { openJournal, type JournalDb } from '../../station/src/journal/open-journal.ts';
import { createOutbox, type Outbox } from '../../station/src/journal/outbox-repository.ts';
import { deliverDue } from '../../station/src/report/outbox-sender.ts';
import { DeliveryError, RegistryClient, type SentReport } from '../../station/src/report/registry-client.ts';

export interface Instance {
  base: string;
  /** False between a kill and the restart. */
  up: boolean;
}

export interface FleetStation {
  name: string;
  db: JournalDb;
  journal: BatchJournal;
  outbox: Outbox;
}

export interface FleetStats {
  /** Reports marked delivered in the outboxes. */
  delivered: number;
  /** Requests started per instance. */
  sent: number[];
  /** Requests in flight per instance (sent, no answer yet). */
  inFlight: number[];
  /** Requests that failed per instance (no answer, or a 5xx). */
  failed: number[];
  /** Requests answered with a 5xx per instance. */
  serverErrors: number[];
  /** Reports sent to both instances at once. */
  doubleSends: number;
}

/** A RegistryClient that routes each report to one random instance, or to both. */
class RoutingClient extends RegistryClient {
  constructor(private readonly route: (report: BatchReport, signal?: AbortSignal) => Promise<SentReport>) {
    super({ url: 'http://127.0.0.1:9/', token: 'unused' });
  }

  override sendBatch(report: BatchReport, signal?: AbortSignal): Promise<SentReport> {
    return this.route(report, signal);
  }
}

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

/** The `r`-th batch report of station `s` (1 to 5 documents, unique registration numbers). */
export function fleetReport(station: string, s: number, r: number, at: Date): BatchReport {
  const count = 1 + ((r * 7 + s) % 5);
  const day = new Intl.DateTimeFormat('ro-RO', { timeZone: 'Europe/Bucharest', day: '2-digit', month: '2-digit', year: 'numeric' }).format(at);
  const documents = Array.from({ length: count }, (_, i) => {
    const n = 10_000 + s * 1_000 + r * 10 + i;
    const pages = 1 + ((n * 3) % 6);
    return { id: `${n}/${day}`, file: `${n}_${day}.pdf`, pages, sheets: pages + (i % 2), sha256: sha(`${station}/${r}/${i}`), flags: [] as string[] };
  });
  const pages = documents.reduce((t, d) => t + d.pages, 0);
  return {
    batchId: `lot-${String(r).padStart(3, '0')}`,
    station,
    startedAt: at.toISOString(),
    endedAt: new Date(at.getTime() + 60_000).toISOString(),
    pagesIn: pages + count,
    separatorPages: count,
    blankPages: 0,
    unassignedPages: 0,
    documents,
  };
}

export interface Fleet {
  stations: FleetStation[];
  stats: FleetStats;
  events: EventEmitter;
  /** Tells the waiting stations an instance is back. */
  instanceBack(): void;
  /** Each station enqueues `reports` reports one after the other and delivers each; resolves when all are delivered. */
  run(reports: number, token: (station: string) => string): Promise<void>;
  close(): void;
}

/**
 * `names.length` stations with their journals under `dir`, reporting to `instances`. Every `doubleEvery`-th
 * report goes to both instances at once (0: never).
 */
export function createFleet(dir: string, names: string[], instances: Instance[], opts: { doubleEvery: number; at: Date }): Fleet {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const stats: FleetStats = {
    delivered: 0, sent: instances.map(() => 0), inFlight: instances.map(() => 0), failed: instances.map(() => 0),
    serverErrors: instances.map(() => 0), doubleSends: 0,
  };
  const silent = pino({ level: 'silent' });
  const stations = names.map((name) => {
    const db = openJournal(path.join(dir, name));
    return { name, db, journal: createBatchJournal(db), outbox: createOutbox(db) };
  });
  const next = (): Promise<void> => new Promise((resolve) => events.once('progress', resolve));

  async function sendTo(i: number, token: string, report: BatchReport, signal?: AbortSignal): Promise<SentReport> {
    stats.sent[i]!++;
    stats.inFlight[i]!++;
    events.emit('send', i);
    try {
      return await new RegistryClient({ url: instances[i]!.base, token }).sendBatch(report, signal);
    } catch (err) {
      stats.failed[i]!++;
      const status = err instanceof DeliveryError ? err.details?.status : undefined;
      if (err instanceof DeliveryError && err.code === 'SERVER_ERROR' && typeof status === 'number' && status >= 500) stats.serverErrors[i]!++; // the HTTP status, never the message's words
      throw err;
    } finally {
      stats.inFlight[i]!--;
    }
  }

  async function runStation(s: number, reports: number, token: string): Promise<void> {
    const station = stations[s]!;
    let attempt = 0;
    const client = new RoutingClient(async (report, signal) => {
      attempt++;
      const both = opts.doubleEvery > 0 && attempt % opts.doubleEvery === 0;
      const picks = both ? [0, 1] : [Math.floor(Math.random() * instances.length)];
      if (both) stats.doubleSends++;
      const outcomes = await Promise.allSettled(picks.map((i) => sendTo(i, token, report, signal)));
      const ok = outcomes.find((o): o is PromiseFulfilledResult<SentReport> => o.status === 'fulfilled');
      if (ok) return ok.value;
      throw (outcomes[0] as PromiseRejectedResult).reason;
    });
    for (let r = 0; r < reports; r++) {
      const report = fleetReport(station.name, s, r, opts.at);
      // as the station does: the batch is journalled, and completing it enqueues its report in the same transaction
      station.journal.start({ id: report.batchId, kind: 'split', outDir: path.join(dir, station.name, report.batchId), options: {} });
      station.journal.complete(report.batchId, JSON.stringify({ batchId: report.batchId }), () => station.outbox.enqueue(report.batchId, report));
      while (station.outbox.waiting().length > 0) {
        const result = await deliverDue(station.outbox, client, silent, { all: true, stationName: station.name });
        const done = result.delivered.length + result.alreadyRecorded.length;
        if (done > 0) {
          stats.delivered += done;
          events.emit('progress');
          events.emit('delivered', stats.delivered);
        }
        if (result.attention.length > 0) throw new Error(`${station.name}: refused for good: ${JSON.stringify(result.failed)}`);
        // an instance is down: wait for the next delivery by another station or for its return
        if (result.failed.length > 0 && instances.some((x) => !x.up)) await next();
      }
    }
  }

  return {
    stations,
    stats,
    events,
    instanceBack: () => events.emit('progress'),
    run: (reports, token) => Promise.all(stations.map((st, s) => runStation(s, reports, token(st.name)))).then(() => undefined),
    close: () => {
      for (const st of stations) st.db.close();
    },
  };
}
