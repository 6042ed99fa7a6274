/**
 * The registry's upload and preview of a borderou exported with a title block above the table: the same
 * decisions as the station (the shared parser). The table under an eight-line title block is stored; a
 * wrong header under it is refused naming its line, and a row of documents above the header is a bad
 * row; nothing is stored when refused. Real HTTP on loopback, both engines.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { exportTable, titleBlock, utf8Bom, windows1250 } from '../../support/borderou-export.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type ErrorBody = { error: { code: string; message: string; problems?: Array<{ line?: number; path?: string; reason: string }> } };

describeEngines('a borderou with a title block above the table', (engine) => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({}, undefined, engine); });
  afterAll(async () => { await t.close(); });

  const post = (url: string, bytes: Uint8Array) => t.request('POST', url, { body: bytes, contentType: 'text/csv' });
  const stored = async (day: string): Promise<number> => (await t.request('GET', `/api/borderouri?date=${day}`)).status;

  it('Windows-1250 with `;`, the header on line 9: stored, the title lines named as ignored', async () => {
    const response = await post('/api/borderouri', windows1250([...titleBlock(';', true), ...exportTable(';')]));
    expect(response.status).toBe(201);
    const body = (await response.json()) as { date: string; entries: number; delimiter: string; warnings: Array<{ line: number }> };
    expect(body).toMatchObject({ date: '2021-09-27', entries: 2, encoding: 'windows-1250', delimiter: ';' });
    expect(body.warnings.map((w) => w.line)).toEqual([1, 2, 3, 4, 6, 7, 9]);
    const view = (await (await t.request('GET', '/api/borderouri?date=2021-09-27')).json()) as { entries: Array<{ line: number; department: string }> };
    expect(view.entries.map((e) => [e.line, e.department])).toEqual([[10, 'Direcția Urbanism'], [11, 'Serviciul Stare Civilă']]);
  });

  it('UTF-8 with a BOM and `,`, a misnamed column under the title block: preview and upload say which line, nothing stored', async () => {
    const csv = utf8Bom([...titleBlock(',', false).map((l) => l.replace('27.09.2021', '28.09.2021')), ...exportTable(',', 'Compartiment')]);
    const message = 'Antetul de pe linia 9 nu are coloana obligatorie structura (Structura). Coloane nerecunoscute: „Nr. crt.”, „Petent”, „Compartiment”.';
    for (const [url, named] of [['/api/borderouri/preview?name=borderou.csv', 'Borderoul „borderou.csv”: '], ['/api/borderouri?date=2021-09-28', '']]) {
      const response = await post(url!, csv);
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error).toEqual({ code: 'CSV_INVALID', message: `${named}${message}` });
    }
    expect(await stored('2021-09-28')).toBe(404);
  });

  it('a row of documents above the header is a bad row naming its line: refused whole, nothing stored', async () => {
    const csv = utf8Bom(['Borderou 29.09.2021;;', '500/29.09.2021;Direcția Urbanism;2', 'Număr înregistrare;Structura;Nr. file', '501/29.09.2021;Cabinet Primar;1']);
    const response = await post('/api/borderouri?date=2021-09-29', csv);
    expect(response.status).toBe(400);
    expect(((await response.json()) as ErrorBody).error).toEqual({
      code: 'CSV_INVALID',
      message: 'Borderoul are 1 rând greșit; nu a fost salvat nimic.',
      problems: [{ line: 2, reason: 'rând de date deasupra antetului de pe linia 3; rândurile de date trebuie să stea sub antet' }],
    });
    expect(await stored('2021-09-29')).toBe(404);
  });
});
