/**
 * «Loturi» lists the batch the clerk just started from «scanning» on, before it reaches the journal
 * (the registry's borderou taken, the workers starting) and before its first page. Real HTTP on
 * loopback, the real watched-folder driver on an empty folder; the registry is a loopback server
 * that holds the borderou's answer until the list was asked, so the order is forced, not timed.
 */
import { once } from 'node:events';
import { createServer, type Server, type ServerResponse } from 'node:http';
import { mkdir } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { rawRequest, startUi, type RunningUi } from '../../support/ui-harness.ts';

let ui: RunningUi;
let registry: Server;
let cleanup: () => Promise<void>;
let root: string;
/** The borderou question the registry holds, and the moment it arrived. */
let held: ServerResponse | null = null;
let asked: () => void = () => {};

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('ui-batches-running-'));
  registry = createServer((req, res) => {
    if (!req.url?.startsWith('/api/borderouri/current')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"nu"}}');
      return;
    }
    held = res;
    asked();
  });
  registry.listen(0, '127.0.0.1');
  await once(registry, 'listening');
  const { port } = registry.address() as AddressInfo;
  ui = await startUi(path.join(root, 'data'), { STATION_SERVER_URL: `http://127.0.0.1:${port}`, STATION_TOKEN: 'token-de-test', STATION_NAME: 'ghiseu-1' });
});
afterAll(async () => {
  held?.destroy();
  await ui?.close();
  registry?.closeAllConnections();
  await new Promise((resolve) => registry?.close(resolve));
  await cleanup();
});

const headers = () => ({ host: `127.0.0.1:${ui.port}`, 'x-station-secret': ui.secret, 'content-type': 'application/json' });
type Listed = { id: string; state: string; scanner: string; pages: number; startedAt: string };
async function list(): Promise<Listed[]> {
  const res = await rawRequest(ui.port, 'GET', '/api/batches', headers());
  expect(res.status).toBe(200);
  return (JSON.parse(res.body) as { batches: Listed[] }).batches;
}
/** The journal has the batch as running (begun, or resumed): polled in the journal itself, never a fixed wait. */
async function journalledRunning(batchId: string): Promise<void> {
  await expect.poll(() => ui.station.journal.get(batchId)?.status, { timeout: 60_000, interval: 20 }).toBe('running');
}
async function startFolderBatch(folder: string, extra: Record<string, unknown> = {}): Promise<string> {
  const res = await rawRequest(ui.port, 'POST', '/api/scan', headers(), JSON.stringify({ driver: 'folder', device: folder, ...extra }));
  expect(res.status, res.body).toBe(202);
  return (JSON.parse(res.body) as { batchId: string }).batchId;
}

describe('«Loturi» and a batch just started', () => {
  it('lists the batch while it is not in the journal yet (the registry\'s borderou still coming), and no longer once it failed before the journal', async () => {
    const folder = path.join(root, 'urmarit-1');
    await mkdir(folder, { recursive: true });
    const arrived = new Promise<void>((resolve) => { asked = resolve; });
    const batchId = await startFolderBatch(folder, { borderouRegistryDay: '2026-12-01' });
    await arrived; // the runner said «scanning» and waits for the registry: the journal has not got the batch
    expect(ui.station.journal.get(batchId)).toBeFalsy();

    const row = (await list()).find((b) => b.id === batchId);
    expect(row).toMatchObject({ id: batchId, state: 'scanning', scanner: `folder: ${folder}`, pages: 0 }); // missing on the old code
    const one = await rawRequest(ui.port, 'GET', `/api/batches/${batchId}`, headers());
    expect(one.status).toBe(200);
    expect(JSON.parse(one.body)).toMatchObject({ batch: { id: batchId, state: 'scanning' }, summary: null, pages: [] });

    held!.writeHead(404, { 'content-type': 'application/json' }).end('{"error":{"code":"NOT_FOUND","message":"nu este"}}');
    held = null;
    await ui.runner.idle(); // the registry has no borderou for the day: the batch never reaches the journal
    expect(ui.station.journal.get(batchId)).toBeFalsy();
    expect((await list()).some((b) => b.id === batchId)).toBe(false);
  });

  it('an empty watched folder: the batch is listed at once, before any page, and stays listed once journalled', async () => {
    const folder = path.join(root, 'urmarit-2');
    await mkdir(folder, { recursive: true });
    const batchId = await startFolderBatch(folder);
    expect((await list()).find((b) => b.id === batchId)).toMatchObject({ state: 'scanning', pages: 0 });
    await journalledRunning(batchId); // running and journalled: the journal's row only, not a second one
    expect((await list()).filter((b) => b.id === batchId)).toMatchObject([{ state: 'scanning', startedAt: ui.station.journal.get(batchId)!.startedAt }]);

    const stop = await rawRequest(ui.port, 'POST', '/api/scan/cancel', headers(), '{}');
    expect(stop.status, stop.body).toBeLessThan(300);
    await ui.runner.idle();
    expect(ui.station.journal.get(batchId)?.status).toBe('paused'); // stopped by the clerk: journalled, resumable
    expect((await list()).filter((b) => b.id === batchId).map((b) => b.state)).toEqual(['paused']);
  });

  it('a paused batch older than the newest 500 the list holds, resumed: listed once, as the journal has it', async () => {
    const folder = path.join(root, 'urmarit-3');
    await mkdir(folder, { recursive: true });
    const batchId = await startFolderBatch(folder);
    await journalledRunning(batchId);
    expect((await rawRequest(ui.port, 'POST', '/api/scan/cancel', headers(), '{}')).status).toBeLessThan(300);
    await ui.runner.idle();
    const paused = ui.station.journal.get(batchId)!;
    expect(paused.status).toBe('paused');
    // 500 batches begun after it (other days' work): the list's newest 500 leave it out
    for (let i = 0; i < 500; i++) ui.station.journal.start({ id: `later-${i}`, kind: 'split', outDir: path.join(root, 'later', String(i)), options: {} });
    // begun the next day, so no tie with its start (the list orders by start)
    ui.station.db.prepare(`UPDATE batches SET started_at = ? WHERE id LIKE 'later-%'`).run(new Date(Date.parse(paused.startedAt) + 86_400_000).toISOString());
    expect((await list()).some((b) => b.id === batchId)).toBe(false);

    const resumed = await rawRequest(ui.port, 'POST', '/api/scan/resume', headers(), JSON.stringify({ batchId }));
    expect(resumed.status, resumed.body).toBe(202);
    await journalledRunning(batchId);
    // once, with the journal's start (the old code listed a made-up row started now, or none at all)
    expect((await list()).filter((b) => b.id === batchId)).toMatchObject([{ state: 'scanning', startedAt: paused.startedAt, scanner: `folder: ${folder}` }]);
    const one = await rawRequest(ui.port, 'GET', `/api/batches/${batchId}`, headers());
    expect(JSON.parse(one.body)).toMatchObject({ batch: { id: batchId, state: 'scanning', startedAt: paused.startedAt } });

    expect((await rawRequest(ui.port, 'POST', '/api/scan/cancel', headers(), '{}')).status).toBeLessThan(300);
    await ui.runner.idle();
    expect(ui.station.journal.get(batchId)?.status).toBe('paused'); // older than the list's newest 500 again
  });
});
