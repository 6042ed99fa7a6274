import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { batchReport, startTestApp, type TestApp } from '../helpers/test-app.ts';

describeEngines('station routes', (engine) => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({}, undefined, engine); });
  afterAll(async () => { await t.close(); });

  it('creates a station, shows its token once, and stores only a hash', async () => {
    const response = await t.request('POST', '/api/stations', { json: { name: 'ghiseu-1' } });
    expect(response.status).toBe(201);
    const created = (await response.json()) as { name: string; token: string; createdAt: string };
    expect(created.name).toBe('ghiseu-1');
    expect(created.token).toMatch(/^sst_/);
    const stored = await t.value<string>('SELECT token_hash FROM stations WHERE name = ?', 'ghiseu-1');
    expect(stored).toMatch(/^[0-9a-f]{64}$/);
    expect(stored).not.toContain(created.token);

    // The token works for the station's own endpoint.
    const batch = await t.request('POST', '/api/batches', { token: created.token, json: batchReport('ghiseu-1', 'b-1') });
    expect(batch.status).toBe(201);
  });

  it('lists stations with their batch counts, never the tokens', async () => {
    const response = await t.request('GET', '/api/stations');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { stations: Array<Record<string, unknown>> };
    expect(body.stations).toEqual([
      { name: 'ghiseu-1', createdAt: expect.any(String), batches: 1, lastBatchAt: expect.any(String), batchesLast7Days: 1, revokedAt: null },
    ]);
    expect(JSON.stringify(body)).not.toMatch(/sst_|token/);
  });

  it('refuses a duplicate name with 409 CONFLICT', async () => {
    const response = await t.request('POST', '/api/stations', { json: { name: 'ghiseu-1' } });
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: 'CONFLICT', message: 'Stația „ghiseu-1” există deja.' } });
  });

  it('validates the name and rejects unknown fields', async () => {
    const bad = await t.request('POST', '/api/stations', { json: { name: 'ghișeu 1' } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    const extra = await t.request('POST', '/api/stations', { json: { name: 'x', admin: true } });
    expect(extra.status).toBe(400);
    expect(await extra.json()).toMatchObject({ error: { problems: [{ path: '/admin', reason: 'câmp necunoscut' }] } });
  });

  it('needs the admin token: 401 without or with a wrong one, 403 with a station token', async () => {
    const none = await t.request('GET', '/api/stations', { token: null });
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    const wrong = await t.request('GET', '/api/stations', { token: 'sst_not-a-real-token' });
    expect(wrong.status).toBe(401);
    const stationToken = await t.addStation('ghiseu-2');
    const forbidden = await t.request('POST', '/api/stations', { token: stationToken, json: { name: 'ghiseu-3' } });
    expect(forbidden.status).toBe(403);
    expect(await forbidden.json()).toEqual({ error: { code: 'FORBIDDEN', message: 'Operațiune permisă doar administratorului.' } });
  });
});
