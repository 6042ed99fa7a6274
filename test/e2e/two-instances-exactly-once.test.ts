/**
 * Issue 14's proof: two real registry server processes (`node bin/server.js serve`) on one
 * database; 16 stations (each with its own journal and durable outbox, the station's own code)
 * report concurrently, each report to a random instance (every fourth to both at once); midway one
 * instance is killed with SIGKILL — with reports in flight to it — and started again. Afterwards
 * every report the outboxes say was delivered is stored exactly once, with its documents as sent,
 * nothing else is stored, and both instances give the same weekly totals.
 *
 * Engines: SQLite (both processes on one WAL file in one DATA_DIR) always; PostgreSQL (a fresh
 * database from `test/support/postgres.ts`) when a server answers at TEST_DATABASE_URL, skipped with
 * the reason otherwise.
 */
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describePostgres } from '../support/postgres.ts';
import { onFreePort } from '../support/registry-app.ts';
import { killAll, startServerProcess, type ServerProcess } from '../support/real-processes.ts';
import { registryStore, type RegistryStore } from '../support/registry-stores.ts';
import { createFleet, type Fleet, type Instance } from '../support/station-fleet.ts';
import { makeTempDir } from '../support/temp-dirs.ts';

const ADMIN_TOKEN = 'e2e-two-instances-admin-0123456789';
const STATIONS = 16;
const REPORTS_PER_STATION = 8;

let tmp: { dir: string; cleanup: () => Promise<void> };
let fleet: Fleet | null = null;

beforeEach(async () => {
  tmp = await makeTempDir('e2e-two-instances-');
});
afterEach(async () => {
  killAll();
  fleet?.close();
  fleet = null;
  await tmp.cleanup();
});

async function api(base: string, route: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${base}${route}`, { ...init, headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers } });
}

async function weeklyTotals(base: string, at: Date): Promise<{ documents: number; sheets: number; pages: number }> {
  const day = (offset: number) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Bucharest' }).format(new Date(at.getTime() + offset * 86_400_000));
  const res = await api(base, `/api/reports/weekly?from=${day(-1)}&to=${day(1)}`);
  expect(res.status).toBe(200);
  return ((await res.json()) as { totals: { documents: number; sheets: number; pages: number } }).totals;
}

async function exactlyOnce(engine: RegistryStore): Promise<void> {
  const at = new Date();
  // first on ports the system picks; instance 0 started again on its own port (or, taken meanwhile, another: its stations told)
  const ports: Array<number | undefined> = [undefined, undefined];
  const start = (i: number) => onFreePort(async (port) => {
    const server = await startServerProcess({ port, dataDir: engine.dataDir, adminToken: ADMIN_TOKEN, cwd: tmp.dir, env: engine.env });
    ports[i] = Number(new URL(server.base).port);
    return server;
  }, { first: ports[i] ?? 0 });
  // both start at once on a new database: each migrates it, or finds it migrated
  const servers: ServerProcess[] = await Promise.all([start(0), start(1)]);
  const instances: Instance[] = servers.map((s) => ({ base: s.base, up: true }));

  const names = Array.from({ length: STATIONS }, (_, i) => `statia-${String(i + 1).padStart(2, '0')}`);
  const tokens = new Map<string, string>();
  for (const [i, name] of names.entries()) {
    const res = await api(instances[i % 2]!.base, '/api/stations', { method: 'POST', body: JSON.stringify({ name }) });
    expect(res.status, await res.clone().text()).toBe(201);
    tokens.set(name, ((await res.json()) as { token: string }).token);
  }

  fleet = createFleet(path.join(tmp.dir, 'stations'), names, instances, { doubleEvery: 4, at });
  const total = STATIONS * REPORTS_PER_STATION;
  const { stats, events } = fleet;

  // --- midway: instance 0 is killed with a report in flight to it, then started again -------------
  let killedWithInFlight = 0;
  let failuresWhileDown = 0;
  let killed = false;
  const outage = new Promise<void>((resolve, reject) => {
    const tryKill = () => {
      if (killed || stats.delivered < total / 2 || stats.inFlight[0] === 0) return;
      killed = true;
      events.off('delivered', tryKill);
      killedWithInFlight = stats.inFlight[0]!;
      const failedBefore = stats.failed[0]!;
      instances[0]!.up = false;
      servers[0]!.child.kill('SIGKILL');
      void (async () => {
        const death = await servers[0]!.exited;
        expect(death.signal).toBe('SIGKILL');
        // back once a station has been turned away by the dead instance (or nothing is left to send)
        await new Promise<void>((back) => {
          const check = () => {
            if (stats.failed[0]! > failedBefore || stats.delivered >= total) {
              events.off('send', check);
              events.off('delivered', check);
              back();
            }
          };
          events.on('send', check);
          events.on('delivered', check);
          check();
        });
        servers[0] = await start(0);
        failuresWhileDown = stats.failed[0]! - failedBefore;
        instances[0]!.base = servers[0].base;
        instances[0]!.up = true;
        fleet!.instanceBack();
      })().then(resolve, reject);
    };
    events.on('delivered', tryKill);
    events.on('send', () => setImmediate(tryKill)); // the request has gone out
  });

  // a failed restart fails the test at once instead of leaving the stations waiting for it
  await Promise.race([fleet.run(REPORTS_PER_STATION, (name) => tokens.get(name)!), outage.then(() => new Promise<never>(() => {}))]);
  await outage;
  expect(killedWithInFlight).toBeGreaterThan(0);
  expect(failuresWhileDown).toBeGreaterThan(0);

  // --- the stations' side: every report delivered, none set aside --------------------------------
  const delivered = fleet.stations.flatMap((st) => st.outbox.pending().length === 0
    ? st.db.prepare('SELECT batch_id FROM outbox ORDER BY batch_id').pluck().all().map((id) => ({ station: st.name, item: st.outbox.get(id as string)! }))
    : expect.fail(`${st.name} still has reports waiting`));
  expect(delivered).toHaveLength(total);
  expect(delivered.every((d) => d.item.deliveredAt !== null && d.item.attentionAt === null)).toBe(true);

  // --- the server's side: each delivered report exactly once, as sent, and nothing else -----------
  type Sent = { batchId: string; documents: { id: string; file: string | null; pages: number; sheets: number; sha256: string | null }[] };
  const sent = delivered.map(({ station, item }) => ({ station, report: item.payload as Sent }));
  expect(await engine.batches()).toEqual(sent.map(({ station, report }) => ({ station, batchId: report.batchId, documentCount: report.documents.length })));
  expect(await engine.documents()).toEqual(sent.flatMap(({ station, report }) =>
    report.documents.map((d) => ({ station, batchId: report.batchId, id: d.id, file: d.file, pages: d.pages, sheets: d.sheets, sha256: d.sha256 }))));

  // --- the weekly totals, the same from both instances ------------------------------------------
  const docs = sent.flatMap((s) => s.report.documents);
  const expected = { documents: docs.length, sheets: docs.reduce((t, d) => t + d.sheets, 0), pages: docs.reduce((t, d) => t + d.pages, 0) };
  expect(await weeklyTotals(instances[0]!.base, at)).toEqual(expected);
  expect(await weeklyTotals(instances[1]!.base, at)).toEqual(expected);

  for (const server of servers) expect((await server.stop()).code).toBe(0);
  console.info(`two instances: ${total} reports, ${stats.doubleSends} sent to both at once; requests ${stats.sent.join(' + ')}, `
    + `failed ${stats.failed.join(' + ')} (5xx ${stats.serverErrors.join(' + ')}); killed with ${killedWithInFlight} in flight, `
    + `${failuresWhileDown} turned away while down`);
}

async function withStore(engine: 'sqlite' | 'postgres', run: (store: RegistryStore) => Promise<void>): Promise<void> {
  const store = await registryStore(engine, path.join(tmp.dir, 'server-data'));
  try {
    await run(store);
  } finally {
    await store.close();
  }
}

describe('two registry server processes on one database: every report stored exactly once', () => {
  it('SQLite: both processes on one WAL file, one killed with SIGKILL midway and restarted', () => withStore('sqlite', exactlyOnce), 300_000);
});

describePostgres('two registry server processes on one PostgreSQL database: every report stored exactly once', () => {
  it('one killed with SIGKILL midway and restarted', () => withStore('postgres', exactlyOnce), 300_000);
});
