/**
 * The proof, with real processes: the registry server (`node bin/server.js serve`) and the
 * station (`node bin/station.js split|sync`), each with its own SQLite file.
 *
 * A batch split while the server is down stays in the station's outbox; `station sync` delivers it
 * once the server is up, and again sends nothing. A `station sync` SIGKILLed after the server has
 * recorded the report but before the station heard the answer (a proxy holds the answer back)
 * resends it on the next run: the server answers already-recorded, the outbox is marked delivered,
 * and the server keeps one copy. The server stopped with SIGTERM and restarted on the same data
 * folder still has everything, and delivery resumes.
 */
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../shared/src/split-summary.ts';
import { openJournal } from '../../station/src/journal/open-journal.ts';
import { createOutbox, type OutboxItem } from '../../station/src/journal/outbox-repository.ts';
import { createBatchJournal } from '../../station/src/journal/batch-journal.ts';
import { freePort, onFreePort } from '../support/registry-app.ts';
import { killAll, runNode, SERVER_BIN, spawnNode, startHoldingProxy, startServerProcess, STATION_BIN, type Exit, type HoldingProxy, type ServerProcess } from '../support/real-processes.ts';
import { REPO_ROOT } from '../support/split-run.ts';
import { makeTempDir } from '../support/temp-dirs.ts';

const ADMIN_TOKEN = 'e2e-admin-token-0123456789abcdef';
const SAMPLES = path.join(REPO_ROOT, 'fixtures', 'samples');
const STATION = 'statia-1';

let tmp: { dir: string; cleanup: () => Promise<void> };
let proxy: HoldingProxy | null = null;

beforeEach(async () => {
  tmp = await makeTempDir('e2e-outbox-');
});
afterEach(async () => {
  killAll();
  await proxy?.close();
  proxy = null;
  await tmp.cleanup();
});

interface Setup {
  serverData: string;
  stationData: string;
  port: number;
  /** Where the server listens (when it runs). */
  serverUrl: string;
  token: string;
  startServer(): Promise<ServerProcess>;
  /** `station <args>` with the server URL given (null: no server configured). */
  station(args: string[], url: string | null): Promise<Exit>;
  stationEnv(url: string | null): NodeJS.ProcessEnv;
}

async function setUp(): Promise<Setup> {
  const serverData = path.join(tmp.dir, 'server-data');
  const stationData = path.join(tmp.dir, 'station-data');
  const port = await freePort();
  // the station's token, created by the server's CLI on the server's data folder, before it starts
  const added = await runNode(SERVER_BIN, ['station', 'add', STATION], { env: { DATA_DIR: serverData }, cwd: tmp.dir });
  expect(added.code, added.stderr).toBe(0);
  expect(added.stdout).toContain(`Stația „${STATION}” a fost creată.`);
  const token = /^(sst_\S+)$/m.exec(added.stdout)?.[1];
  if (!token) throw new Error(`no token in: ${added.stdout}`);
  const stationEnv = (url: string | null): NodeJS.ProcessEnv => ({
    STATION_DATA_DIR: stationData,
    STATION_NAME: STATION,
    ...(url ? { STATION_SERVER_URL: url, STATION_TOKEN: token } : {}),
  });
  const setup: Setup = {
    serverData,
    stationData,
    port,
    serverUrl: `http://127.0.0.1:${port}`,
    token,
    // on the port the station was told (known before the server starts); another one if a process on
    // this loaded machine took it meanwhile, the station told the new one from then on
    startServer: () => onFreePort(async (p) => {
      const server = await startServerProcess({ port: p, dataDir: serverData, adminToken: ADMIN_TOKEN, cwd: tmp.dir });
      setup.port = p;
      setup.serverUrl = server.base;
      return server;
    }, { first: setup.port }),
    station: (args, url) => runNode(STATION_BIN, args, { env: stationEnv(url), cwd: tmp.dir }),
    stationEnv,
  };
  return setup;
}

/** The station's outbox, read from its SQLite file (no station process is running). */
function outboxOf(stationData: string): OutboxItem[] {
  const db = openJournal(stationData);
  try {
    return db.prepare('SELECT batch_id FROM outbox ORDER BY created_at').pluck().all().map((id) => createOutbox(db).get(id as string)!);
  } finally {
    db.close();
  }
}

function batchStatus(stationData: string, id: string): string | undefined {
  const db = openJournal(stationData);
  try {
    return createBatchJournal(db).get(id)?.status;
  } finally {
    db.close();
  }
}

interface ServerDocument { batchId: string; id: string; file: string; pages: number; sheets: number; sha256: string; flags: string }

/** What the server has stored, read from its SQLite file (WAL: readable while it runs). */
function serverState(serverData: string): { batches: { batchId: string; station: string; pagesIn: number; documentCount: number }[]; documents: ServerDocument[] } {
  const db = new Database(path.join(serverData, 'registry.sqlite'), { fileMustExist: true });
  try {
    const batches = db.prepare(`SELECT b.batch_id AS batchId, s.name AS station, b.pages_in AS pagesIn, b.document_count AS documentCount
      FROM batches b JOIN stations s ON s.id = b.station_id ORDER BY b.batch_id`).all() as { batchId: string; station: string; pagesIn: number; documentCount: number }[];
    const documents = db.prepare(`SELECT b.batch_id AS batchId, d.document_id AS id, d.file, d.pages, d.sheets, d.sha256, d.flags
      FROM documents d JOIN batches b ON b.id = d.batch_ref ORDER BY b.batch_id, d.position`).all() as ServerDocument[];
    return { batches, documents };
  } finally {
    db.close();
  }
}

const summaryOf = (outDir: string) => JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary;

/** The server's documents of a batch are exactly the station's documents (ids, files, counts, hashes). */
function expectSameDocuments(serverDocs: ServerDocument[], batchId: string, summary: SplitSummary): void {
  expect(serverDocs.filter((d) => d.batchId === batchId).map(({ batchId: _b, ...d }) => d)).toEqual(
    summary.documents.map((d) => ({ id: d.id, file: d.file, pages: d.pages, sheets: d.sheets, sha256: d.sha256, flags: JSON.stringify(d.flags) })),
  );
}

interface SyncJson {
  result: { delivered: string[]; alreadyRecorded: string[]; superseded: string[]; failed: { batchId: string; code: string; retryable: boolean }[]; pending: number } | null;
  pending: { batchId: string; attempts: number; lastError: string | null }[];
}
/** The batch reports the proxy passed on (not the registry's answers to which reports it holds). */
const reportsSent = (p: { calls: { url: string; requestBody: string; status: number }[] }) => p.calls.filter((c) => c.url === '/api/batches');
const syncJson = (e: Exit): SyncJson => JSON.parse(e.stdout.trim()) as SyncJson;

async function weekly(base: string): Promise<{ totals: { documents: number; sheets: number; pages: number }; weeks: { stations: { station: string; documents: number; sheets: number; pages: number }[] }[] }> {
  const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Bucharest' }).format(new Date(Date.now() + offset * 86_400_000));
  const res = await fetch(`${base}/api/reports/weekly?from=${day(-1)}&to=${day(1)}`, { headers: { authorization: `Bearer ${ADMIN_TOKEN}` } });
  expect(res.status).toBe(200);
  return (await res.json()) as Awaited<ReturnType<typeof weekly>>;
}

const QUEUED = /Raportul nu a putut fi trimis\. Serverul registraturii \(http:\/\/127\.0\.0\.1:\d+\) nu poate fi contactat\. Rămâne în coadă; „station sync” îl retrimite\./;

describe('the durable outbox, end to end with the real server and station processes', () => {
  it('server down, sender killed mid-delivery, server restarted: every report arrives exactly once', async () => {
    const t0 = Date.now();
    const s = await setUp();
    const out = (name: string) => path.join(tmp.dir, name);

    // --- 1. the server is down: the batch is split, its report stays queued ---------------------
    const a = await s.station(['split', path.join(SAMPLES, 'distractor-barcodes'), '--out', out('out-a'), '--batch-id', 'lot-a'], s.serverUrl);
    expect(a.code, a.stderr).toBe(0);
    expect(a.stdout).toMatch(/Documente:\s+2 \(4 pagini\)/);
    expect(a.stdout).toMatch(QUEUED);
    expect(batchStatus(s.stationData, 'lot-a')).toBe('completed');
    expect(outboxOf(s.stationData)).toEqual([
      expect.objectContaining({ batchId: 'lot-a', attempts: 1, lastError: expect.stringMatching(/^SERVER_UNREACHABLE: /), deliveredAt: null }),
    ]);
    expect(outboxOf(s.stationData)[0]!.payload).toMatchObject({ batchId: 'lot-a', station: STATION, pagesIn: 6, separatorPages: 2 });

    // `station sync` while still down: exit 1, the report listed as waiting
    const downSync = await s.station(['sync'], s.serverUrl);
    expect(downSync.code).toBe(1);
    expect(downSync.stdout).toContain('Rămâne în coadă; „station sync” îl retrimite.');
    expect(downSync.stdout).toMatch(/în așteptare: lotul lot-a \(încercări: 2; ultima eroare: SERVER_UNREACHABLE: /);

    // --- 2. the server starts: sync delivers, a second sync sends nothing --------------------------
    let server = await s.startServer();
    proxy = await startHoldingProxy(server.base); // between station and server: counts what is sent
    const sync1 = await s.station(['sync', '--json'], proxy.base);
    expect(sync1.code, sync1.stdout + sync1.stderr).toBe(0);
    expect(syncJson(sync1)).toEqual({ result: { delivered: ['lot-a'], alreadyRecorded: [], superseded: [], failed: [], attention: [], pending: 0 }, pending: [] });
    // the report, then (the registry answered) the hourly question of which delivered reports it holds
    expect(proxy.calls.map((c) => [c.method, c.url, c.status])).toEqual([['POST', '/api/batches', 201], ['POST', '/api/batches/held', 200]]);
    expect(outboxOf(s.stationData)[0]).toMatchObject({ batchId: 'lot-a', attempts: 3, lastError: null, deliveredAt: expect.any(String) });

    const sync2 = await s.station(['sync', '--json'], proxy.base);
    expect(sync2.code).toBe(0);
    expect(syncJson(sync2)).toEqual({ result: { delivered: [], alreadyRecorded: [], superseded: [], failed: [], attention: [], pending: 0 }, pending: [] });
    expect(proxy.calls).toHaveLength(2); // nothing sent twice, and the question not asked again within the hour

    let state = serverState(s.serverData);
    expect(state.batches).toEqual([{ batchId: 'lot-a', station: STATION, pagesIn: 6, documentCount: 2 }]);
    expectSameDocuments(state.documents, 'lot-a', summaryOf(out('out-a')));
    let report = await weekly(server.base);
    expect(report.totals).toEqual({ documents: 2, sheets: 4, pages: 4 });

    // --- 3. the sender is killed after the server recorded the report, before it heard back --------
    // a station with no server configured works alone and keeps the report
    const b = await s.station(['split', path.join(SAMPLES, 'simplex-blank-pages'), '--remove-blank', '--out', out('out-b'), '--batch-id', 'lot-b'], null);
    expect(b.code, b.stderr).toBe(0);
    expect(b.stdout).toContain('Niciun server configurat: 1 raport rămâne în coada stației.');
    expect(outboxOf(s.stationData).find((i) => i.batchId === 'lot-b')).toMatchObject({ attempts: 0, deliveredAt: null });

    proxy.mode = 'hold';
    const held = proxy.nextHeld();
    const killed = spawnNode(STATION_BIN, ['sync', '--json'], { env: s.stationEnv(proxy.base), cwd: tmp.dir });
    const call = await held;
    expect(call.status).toBe(201); // the server has recorded it…
    expect(JSON.parse(call.requestBody)).toMatchObject({ batchId: 'lot-b', station: STATION });
    killed.child.kill('SIGKILL'); // …and the station dies waiting for the answer
    const death = await killed.exited;
    expect(death.signal).toBe('SIGKILL');
    expect(death.stdout).toBe('');
    expect(outboxOf(s.stationData).find((i) => i.batchId === 'lot-b')).toMatchObject({ deliveredAt: null });
    expect(serverState(s.serverData).batches.filter((x) => x.batchId === 'lot-b')).toHaveLength(1);

    proxy.mode = 'pass';
    const resumed = await s.station(['sync', '--json'], proxy.base);
    expect(resumed.code, resumed.stdout + resumed.stderr).toBe(0);
    expect(syncJson(resumed)).toEqual({ result: { delivered: [], alreadyRecorded: ['lot-b'], superseded: [], failed: [], attention: [], pending: 0 }, pending: [] });
    expect(reportsSent(proxy).filter((c) => JSON.parse(c.requestBody).batchId === 'lot-b').map((c) => c.status)).toEqual([201, 200]);
    expect(outboxOf(s.stationData).find((i) => i.batchId === 'lot-b')!.deliveredAt).not.toBeNull();
    state = serverState(s.serverData);
    expect(state.batches.map((x) => x.batchId)).toEqual(['lot-a', 'lot-b']); // one copy each
    expectSameDocuments(state.documents, 'lot-b', summaryOf(out('out-b')));

    // --- 4. the server is stopped with SIGTERM; a batch is queued; the server restarts -----------
    const stopped = await server.stop();
    expect(stopped.code).toBe(0);
    expect(stopped.stderr).toContain('Serverul s-a oprit.');
    const c = await s.station(['split', path.join(SAMPLES, 'pnm-scanimage'), '--out', out('out-c'), '--batch-id', 'lot-c'], s.serverUrl);
    expect(c.code, c.stderr).toBe(0);
    expect(c.stdout).toMatch(QUEUED);
    expect(outboxOf(s.stationData).filter((i) => i.deliveredAt === null).map((i) => i.batchId)).toEqual(['lot-c']);

    server = await s.startServer(); // same port, same data folder
    expect(serverState(s.serverData).batches.map((x) => x.batchId)).toEqual(['lot-a', 'lot-b']); // still there
    // the next batch, split with the server up, delivers the queued report along with its own
    const d = await s.station(['split', path.join(SAMPLES, 'scanner-pdf'), '--out', out('out-d'), '--batch-id', 'lot-d'], proxy.base);
    expect(d.code, d.stderr).toBe(0);
    expect(d.stdout).toContain('Raport trimis la registratură (2).');
    const last = await s.station(['sync', '--json'], proxy.base);
    expect(syncJson(last)).toEqual({ result: { delivered: [], alreadyRecorded: [], superseded: [], failed: [], attention: [], pending: 0 }, pending: [] });

    // --- the end: four batches, each once, exactly as the station split them ---------------------
    expect(outboxOf(s.stationData).map((i) => [i.batchId, i.deliveredAt !== null])).toEqual([['lot-a', true], ['lot-b', true], ['lot-c', true], ['lot-d', true]]);
    expect(reportsSent(proxy).map((x) => `${JSON.parse(x.requestBody).batchId}:${x.status}`)).toEqual(['lot-a:201', 'lot-b:201', 'lot-b:200', 'lot-c:201', 'lot-d:201']);
    state = serverState(s.serverData);
    expect(state.batches).toEqual([
      { batchId: 'lot-a', station: STATION, pagesIn: 6, documentCount: 2 },
      { batchId: 'lot-b', station: STATION, pagesIn: 7, documentCount: 2 },
      { batchId: 'lot-c', station: STATION, pagesIn: 3, documentCount: 1 },
      { batchId: 'lot-d', station: STATION, pagesIn: 5, documentCount: 2 },
    ]);
    for (const id of ['a', 'b', 'c', 'd']) expectSameDocuments(state.documents, `lot-${id}`, summaryOf(out(`out-${id}`)));
    report = await weekly(server.base);
    // pages 4 + 3 + 2 + 3, sheets 4 + 5 + 2 + 3 (blank leaves count as sheets)
    expect(report.totals).toEqual({ documents: 7, sheets: 14, pages: 12 });
    expect(report.weeks.flatMap((w) => w.stations).filter((x) => x.station === STATION).reduce((n, x) => n + x.documents, 0)).toBe(7);

    expect((await server.stop()).code).toBe(0);
    console.info(`e2e outbox delivery: ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }, 600_000); // a safety net: fourteen node processes, one after another, ran past 240 s at a load average of 40

  it('a batch with an empty document is delivered by split with the server up', async () => {
    const s = await setUp();
    const server = await s.startServer();
    const outDir = path.join(tmp.dir, 'out-e');
    const e = await s.station(['split', path.join(SAMPLES, 'unassigned-empty-duplicate'), '--out', outDir, '--batch-id', 'lot-e'], server.base);
    expect(e.code, e.stderr).toBe(0);
    const summary = summaryOf(outDir);
    expect(summary.documents.map((d) => [d.pages, d.file, d.flags])).toContainEqual([0, null, ['empty']]);
    expect(outboxOf(s.stationData)).toEqual([expect.objectContaining({ batchId: 'lot-e', lastError: null, deliveredAt: expect.any(String) })]);
    expect(e.stdout).toContain('Raport trimis la registratură (1).');
    const state = serverState(s.serverData);
    expect(state.batches).toEqual([{ batchId: 'lot-e', station: STATION, pagesIn: 10, documentCount: 4 }]);
    expect(state.documents.map((d) => [d.id, d.pages])).toEqual(summary.documents.map((d) => [d.id, d.pages]));
    expect((await server.stop()).code).toBe(0);
  }, 300_000); // a safety net: 101 s of its 120 in a full run at a load average of 40
});
