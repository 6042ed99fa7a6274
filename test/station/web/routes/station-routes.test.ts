/**
 * POST /api/station/stop (`station ui --stop`) through the real station web app on loopback: only
 * with the station's secret and from no other site (the guard's rules, as every POST), never while a
 * batch is scanned unless asked to pause it first; accepted, the app is told to stop only once its
 * answer is out, and no batch starts any more.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeAll, afterAll, describe, expect, it } from 'vitest';
import { makeTempDir } from '../../../support/temp-dirs.ts';
import { rawRequest, startUi, type RunningUi } from '../../../support/ui-harness.ts';

let root: string;
let cleanup: () => Promise<void>;
let ui: RunningUi | undefined;
beforeAll(async () => void ({ dir: root, cleanup } = await makeTempDir('ui-stop-route-')));
afterAll(() => cleanup());
afterEach(async () => {
  await ui?.close();
  ui = undefined;
});

const STOP = '/api/station/stop';
const json = (r: { body: string }) => JSON.parse(r.body) as { error?: { code: string; message: string }; [k: string]: unknown };

async function started(name: string): Promise<RunningUi> {
  ui = await startUi(path.join(root, name));
  return ui;
}
const host = (u: RunningUi) => `127.0.0.1:${u.port}`;
const allowed = (u: RunningUi) => ({ host: host(u), 'x-station-secret': u.secret, 'content-type': 'application/json' });

async function folderBatch(u: RunningUi, name: string): Promise<string> {
  const folder = path.join(root, name);
  await mkdir(folder, { recursive: true });
  const res = await rawRequest(u.port, 'POST', '/api/scan', allowed(u), JSON.stringify({ driver: 'folder', device: folder }));
  expect(res.status, res.body).toBe(202);
  const { batchId } = json(res) as { batchId: string };
  // journalled and running (a stopped batch is paused only once it is in the journal): polled, never a fixed wait
  await expect.poll(() => u.station.journal.get(batchId)?.status, { timeout: 60_000, interval: 20 }).toBe('running');
  return batchId;
}

describe('POST /api/station/stop: who may ask', () => {
  it('refuses a request without the secret (401), from another site (403) or to another address (421): the app is not told to stop', async () => {
    const u = await started('guard');
    const noSecret = await rawRequest(u.port, 'POST', STOP, { host: host(u), 'content-type': 'application/json' }, '{}');
    expect(noSecret.status).toBe(401);
    expect(json(noSecret).error?.code).toBe('UNAUTHORIZED');
    const wrongSecret = await rawRequest(u.port, 'POST', STOP, { ...allowed(u), 'x-station-secret': 'x'.repeat(43) }, '{}');
    expect(wrongSecret.status).toBe(401);
    // the page's session cookie opens reads only, never a POST
    const withCookie = await rawRequest(u.port, 'POST', STOP, { host: host(u), cookie: `station_session=${u.guard.sessionToken}`, 'content-type': 'application/json' }, '{}');
    expect(withCookie.status).toBe(401);
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${u.port + 1}`]) {
      const r = await rawRequest(u.port, 'POST', STOP, { ...allowed(u), origin }, '{}');
      expect(r.status, origin).toBe(403);
      expect(json(r).error?.code).toBe('FORBIDDEN');
    }
    const crossSite = await rawRequest(u.port, 'POST', STOP, { ...allowed(u), 'sec-fetch-site': 'cross-site' }, '{}');
    expect(crossSite.status).toBe(403);
    const rebound = await rawRequest(u.port, 'POST', STOP, { ...allowed(u), host: `evil.example:${u.port}` }, '{}');
    expect(rebound.status).toBe(421);
    expect(u.stopRequested.aborted).toBe(false);

    const badBody = await rawRequest(u.port, 'POST', STOP, allowed(u), JSON.stringify({ pauseBatch: 'da' }));
    expect(badBody.status).toBe(400);
    expect(json(badBody).error?.code).toBe('VALIDATION_FAILED');
    expect(u.stopRequested.aborted).toBe(false);
  });

  it('with the secret, from the station\'s own address: 202 with the process id, and the app is told to stop once the answer is out', async () => {
    const u = await started('accepted');
    const r = await rawRequest(u.port, 'POST', STOP, { ...allowed(u), origin: `http://${host(u)}` }, '{}');
    expect(r.status, r.body).toBe(202);
    expect(json(r)).toEqual({ stopping: true, pid: process.pid, pausedBatch: null });
    await expect.poll(() => u.stopRequested.aborted, { timeout: 30_000, interval: 10 }).toBe(true);
    // no batch starts in an app that stops
    const folder = path.join(root, 'after-stop');
    await mkdir(folder, { recursive: true });
    const start = await rawRequest(u.port, 'POST', '/api/scan', allowed(u), JSON.stringify({ driver: 'folder', device: folder }));
    expect(start.status).toBe(409);
    expect(json(start).error).toEqual({ code: 'CONFLICT', message: 'Stația se oprește; lotul nu a pornit. Porniți-l după ce stația a fost pornită din nou.' });
    expect(u.runner.state().state).toBe('idle');
  });
});

describe('POST /api/station/stop while a batch is scanned', () => {
  it('refused (409 CONFLICT, what to do), the batch scanning on; pauseBatch: paused with its pages, then accepted', async () => {
    const u = await started('batch');
    const batchId = await folderBatch(u, 'urmarit');
    const refused = await rawRequest(u.port, 'POST', STOP, allowed(u), '{}');
    expect(refused.status).toBe(409);
    expect(json(refused).error).toEqual({
      code: 'CONFLICT',
      message: `Stația nu a fost oprită: lotul ${batchId} se scanează acum. Încheiați-l («Încheie lotul») sau opriți-l («Oprește (lotul rămâne în pauză)») din pagina stației, `
        + 'apoi rulați din nou „station ui --stop”. Sau rulați „station ui --stop --force”: lotul este oprit întâi, ca la «Oprește», și rămâne în pauză cu toate paginile.',
    });
    expect(u.stopRequested.aborted).toBe(false);
    expect(u.runner.state()).toMatchObject({ state: 'scanning', batchId });
    expect(u.station.journal.get(batchId)?.status).toBe('running');

    const forced = await rawRequest(u.port, 'POST', STOP, allowed(u), JSON.stringify({ pauseBatch: true }));
    expect(forced.status, forced.body).toBe(202);
    expect(json(forced)).toEqual({ stopping: true, pid: process.pid, pausedBatch: { id: batchId, kind: 'scan', status: 'paused' } });
    expect(u.station.journal.get(batchId)?.status).toBe('paused');
    await expect.poll(() => u.stopRequested.aborted, { timeout: 30_000, interval: 10 }).toBe(true);
  });
});
