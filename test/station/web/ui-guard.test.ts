/**
 * Only the page the station served, in the clerk's browser, may drive it: real HTTP on loopback
 * against the real app. Wrong Host (DNS rebinding), a foreign Origin (CSRF), a missing secret,
 * a cookie used for a write, and a cross-site fetch are all refused, and nothing starts.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rawRequest, startUi, type RunningUi } from '../../support/ui-harness.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let ui: RunningUi;
let cleanup: () => Promise<void>;
let host: string;

beforeAll(async () => {
  const t = await makeTempDir('ui-guard-');
  cleanup = t.cleanup;
  ui = await startUi(path.join(t.dir, 'data'));
  host = `127.0.0.1:${ui.port}`;
});
afterAll(async () => {
  await ui.close();
  await cleanup();
});

const scanBody = JSON.stringify({ driver: 'sane', device: 'test:0', source: 'adf', resolution: 50 });

describe('the station web app refuses what is not its own page', () => {
  it('serves the page, and the API with the secret', async () => {
    const page = await rawRequest(ui.port, 'GET', '/', { host });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    const state = await rawRequest(ui.port, 'GET', '/api/state', { host, 'x-station-secret': ui.secret });
    expect(state.status).toBe(200);
    expect(JSON.parse(state.body).runner.state).toBe('idle');
  });

  it('refuses the API without the secret, or with a wrong one', async () => {
    for (const headers of [{ host }, { host, 'x-station-secret': 'x'.repeat(ui.secret.length) }, { host, 'x-station-secret': '' }] as Record<string, string>[]) {
      const r = await rawRequest(ui.port, 'GET', '/api/batches', headers);
      expect(r.status).toBe(401);
      expect(JSON.parse(r.body).error.code).toBe('UNAUTHORIZED');
      // what to do, for a clerk who never typed the command: the page the station's program shows
      expect(JSON.parse(r.body).error.message).toMatch(/^Lipsește cheia stației\. Deschideți pagina stației de la adresa afișată de programul stației/);
    }
  });

  it('no spelling of an API path gets past the secret (percent-encoding, dots, double slashes)', async () => {
    for (const url of ['/%61pi/state', '/%2561pi/state', '/api%2Fstate', '//api/state', '/./api/state', '/x/../api/state', '/assets/../api/state', '/API/state']) {
      const r = await rawRequest(ui.port, 'GET', url, { host });
      expect(r.status, url).not.toBe(200);
      expect(r.body, url).not.toContain('runner');
    }
    const page = await rawRequest(ui.port, 'GET', '/index.html', { host });
    expect(page.status).toBe(200);
  });

  it('refuses another Host even with the secret (DNS rebinding)', async () => {
    for (const h of ['evil.example', `evil.example:${ui.port}`, `127.0.0.1:${ui.port + 1}`, '']) {
      const r = await rawRequest(ui.port, 'GET', '/api/state', { host: h, 'x-station-secret': ui.secret });
      expect(r.status).toBe(421);
      expect(JSON.parse(r.body).error.message).toMatch(/^Adresa cererii nu este adresa stației\. Deschideți pagina stației de la adresa afișată de programul stației/);
      const page = await rawRequest(ui.port, 'GET', '/', { host: h });
      expect(page.status).toBe(421);
    }
  });

  it('refuses a cross-origin request, with or without the secret, and starts nothing', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${ui.port + 1}`]) {
      const r = await rawRequest(ui.port, 'POST', '/api/scan', { host, origin, 'content-type': 'application/json', 'x-station-secret': ui.secret }, scanBody);
      expect(r.status).toBe(403);
      expect(JSON.parse(r.body).error.message).toContain('altă pagină');
    }
    const state = await rawRequest(ui.port, 'GET', '/api/state', { host, 'x-station-secret': ui.secret });
    expect(JSON.parse(state.body).runner.state).toBe('idle');
  });

  it('the session cookie (SameSite=Strict, HttpOnly) reads, but never writes, and not from another site', async () => {
    expect((await rawRequest(ui.port, 'POST', '/api/session', { host })).status).toBe(401);
    const s = await rawRequest(ui.port, 'POST', '/api/session', { host, 'x-station-secret': ui.secret, origin: `http://${host}` });
    expect(s.status).toBe(200);
    const cookie = String(s.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const pair = cookie.split(';')[0]!;
    expect((await rawRequest(ui.port, 'GET', '/api/batches', { host, cookie: pair })).status).toBe(200);
    const write = await rawRequest(ui.port, 'POST', '/api/scan', { host, cookie: pair, 'content-type': 'application/json' }, scanBody);
    expect(write.status).toBe(401);
    const crossSite = await rawRequest(ui.port, 'GET', '/api/batches', { host, cookie: pair, 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    const sameSite = await rawRequest(ui.port, 'GET', '/api/batches', { host, cookie: pair, 'sec-fetch-site': 'same-site' });
    expect(sameSite.status).toBe(403);
  });

  it('a bad scan form is refused with a Romanian message naming the field', async () => {
    const r = await rawRequest(ui.port, 'POST', '/api/scan', { host, 'x-station-secret': ui.secret, 'content-type': 'application/json' }, JSON.stringify({ driver: 'sane', device: 'test:0', resolution: 5 }));
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'resolution' });
    expect(JSON.parse(r.body).error.message).toContain('Rezoluția');
  });
});
