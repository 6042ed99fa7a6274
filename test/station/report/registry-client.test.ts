/**
 * RegistryClient.sendBatch against the real registry server (buildApp, real HTTP on 127.0.0.1),
 * and against small node:http servers for the temporary failures: every answer classified.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { apiUrl, DeliveryError, RegistryClient } from '../../../station/src/report/registry-client.ts';
import { freePort, splitSummary, startRegistry, summaryDocument, type RegistryApp } from '../../support/registry-app.ts';

let registry: RegistryApp;
let token: string;
let otherToken: string;

beforeAll(async () => {
  registry = await startRegistry();
  token = await registry.addStation('statia-1');
  otherToken = await registry.addStation('statia-2');
});
afterAll(async () => {
  await registry.close();
});

const report = (batchId: string, docs = [summaryDocument('84512/27.09.2021', 3), summaryDocument('84513/27.09.2021', 1)]) =>
  batchReportFrom(splitSummary(batchId, docs, { blankPages: 1 }), 'statia-1');

async function refusal(p: Promise<unknown>): Promise<DeliveryError> {
  const err = await p.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(DeliveryError);
  return err as DeliveryError;
}

describe('RegistryClient.sendBatch against the registry server', () => {
  it('201: a new batch is recorded, with its documents in the server database', async () => {
    const client = new RegistryClient({ url: registry.base, token });
    const res = await client.sendBatch(report('lot-201'));
    expect(res).toEqual({ status: 'recorded', station: 'statia-1', batchId: 'lot-201', version: 1, documents: 2, receivedAt: expect.any(String) });
    expect(registry.count("SELECT COUNT(*) FROM batches WHERE batch_id = 'lot-201'")).toBe(1);
    expect(registry.count("SELECT SUM(pages) FROM documents d JOIN batches b ON b.id = d.batch_ref WHERE b.batch_id = 'lot-201'")).toBe(4);
  });

  it('200: the same report sent again is already-recorded, with the first receivedAt, and nothing is added', async () => {
    const client = new RegistryClient({ url: registry.base, token });
    const r = report('lot-200');
    const first = await client.sendBatch(r);
    const again = await client.sendBatch(JSON.parse(JSON.stringify(r)) as typeof r);
    expect(again).toEqual({ ...first, status: 'already-recorded' });
    expect(registry.count("SELECT COUNT(*) FROM batches WHERE batch_id = 'lot-200'")).toBe(1);
    expect(registry.count("SELECT COUNT(*) FROM documents d JOIN batches b ON b.id = d.batch_ref WHERE b.batch_id = 'lot-200'")).toBe(2);
  });

  it('a base URL with a trailing slash still reaches /api/batches', async () => {
    const res = await new RegistryClient({ url: `${registry.base}/`, token }).sendBatch(report('lot-slash'));
    expect(res.status).toBe('recorded');
  });

  it('401 wrong token: UNAUTHORIZED, classified retryable (fixing the token must resume delivery)', async () => {
    const err = await refusal(new RegistryClient({ url: registry.base, token: 'sst_gresit' }).sendBatch(report('lot-401')));
    expect(err.code).toBe('UNAUTHORIZED');
    expect(err.retryable).toBe(true);
    expect(err.details).toEqual({ status: 401 });
    expect(err.message).toMatch(/^Serverul a refuzat raportul \(401\): Tokenul de acces nu este valid\.$/);
    expect(registry.count("SELECT COUNT(*) FROM batches WHERE batch_id = 'lot-401'")).toBe(0);
    // with the right token the same report goes through
    expect((await new RegistryClient({ url: registry.base, token }).sendBatch(report('lot-401'))).status).toBe('recorded');
  });

  it('409 a different report under a recorded batch id: CONFLICT, not retryable; the first report stays', async () => {
    const client = new RegistryClient({ url: registry.base, token });
    await client.sendBatch(report('lot-409'));
    const err = await refusal(client.sendBatch(report('lot-409', [summaryDocument('84599/27.09.2021', 7)])));
    expect(err.code).toBe('CONFLICT');
    expect(err.retryable).toBe(false);
    expect(err.details).toEqual({ status: 409 });
    expect(err.message).toContain('lot-409');
    expect(registry.count("SELECT COUNT(*) FROM documents WHERE document_id = '84599/27.09.2021'")).toBe(0);
  });

  it('a higher version is recorded; a lower version than the server holds is 409 REPORT_SUPERSEDED, not retryable', async () => {
    const client = new RegistryClient({ url: registry.base, token });
    const v1 = report('lot-versions');
    await client.sendBatch(v1);
    const v2 = { ...report('lot-versions', [summaryDocument('84512/27.09.2021', 2), summaryDocument('84514/27.09.2021', 1)]), version: 2 };
    expect(await client.sendBatch(v2)).toMatchObject({ status: 'recorded', version: 2, documents: 2 });
    const err = await refusal(client.sendBatch(v1));
    expect(err.code).toBe('REPORT_SUPERSEDED');
    expect(err.retryable).toBe(false);
    expect(err.message).toContain('versiunea 2');
    expect(registry.count("SELECT version FROM batches WHERE batch_id = 'lot-versions'")).toBe(2);
  });

  it('403 a report in another station\'s name: FORBIDDEN, not retryable', async () => {
    const err = await refusal(new RegistryClient({ url: registry.base, token: otherToken }).sendBatch(report('lot-403')));
    expect(err.code).toBe('FORBIDDEN');
    expect(err.retryable).toBe(false);
  });

  it('400 a report the schema refuses: VALIDATION_FAILED, not retryable', async () => {
    const bad = { ...report('lot-400'), pagesIn: -1 };
    const err = await refusal(new RegistryClient({ url: registry.base, token }).sendBatch(bad));
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.retryable).toBe(false);
    expect(err.details).toEqual({ status: 400 });
  });

  it('a batch with an empty document (file and sha256 null) is recorded', async () => {
    const r = report('lot-empty', [summaryDocument('84542/27.09.2021', 2), summaryDocument('84543/27.09.2021', 0)]);
    expect(r.documents[1]).toMatchObject({ file: null, sha256: null, pages: 0, flags: ['empty'] });
    const res = await new RegistryClient({ url: registry.base, token }).sendBatch(r);
    expect(res).toMatchObject({ status: 'recorded', documents: 2 });
  });
});

describe('RegistryClient.sendBatch when the server is not there or not well', () => {
  const servers: Server[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => new Promise((r) => { s.closeAllConnections(); s.close(r); })));
  });
  async function tiny(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const srv = createServer(handler);
    servers.push(srv);
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(srv.address() as AddressInfo).port}`;
  }

  it('nothing listening: SERVER_UNREACHABLE, retryable, Romanian message naming the server', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const err = await refusal(new RegistryClient({ url, token }).sendBatch(report('lot-x')));
    expect(err.code).toBe('SERVER_UNREACHABLE');
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(`Serverul registraturii (${url}) nu poate fi contactat.`);
  });

  it.each([500, 502, 503, 429, 408])('HTTP %i: temporary, SERVER_ERROR (it answered: not unreachable), retryable', async (status) => {
    const url = await tiny((_req, res) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: 'INTERNAL', message: 'x' } }));
    });
    const err = await refusal(new RegistryClient({ url, token }).sendBatch(report('lot-x')));
    expect(err.code).toBe('SERVER_ERROR');
    expect(err.retryable).toBe(true);
    expect(err.details).toEqual({ status });
  });

  it.each([[201, '"ok"'], [200, '42'], [201, 'null']])('HTTP %i with a body of valid JSON that is no object (%s): a retryable INTERNAL in Romanian, not a TypeError', async (status, text) => {
    const url = await tiny((_req, res) => res.writeHead(status, { 'content-type': 'application/json' }).end(text));
    const err = await refusal(new RegistryClient({ url, token }).sendBatch(report('lot-x')));
    expect(err.code).toBe('INTERNAL');
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(`Serverul registraturii a răspuns ${status}, dar răspunsul lui nu a putut fi citit; raportul se retrimite (serverul îl recunoaște, nu îl numără de două ori).`);
  });

  it('a 4xx whose body is valid JSON but no object ("nu"): still the stable refusal, not a TypeError', async () => {
    const url = await tiny((_req, res) => res.writeHead(400, { 'content-type': 'application/json' }).end('"nu"'));
    const err = await refusal(new RegistryClient({ url, token }).sendBatch(report('lot-x')));
    expect(err).toMatchObject({ code: 'VALIDATION_FAILED', retryable: false, message: 'Serverul a refuzat raportul (400): HTTP 400' });
  });

  it('a server that never answers: the timeout makes it SERVER_UNREACHABLE, retryable', async () => {
    const url = await tiny(() => undefined);
    // without the timeout this would wait for ever (and the test fail on its own limit): no duration asserted
    const err = await refusal(new RegistryClient({ url, token, timeoutMs: 300 }).sendBatch(report('lot-x')));
    expect(err.code).toBe('SERVER_UNREACHABLE');
    expect(err.retryable).toBe(true);
  });

  it('a 4xx without a JSON body is still a stable, non-retryable code', async () => {
    const url = await tiny((_req, res) => res.writeHead(404, { 'content-type': 'text/html' }).end('<h1>Not found</h1>'));
    const err = await refusal(new RegistryClient({ url, token }).sendBatch(report('lot-x')));
    expect(err.retryable).toBe(false);
    expect(err.code).toBe('VALIDATION_FAILED');
    expect(err.message).toContain('404');
  });

  it.each([
    [404, 'NOT_FOUND'], [405, 'NOT_FOUND'], [501, 'NOT_FOUND'], [500, 'SERVER_ERROR'], [503, 'SERVER_ERROR'], [429, 'SERVER_ERROR'],
    [401, 'UNAUTHORIZED'], [403, 'FORBIDDEN'], [413, 'PAYLOAD_TOO_LARGE'], [400, 'VALIDATION_FAILED'], [200, 'INTERNAL'],
  ] as const)('heldBatches answered HTTP %i: %s, retryable (asked again later)', async (status, code) => {
    const url = await tiny((_req, res) => res.writeHead(status, { 'content-type': 'text/html' }).end('<h1>?</h1>'));
    const err = await refusal(new RegistryClient({ url, token }).heldBatches(['lot-x']));
    expect(err.code).toBe(code);
    expect(err.retryable).toBe(true);
    expect(err.details).toEqual({ status });
    if (code === 'NOT_FOUND') expect(err.message).toContain('o versiune mai veche a serverului');
  });

  it('sends the bearer token and the report as JSON to POST /api/batches', async () => {
    let seen: { method?: string; url?: string; auth?: string; type?: string; body?: string } = {};
    const url = await tiny((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => {
        seen = { method: req.method, url: req.url, auth: req.headers.authorization, type: req.headers['content-type'], body };
        res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'recorded', station: 'statia-1', batchId: 'lot-x', documents: 2, receivedAt: 'now' }));
      });
    });
    const r = report('lot-x');
    expect((await new RegistryClient({ url, token: 'sst_abc' }).sendBatch(r)).status).toBe('recorded');
    expect(seen).toEqual({ method: 'POST', url: '/api/batches', auth: 'Bearer sst_abc', type: 'application/json', body: JSON.stringify(r) });
  });
});

describe('apiUrl', () => {
  it('keeps a base path (a server behind a reverse proxy), with or without a trailing slash', () => {
    expect(apiUrl('https://primarie.ro/registratura', 'api/batches').href).toBe('https://primarie.ro/registratura/api/batches');
    expect(apiUrl('https://primarie.ro/registratura/', 'api/batches').href).toBe('https://primarie.ro/registratura/api/batches');
    expect(apiUrl('http://127.0.0.1:8080', 'api/batches').href).toBe('http://127.0.0.1:8080/api/batches');
  });
});

describe('RegistryClient.dayBorderou stopped by the clerk', () => {
  it('a signal aborted during the request is CANCELLED, not an unreachable server', async () => {
    // a server that never answers: only the clerk's stop ends the request
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    try {
      const client = new RegistryClient({ url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}`, token });
      const stop = new AbortController();
      const asked = client.dayBorderou('2021-09-27', stop.signal).catch((e: unknown) => e);
      await new Promise<void>((resolve) => silent.once('request', () => resolve()));
      stop.abort();
      expect(await asked).toMatchObject({ code: 'CANCELLED' });
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
