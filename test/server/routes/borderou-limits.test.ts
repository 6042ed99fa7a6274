/** One upload cannot hold the server: a borderou has at most BORDEROU_MAX_ROWS data rows. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { BORDEROU_MAX_ROWS } from '../../../shared/src/schemas/borderou.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type ErrorBody = { error: { code: string; message: string } };

function csv(rows: number): string {
  const lines = ['numar_inregistrare;structura;nr_file;data;observatii'];
  for (let i = 1; i <= rows; i++) lines.push(`${i}/27.09.2021;Urbanism;1;;`);
  return `${lines.join('\r\n')}\r\n`;
}

describeEngines('POST /api/borderouri: row cap', (engine) => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({}, undefined, engine); });
  afterAll(async () => { await t.close(); });

  it('is 10,000 rows', () => {
    expect(BORDEROU_MAX_ROWS).toBe(10_000);
  });

  it('100,000 rows (3 MB, under the size limit) → 400 CSV_INVALID saying why, nothing stored', async () => {
    const response = await t.request('POST', '/api/borderouri?date=2021-09-27', { body: csv(100_000), contentType: 'text/csv' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error).toEqual({
      code: 'CSV_INVALID',
      message: 'Borderoul are 100000 de rânduri de date; sunt acceptate cel mult 10000 (borderoul unei singure zile). Verificați că este fișierul potrivit.',
    });
    expect((await t.request('GET', '/api/borderouri?date=2021-09-27')).status).toBe(404);
    expect((await t.request('GET', '/api/health', { token: null })).status).toBe(200);
  });

  it('one row over the cap is refused; exactly the cap is stored', async () => {
    const over = await t.request('POST', '/api/borderouri?date=2021-09-27', { body: csv(BORDEROU_MAX_ROWS + 1), contentType: 'text/csv' });
    expect(over.status).toBe(400);
    expect(((await over.json()) as ErrorBody).error.message).toMatch(/^Borderoul are 10001 rânduri de date; sunt acceptate cel mult 10000/);
    const at = await t.request('POST', '/api/borderouri?date=2021-09-27', { body: csv(BORDEROU_MAX_ROWS), contentType: 'text/csv' });
    expect(at.status).toBe(201);
    expect(((await at.json()) as { entries: number }).entries).toBe(BORDEROU_MAX_ROWS);
  });
});
