import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import { borderouCsv } from '../helpers/borderou-csv.ts';
import { startTestApp, type TestApp } from '../helpers/test-app.ts';

type ErrorBody = { error: { code: string; message: string; problems?: Array<{ line?: number; path?: string; reason: string }> } };
type View = {
  version: { version: number; date: string; entries: number };
  current: boolean;
  entries: Array<{ registrationNumber: string; department: string; expectedSheets: number | null; notes: string | null }>;
  versions: Array<{ version: number }>;
};

describeEngines('borderouri', (engine) => {
  let t: TestApp;
  let stationToken: string;
  beforeAll(async () => {
    t = await startTestApp({ csvBodyLimit: 8 * 1024 }, undefined, engine);
    stationToken = await t.addStation('st-a');
  });
  afterAll(async () => { await t.close(); });

  const upload = (bytes: Uint8Array, query = '', contentType = 'text/csv') =>
    t.request('POST', `/api/borderouri${query}`, { body: bytes, contentType });
  const view = async (query: string): Promise<View> => {
    const response = await t.request('GET', `/api/borderouri${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as View;
  };

  it('stores a UTF-8 `;` borderou with BOM; the day comes from the rows', async () => {
    const csv = borderouCsv([
      ['84512/27.09.2021', 'Direcția Urbanism și Amenajarea Teritoriului', '3', '', 'Petiție; urgent'],
      ['84513/27.09.2021', 'Serviciul Impozite și Taxe Locale', ''],
    ], { encoding: 'utf-8-bom' });
    const response = await upload(csv);
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({
      date: '2021-09-27', version: 1, entries: 2, encoding: 'utf-8-bom', delimiter: ';', replacedVersion: null, warnings: [],
    });
    const current = await view('?date=2021-09-27');
    expect(current.entries).toEqual([
      { line: 2, registrationNumber: '84512/27.09.2021', department: 'Direcția Urbanism și Amenajarea Teritoriului', expectedSheets: 3, date: '2021-09-27', notes: 'Petiție; urgent' },
      { line: 3, registrationNumber: '84513/27.09.2021', department: 'Serviciul Impozite și Taxe Locale', expectedSheets: null, date: '2021-09-27', notes: null },
    ]);
  });

  it('reads Windows-1250 with `,` and keeps the diacritics (cedillas become comma-below)', async () => {
    const csv = borderouCsv([['1200/28.09.2021', 'Direcţia Asistenţă Socială, Protecţia Copilului', '2', '28.09.2021', 'Înregistrat la ghişeu']], {
      delimiter: ',', encoding: 'windows-1250',
    });
    const response = await upload(csv, '?date=2021-09-28', 'text/csv; charset=windows-1250');
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ encoding: 'windows-1250', delimiter: ',' });
    const { entries } = await view('?date=2021-09-28');
    expect(entries[0]).toMatchObject({ department: 'Direcția Asistență Socială, Protecția Copilului', notes: 'Înregistrat la ghișeu' });
  });

  it('re-uploading a day replaces it and keeps the history', async () => {
    const csv = borderouCsv([['84512/27.09.2021', 'Direcția Urbanism', '4'], ['84514/27.09.2021', 'Cabinet Primar']]);
    const response = await upload(csv, '?date=2021-09-27');
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ version: 2, replacedVersion: 1, entries: 2 });

    const current = await view('?date=2021-09-27');
    expect(current.current).toBe(true);
    expect(current.version.version).toBe(2);
    expect(current.entries.map((e) => e.registrationNumber)).toEqual(['84512/27.09.2021', '84514/27.09.2021']);
    expect(current.versions.map((v) => v.version)).toEqual([1, 2]);

    const old = await view('?date=2021-09-27&version=1');
    expect(old.current).toBe(false);
    expect(old.entries.map((e) => e.registrationNumber)).toEqual(['84512/27.09.2021', '84513/27.09.2021']);
    const raw = await t.value<Buffer>('SELECT content FROM borderouri WHERE day = ? AND version = 1', '2021-09-27');
    expect(raw.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });

  it('rejects the whole file when rows are wrong, listing each line, and stores nothing', async () => {
    const csv = borderouCsv([
      ['500/29.09.2021', 'Direcția Urbanism', '2'],
      ['abc', 'Direcția Urbanism', '2'],
      ['501/29.09.2021', '', 'trei'],
    ]);
    const response = await upload(csv, '?date=2021-09-29');
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as ErrorBody;
    expect(error.code).toBe('CSV_INVALID');
    expect(error.message).toBe('Borderoul are 3 rânduri greșite; nu a fost salvat nimic.');
    expect(error.problems?.map((p) => [p.line, p.path])).toEqual([
      [3, 'numar_inregistrare'], [4, 'structura'], [4, 'nr_file'],
    ]);
    expect(error.problems?.[0]?.reason).toContain('abc');
    const missing = await t.request('GET', '/api/borderouri?date=2021-09-29');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'NOT_FOUND', message: 'Nu există borderou pentru ziua 29.09.2021.' } });
  });

  it('rejects files that are not a borderou with 400 CSV_INVALID', async () => {
    for (const body of [Buffer.from(''), Buffer.from('a;b;c\r\n1;2;3\r\n'), Buffer.from('numar_inregistrare;structura\r\n')]) {
      const response = await upload(new Uint8Array(body), '?date=2021-09-30');
      expect(response.status).toBe(400);
      expect(((await response.json()) as ErrorBody).error.code).toBe('CSV_INVALID');
    }
  });

  it('needs ?date when the rows are from different days, and a real date', async () => {
    const mixed = borderouCsv([['1/27.09.2021', 'Cabinet Primar'], ['2/28.09.2021', 'Cabinet Primar']]);
    const response = await upload(mixed);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: {
      code: 'VALIDATION_FAILED',
      message: 'Rândurile borderoului sunt din zile diferite (27.09.2021, 28.09.2021); precizați ziua cu ?date=AAAA-LL-ZZ.',
    } });
    const impossible = await upload(mixed, '?date=2021-02-30');
    expect(impossible.status).toBe(400);
    expect(((await impossible.json()) as ErrorBody).error.problems).toEqual([{ path: '?date', reason: 'trebuie să fie o dată calendaristică AAAA-LL-ZZ' }]);
    const shape = await upload(mixed, '?date=30.09.2021');
    expect(shape.status).toBe(400);
    const unknown = await upload(mixed, '?date=2021-09-30&zi=1');
    expect(((await unknown.json()) as ErrorBody).error.problems).toEqual([{ path: '?zi', reason: 'câmp necunoscut' }]);
  });

  it('answers 413 over the CSV size limit and 415 for JSON', async () => {
    const rows = Array.from({ length: 400 }, (_, i) => [`${i + 1}/01.10.2021`, 'Direcția Urbanism', '1'] as [string, string, string]);
    const big = await upload(borderouCsv(rows));
    expect(big.status).toBe(413);
    expect(((await big.json()) as ErrorBody).error.code).toBe('PAYLOAD_TOO_LARGE');
    const json = await t.request('POST', '/api/borderouri?date=2021-10-01', { json: { rows: [] } });
    expect(json.status).toBe(415);
  });

  it('is for the admin only', async () => {
    const csv = borderouCsv([['1/01.10.2021', 'Cabinet Primar']]);
    const asStation = await t.request('POST', '/api/borderouri', { token: stationToken, body: csv, contentType: 'text/csv' });
    expect(asStation.status).toBe(403);
    const anonymous = await t.request('POST', '/api/borderouri', { token: null, body: csv, contentType: 'text/csv' });
    expect(anonymous.status).toBe(401);
    const read = await t.request('GET', '/api/borderouri?date=2021-09-27', { token: stationToken });
    expect(read.status).toBe(403);
  });
});
