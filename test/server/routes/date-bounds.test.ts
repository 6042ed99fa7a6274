/** Every date the API accepts is bounded (anii 1990–2099); no date makes a request run away. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { batchReport, startTestApp, type TestApp } from '../helpers/test-app.ts';

type ErrorBody = { error: { code: string; message: string; problems?: Array<{ path?: string; reason: string }> } };

describeEngines('dates the API accepts', (engine) => {
  let t: TestApp;
  let token: string;
  beforeAll(async () => {
    t = await startTestApp({}, undefined, engine);
    token = await t.addStation('st-a');
  });
  afterAll(async () => { await t.close(); });

  it('the weekly report of year 9999 is a 400 at once (it used to loop forever), and the server still answers', async () => {
    const response = await t.request('GET', '/api/reports/weekly?from=9999-12-27&to=9999-12-31');
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.problems).toEqual([
      { path: '?from', reason: 'ziua 9999-12-27 este în afara intervalului acceptat (anii 1990–2099)' },
    ]);
    expect((await t.request('GET', '/api/health', { token: null })).status).toBe(200);
  });

  it('the last weeks of the range report normally (the loop ends at the range end)', async () => {
    const response = await t.request('GET', '/api/reports/weekly?from=2099-12-21&to=2099-12-31');
    expect(response.status).toBe(200);
    const body = (await response.json()) as { weeks: Array<{ monday: string }> };
    expect(body.weeks.map((w) => w.monday)).toEqual(['2099-12-21', '2099-12-28']);
  });

  it('a period longer than the limit is a clear 400', async () => {
    const response = await t.request('GET', '/api/reports/weekly?from=1990-01-01&to=2099-12-31');
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.problems?.[0]?.reason).toMatch(/^perioada depășește \d+ de zile/);
  });

  it.each([
    ['/api/reconciliation?date=0000-01-01', '?date'],
    ['/api/borderouri?date=2100-01-01', '?date'],
    ['/api/reports/weekly?from=2021-01-04&to=9999-12-31', '?to'],
  ])('%s → 400 naming the parameter', async (path, parameter) => {
    const response = await t.request('GET', path);
    expect(response.status).toBe(400);
    const body = (await response.json()) as ErrorBody;
    expect(body.error.code).toBe('VALIDATION_FAILED');
    expect(body.error.problems).toEqual([{ path: parameter, reason: expect.stringMatching(/în afara intervalului acceptat \(anii 1990–2099\)/) }]);
  });

  it.each([
    ['2026-12-31T23:59:60Z', 'ora 23:59:60 nu există (secunda 60 nu este acceptată)'],
    ['0000-01-01T00:00:00Z', 'momentul 0000-01-01T00:00:00Z este în afara intervalului acceptat (anii 1990–2099)'],
    ['9999-12-31T23:59:59-23:59', 'momentul 9999-12-31T23:59:59-23:59 este în afara intervalului acceptat (anii 1990–2099)'],
    ['2021-09-27T09:00:00-23:59', 'fusul orar -23:59 nu există (între -12:00 și +14:00)'],
  ])('startedAt %s → 400 (was 500), nothing stored', async (startedAt, reason) => {
    const response = await t.request('POST', '/api/batches', {
      token,
      json: batchReport('st-a', `b-${startedAt.replace(/[^0-9]/g, '')}`, { startedAt, endedAt: '2021-09-27T09:20:00+03:00' }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: { code: 'VALIDATION_FAILED', message: 'Datele trimise nu sunt valide.', problems: [{ path: '/startedAt', reason }] },
    });
    expect(await t.value('SELECT COUNT(*) FROM batches')).toBe(0);
  });

  it('a borderou row dated outside the range is refused with its line', async () => {
    const csv = 'numar_inregistrare;structura;nr_file;data\r\n1/27.09.2021;Urbanism;1;27.09.9999\r\n';
    const response = await t.request('POST', '/api/borderouri?date=2021-09-27', { body: csv, contentType: 'text/csv' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error.problems).toEqual([
      { line: 2, path: 'data', reason: 'data „27.09.9999” este în afara intervalului acceptat (anii 1990–2099)' },
    ]);
  });
});
