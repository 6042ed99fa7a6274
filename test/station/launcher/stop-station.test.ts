/**
 * `station ui --stop`'s side (launcher/stop-station.ts) against a program on loopback that answers as
 * this station does but behaves badly: it accepts the stop and never lets go of its port (the wait is
 * bounded: PROCESS_TIMEOUT naming its PID, on a clock the test moves), or it fails (INTERNAL, its own
 * words not repeated).
 */
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Clock } from '../../../shared/src/clock.ts';
import { isStationError } from '../../../shared/src/errors.ts';
import { stopRunningStation } from '../../../station/src/launcher/stop-station.ts';

const SECRET = 's'.repeat(43);
const DATA_DIR = '/srv/statie/date';
let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r) ?? r(undefined));
  server = undefined;
});

/** A station look-alike on loopback: /api/state as this station answers it, `stop` answering the stop. */
async function lookAlike(stop: (res: import('node:http').ServerResponse) => void): Promise<number> {
  server = createServer((req, res) => {
    if (req.headers['x-station-secret'] !== SECRET) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"UNAUTHORIZED","message":"nu"}}');
    if (req.method === 'GET' && req.url === '/api/state') return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ station: { dataDir: DATA_DIR } }));
    if (req.method === 'POST' && req.url === '/api/station/stop') return void req.resume().once('end', () => stop(res));
    res.writeHead(404).end();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return (server.address() as AddressInfo).port;
}

/** A clock the wait moves itself: each step it waits is taken at once, and counted. */
function steppingClock(): Clock & { steps: number } {
  let t = 0;
  const c = {
    steps: 0,
    now: () => t,
    after(ms: number, fn: () => void) {
      t += ms;
      c.steps++;
      queueMicrotask(fn);
      return () => {};
    },
  };
  return c;
}

describe('stopRunningStation', () => {
  it('accepted but the port never let go: PROCESS_TIMEOUT after the bound, naming the process to end', async () => {
    const port = await lookAlike((res) => res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify({ stopping: true, pid: 4242424, pausedBatch: null })));
    const clock = steppingClock();
    const err = await stopRunningStation({ port, dataDir: DATA_DIR, pauseBatch: false, secret: async () => SECRET, clock, wait: { totalMs: 30_000, stepMs: 50 } }).catch((e: unknown) => e);
    expect(isStationError(err, 'PROCESS_TIMEOUT')).toBe(true);
    expect((err as Error).message).toBe('Stația a primit cererea de oprire, dar nu s-a oprit în 30 de secunde. '
      + 'Încercați din nou; dacă tot nu se oprește, închideți procesul node cu PID 4242424 din Managerul de activități.');
    expect(clock.steps).toBe(600); // the bound, on the clock: 30 s in steps of 50 ms
  });

  it('a failure of the app (500): INTERNAL with the status, not the app\'s own words', async () => {
    const port = await lookAlike((res) => res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":{"code":"INTERNAL","message":"SQLITE_IOERR /srv/statie/date/jurnal.db"}}'));
    const err = await stopRunningStation({ port, dataDir: DATA_DIR, pauseBatch: false, secret: async () => SECRET }).catch((e: unknown) => e);
    expect(isStationError(err, 'INTERNAL')).toBe(true);
    expect((err as Error).message).toBe('Stația nu a putut fi oprită: a răspuns cu 500 (INTERNAL). Detaliile sunt în jurnalul stației.');
  });

  it('nothing on the port: not stopped, and the secret is never read', async () => {
    const port = await lookAlike(() => {});
    await new Promise((r) => server!.close(r));
    server = undefined;
    let read = false;
    expect(await stopRunningStation({ port, dataDir: DATA_DIR, pauseBatch: false, secret: async () => { read = true; return SECRET; } })).toEqual({ stopped: false });
    expect(read).toBe(false);
  });
});
