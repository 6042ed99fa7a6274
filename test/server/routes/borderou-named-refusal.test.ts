/**
 * The registry's preview and upload given `?name=` (the file as the clerk picked it): a CSV refused whole
 * (CSV_INVALID) is named in the message as a Word document (NOT_A_BORDEROU) already was — a misnamed
 * header, bad rows (their problems kept), a file with no document, an empty file; without `?name=` the
 * messages are as before. Nothing is stored. Real HTTP on loopback, both engines.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { exportTable, titleBlock, utf8Bom, windows1250 } from '../../support/borderou-export.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type ErrorBody = { error: { code: string; message: string; problems?: Array<{ line?: number; path?: string; reason: string }> } };

const NAME = 'borderou 28.09 (Registratură).csv';
const q = `name=${encodeURIComponent(NAME)}`;
const MISNAMED = 'Antetul de pe linia 9 nu are coloana obligatorie structura (Structura). Coloane nerecunoscute: „Nr. crt.”, „Petent”, „Compartiment”.';

describeEngines('a borderou refused whole, named by ?name=', (engine) => {
  let t: TestApp;
  beforeAll(async () => { t = await startTestApp({}, undefined, engine); });
  afterAll(async () => { await t.close(); });

  const post = async (url: string, bytes: Uint8Array): Promise<{ status: number; error: ErrorBody['error'] }> => {
    const response = await t.request('POST', url, { body: bytes, contentType: 'text/csv' });
    return { status: response.status, error: ((await response.json()) as ErrorBody).error };
  };
  const stored = async (day: string): Promise<number> => (await t.request('GET', `/api/borderouri?date=${day}`)).status;

  it('a misnamed header under the title block: preview and upload name the file, then the line', async () => {
    const csv = windows1250([...titleBlock(';', true), ...exportTable(';', 'Compartiment')]);
    for (const url of [`/api/borderouri/preview?${q}`, `/api/borderouri?date=2021-09-28&${q}`]) {
      expect(await post(url, csv)).toEqual({ status: 400, error: { code: 'CSV_INVALID', message: `Borderoul „${NAME}”: ${MISNAMED}` } });
    }
    expect(await post('/api/borderouri?date=2021-09-28', csv)).toEqual({ status: 400, error: { code: 'CSV_INVALID', message: MISNAMED } });
    expect(await stored('2021-09-28')).toBe(404);
  });

  it('bad rows on upload: the file named as the sentence\'s subject, the rows\' problems kept', async () => {
    const csv = utf8Bom(['Număr înregistrare;Structura;Nr. file', '84512/28.09.2021;Direcția Urbanism;2', 'fără-număr;Cabinet Primar;1']);
    const { status, error } = await post(`/api/borderouri?date=2021-09-28&${q}`, csv);
    expect(status).toBe(400);
    expect(error.code).toBe('CSV_INVALID');
    expect(error.message).toBe(`Borderoul „${NAME}” are 1 rând greșit; nu a fost salvat nimic.`);
    expect(error.problems?.map((p) => p.line)).toEqual([3]);
    expect(await stored('2021-09-28')).toBe(404);
  });

  it.each([
    ['a header and no document', utf8Bom(['Număr înregistrare;Structura']), `Borderoul „${NAME}” nu conține niciun document (doar antetul).`],
    ['an empty file', new Uint8Array(0), `Borderoul „${NAME}” este gol (0 octeți).`],
    ['an Excel workbook', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]),
      `Borderoul „${NAME}”: Fișierul este un registru Excel (.xlsx), nu un CSV. Salvați-l din Excel ca „CSV UTF-8” sau „CSV (delimitat prin virgulă)”.`],
  ])('%s on upload: named once', async (_name, bytes, message) => {
    expect(await post(`/api/borderouri?date=2021-09-28&${q}`, bytes)).toEqual({ status: 400, error: { code: 'CSV_INVALID', message } });
  });
});
