import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DayBorderou } from '../../../shared/src/schemas/day-borderou.ts';
import { borderouCsv } from '../helpers/borderou-csv.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type ErrorBody = { error: { code: string; message: string } };

describe('GET /api/borderouri/current (a station takes the day\'s borderou)', () => {
  let t: TestApp;
  let token: string;
  const first = borderouCsv([['100/04.10.2021', 'Direcția Urbanism', '3']], { encoding: 'windows-1250' });
  const second = borderouCsv([['100/04.10.2021', 'Direcția Urbanism', '3'], ['101/04.10.2021', 'Cabinet Primar', '1']], { delimiter: ',' });

  beforeAll(async () => {
    t = await startTestApp();
    token = await t.addStation('st-a');
    for (const csv of [first, second]) {
      expect((await t.request('POST', '/api/borderouri?date=2021-10-04', { body: csv, contentType: 'text/csv' })).status).toBe(201);
    }
  });
  afterAll(async () => { await t.close(); });

  it('answers the current version\'s bytes exactly as uploaded, with version, entries and SHA-256', async () => {
    const response = await t.request('GET', '/api/borderouri/current?date=2021-10-04', { token });
    expect(response.status).toBe(200);
    const body = (await response.json()) as DayBorderou;
    expect(body).toEqual({
      date: '2021-10-04', version: 2, uploadedAt: expect.any(String), entries: 2,
      sha256: createHash('sha256').update(second).digest('hex'), csvBase64: Buffer.from(second).toString('base64'),
    });
    // the registry may look too
    expect((await t.request('GET', '/api/borderouri/current?date=2021-10-04')).status).toBe(200);
  });

  it('404 with a Romanian message naming the day when the day has no borderou', async () => {
    const response = await t.request('GET', '/api/borderouri/current?date=2021-10-05', { token });
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error).toEqual({ code: 'NOT_FOUND', message: 'Nu există borderou pentru ziua 05.10.2021.' });
  });

  it('400 for a missing or impossible day; 401 without a token', async () => {
    for (const query of ['', '?date=2021-02-30', '?date=azi']) {
      expect((await t.request('GET', `/api/borderouri/current${query}`, { token })).status).toBe(400);
    }
    expect((await t.request('GET', '/api/borderouri/current?date=2021-10-04', { token: null })).status).toBe(401);
  });

  it('a station still may not read the registry\'s borderou view or upload one', async () => {
    expect((await t.request('GET', '/api/borderouri?date=2021-10-04', { token })).status).toBe(403);
    expect((await t.request('POST', '/api/borderouri?date=2021-10-04', { token, body: first, contentType: 'text/csv' })).status).toBe(403);
  });
});
