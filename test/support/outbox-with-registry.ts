/**
 * What the outbox sender's tests stand on: a station's journal and outbox on a real SQLite file in a
 * temp folder, the real registry server (in-process, real HTTP on loopback) with the station added,
 * clients for it, and a loopback relay to put between them that counts the reports posted and holds
 * each until the test lets it go.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { BatchReport } from '../../shared/src/schemas/batch-report.ts';
import type { SummaryDocument } from '../../shared/src/split-summary.ts';
import { createBatchJournal, type BatchJournal } from '../../station/src/journal/batch-journal.ts';
import { openJournal, type JournalDb } from '../../station/src/journal/open-journal.ts';
import { createOutbox, type Outbox } from '../../station/src/journal/outbox-repository.ts';
import { batchReportFrom } from '../../station/src/report/batch-report.ts';
import { RegistryClient } from '../../station/src/report/registry-client.ts';
import { splitSummary, startRegistry, summaryDocument, type RegistryApp } from './registry-app.ts';
import { makeTempDir } from './temp-dirs.ts';

export interface OutboxWithRegistry {
  /** The temp folder (removed by close). */
  dir: string;
  /** The station's data folder: its journal, station.db. */
  dataDir: string;
  db: JournalDb;
  journal: BatchJournal;
  outbox: Outbox;
  registry: RegistryApp;
  stationName: string;
  /** The station's token on the registry. */
  token: string;
  /** A client of the registry (or of `url`: a relay, a port where nothing listens). */
  client(url?: string, token?: string): RegistryClient;
  /** A completed batch with its report queued, as runRecordedBatch does it; returns the report. */
  queue(id: string, docs?: SummaryDocument[]): BatchReport;
  /** How many batches the registry holds under `id`. */
  recorded(id: string): number;
  /** Closes the journal (if still open) and the registry, removes the temp folder. */
  close(): Promise<void>;
}

export async function startOutboxWithRegistry(opts: { prefix?: string; stationName?: string; dataFolder?: string } = {}): Promise<OutboxWithRegistry> {
  const stationName = opts.stationName ?? 'statia-1';
  const tmp = await makeTempDir(opts.prefix ?? 'outbox-');
  const dataDir = opts.dataFolder ? path.join(tmp.dir, opts.dataFolder) : tmp.dir;
  const db = openJournal(dataDir);
  const journal = createBatchJournal(db);
  const outbox = createOutbox(db);
  const registry = await startRegistry();
  const token = await registry.addStation(stationName);
  return {
    dir: tmp.dir,
    dataDir,
    db,
    journal,
    outbox,
    registry,
    stationName,
    token,
    client: (url = registry.base, t = token) => new RegistryClient({ url, token: t }),
    queue(id, docs = [summaryDocument('84512/27.09.2021', 2), summaryDocument('84513/27.09.2021', 1)]) {
      const summary = splitSummary(id, docs);
      journal.start({ id, kind: 'split', outDir: `/out/${id}`, options: {} });
      journal.complete(id, JSON.stringify(summary), () => outbox.enqueue(id, batchReportFrom(summary, stationName)));
      return batchReportFrom(summary, stationName);
    },
    recorded: (id) => registry.count('SELECT COUNT(*) FROM batches WHERE batch_id = ?', id),
    async close() {
      if (db.open) db.close();
      await registry.close();
      await tmp.cleanup();
    },
  };
}

export interface HoldingRelay {
  /** The relay's address: give it to a RegistryClient. */
  base: string;
  /** The reports posted (POST /api/batches) that reached the relay so far. */
  readonly posted: number;
  /**
   * Called as each report reaches the relay (n from 1); it goes on to the registry when the promise
   * resolves. Other requests (the check of held reports) go on at once. Default: at once.
   */
  arrived: (n: number) => Promise<void>;
  close(): Promise<void>;
}

/** A loopback relay to `target` (the registry's base) that counts the reports posted and can hold them. */
export async function startHoldingRelay(target: string): Promise<HoldingRelay> {
  let posted = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const held = req.method === 'POST' && req.url === '/api/batches' ? relay.arrived(++posted) : Promise.resolve();
      void held
        .then(() => fetch(`${target}${req.url}`, { method: req.method, headers: { 'content-type': 'application/json', authorization: String(req.headers.authorization) }, body: Buffer.concat(chunks) }))
        .then(async (r) => void res.writeHead(r.status, { 'content-type': 'application/json' }).end(await r.text()))
        .catch(() => res.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const relay: HoldingRelay = {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get posted() {
      return posted;
    },
    arrived: async () => {},
    async close() {
      relay.arrived = async () => {};
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  return relay;
}
