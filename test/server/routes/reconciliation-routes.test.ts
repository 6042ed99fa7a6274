import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import type { ReconciliationReport } from '../../../shared/src/schemas/reconciliation.ts';
import { createRepositories } from '../../../server/src/context.ts';
import { reconcileDay as reconcileService } from '../../../server/src/services/reconcile-day.ts';
import type { SqlClient } from '../../../server/src/db/sql-client.ts';
import { borderouCsv } from '../helpers/borderou-csv.ts';
import { batchReport, doc, startTestApp, type TestApp } from '../helpers/test-app.ts';

function reconcileDay(db: SqlClient, day: string) {
  const repos = createRepositories(db);
  return reconcileService(repos.borderouri, repos.reconciliation, day);
}

describeEngines('GET /api/reconciliation', (engine) => {
  let t: TestApp;
  let tokenA: string;
  let tokenB: string;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, engine);
    tokenA = await t.addStation('st-a');
    tokenB = await t.addStation('st-b');
    const csv = borderouCsv([
      ['100/04.10.2021', 'Direcția Urbanism', '3'],
      ['101/04.10.2021', 'Direcția Urbanism', '2'],
      ['102/04.10.2021', 'Cabinet Primar', '1'],
      ['103/04.10.2021', 'Cabinet Primar'],
      ['104/04.10.2021', 'Serviciul Impozite și Taxe'],
      ['99/03.10.2021', 'Direcția Urbanism', '1'],
    ]);
    expect((await t.request('POST', '/api/borderouri?date=2021-10-04', { body: csv, contentType: 'text/csv' })).status).toBe(201);
    const day = { startedAt: '2021-10-04T10:00:00+03:00', endedAt: '2021-10-04T10:30:00+03:00' };
    const a = batchReport('st-a', 'a-1', {
      ...day,
      documents: [
        doc('100/04.10.2021', 3, 5),
        doc('101/04.10.2021', 1, 2),
        doc('103/04.10.2021', 1, 1),
        doc('104/04.10.2021', 0, 0, ['empty']),
        doc('99/03.10.2021', 1, 1),
      ],
    });
    const b = batchReport('st-b', 'b-1', {
      ...day,
      documents: [doc('00103 / 4.10.2021', 2, 3), doc('105/04.10.2021', 2, 4), doc('200/05.10.2021', 1, 1)],
    });
    expect((await t.request('POST', '/api/batches', { token: tokenA, json: a })).status).toBe(201);
    expect((await t.request('POST', '/api/batches', { token: tokenB, json: b })).status).toBe(201);
  });
  afterAll(async () => { await t.close(); });

  const reconcile = async (date: string, token?: string): Promise<ReconciliationReport> => {
    const response = await t.request('GET', `/api/reconciliation?date=${date}`, { token });
    expect(response.status).toBe(200);
    return (await response.json()) as ReconciliationReport;
  };

  it('finds scanned, missing, unexpected, duplicated and empty documents and sheet differences', async () => {
    const r = await reconcile('2021-10-04');
    expect(r.borderou).toEqual({ version: 1, uploadedAt: expect.any(String), entries: 6 });
    expect(r.expected).toBe(6);
    expect(r.matched.map((m) => [m.registrationNumber, m.sheets, m.pages])).toEqual([
      ['100/04.10.2021', 3, 5],
      ['101/04.10.2021', 1, 2],
      ['103/04.10.2021', 3, 4], // scanned twice, by two stations: sums, and listed as duplicate
      ['99/03.10.2021', 1, 1], // registered the day before, listed in this day's borderou
    ]);
    expect(r.missing).toEqual([{ registrationNumber: '102/04.10.2021', department: 'Cabinet Primar', expectedSheets: 1 }]);
    expect(r.unexpected.map((d) => d.id)).toEqual(['105/04.10.2021']);
    expect(r.duplicates).toEqual([{ id: '103/04.10.2021', count: 2, files: [expect.any(String), expect.any(String)], inBorderou: true }]);
    expect(r.empty).toEqual([{ id: '104/04.10.2021', inBorderou: true, department: 'Serviciul Impozite și Taxe' }]);
    expect(r.sheetMismatch).toEqual([{ registrationNumber: '101/04.10.2021', department: 'Direcția Urbanism', expectedSheets: 2, scannedSheets: 1 }]);
    expect(r.warnings).toEqual([]);
  });

  it('totals per department, with the documents outside the borderou under null', async () => {
    const r = await reconcile('2021-10-04');
    const byDepartment = Object.fromEntries(r.byDepartment.map((d) => [String(d.department), d]));
    expect(byDepartment['Direcția Urbanism']).toEqual({
      department: 'Direcția Urbanism', expected: 3, scanned: 3, missing: 0, empty: 0, expectedSheets: 6, scannedSheets: 5, pages: 8,
    });
    expect(byDepartment['Serviciul Impozite și Taxe']).toMatchObject({ expected: 1, scanned: 0, missing: 0, empty: 1 });
    expect(byDepartment['Cabinet Primar']).toMatchObject({ expected: 2, scanned: 1, missing: 1 });
    expect(byDepartment.null).toMatchObject({ department: null, scanned: 1, scannedSheets: 2, pages: 4 });
  });

  it('sends every field of the shared reconcile() result (the response schema drops nothing)', async () => {
    const direct = await reconcileDay(t.app.sql, '2021-10-04');
    expect(await reconcile('2021-10-04')).toEqual(JSON.parse(JSON.stringify(direct)));
  });

  it('uses the current version after a re-upload', async () => {
    const csv = borderouCsv([['100/04.10.2021', 'Direcția Urbanism', '3'], ['102/04.10.2021', 'Cabinet Primar', '1']]);
    expect((await t.request('POST', '/api/borderouri?date=2021-10-04', { body: csv, contentType: 'text/csv' })).status).toBe(201);
    const r = await reconcile('2021-10-04');
    expect(r.borderou?.version).toBe(2);
    expect(r.expected).toBe(2);
    // 101 and 103 are no longer listed: now unexpected (ids as the stations sent them).
    expect(r.unexpected.map((d) => d.id)).toEqual(['101/04.10.2021', '103/04.10.2021', '00103 / 4.10.2021', '105/04.10.2021']);
    expect(r.empty).toEqual([{ id: '104/04.10.2021', inBorderou: false, department: null }]);
  });

  it('without a borderou, lists what was reported and says the borderou is missing', async () => {
    const r = await reconcile('2021-10-05');
    expect(r.borderou).toBeNull();
    expect(r.unexpected.map((d) => d.id)).toEqual(['200/05.10.2021']);
    expect(r.warnings).toEqual(['Nu a fost încărcat niciun borderou pentru ziua 05.10.2021.']);
  });

  it('assigns documents from generic separators scanned that day to the borderou in order', async () => {
    const csv = borderouCsv([['300/06.10.2021', 'Cabinet Primar', '1'], ['301/06.10.2021', 'Direcția Urbanism', '2']]);
    expect((await t.request('POST', '/api/borderouri', { body: csv, contentType: 'text/csv' })).status).toBe(201);
    const report = batchReport('st-a', 'a-generic', {
      startedAt: '2021-10-06T08:00:00+03:00',
      endedAt: '2021-10-06T08:05:00+03:00',
      documents: [doc('PATCHT-1', 1, 1), doc('PATCHT-2', 2, 4)],
    });
    expect((await t.request('POST', '/api/batches', { token: tokenA, json: report })).status).toBe(201);
    const r = await reconcile('2021-10-06');
    expect(r.matched.map((m) => [m.registrationNumber, m.documents[0]?.originalId])).toEqual([
      ['300/06.10.2021', 'PATCHT-1'],
      ['301/06.10.2021', 'PATCHT-2'],
    ]);
    expect(r.missing).toEqual([]);
  });

  it('validates the date and needs a token', async () => {
    for (const query of ['', '?date=2021-13-01', '?date=04.10.2021', '?date=2021-10-04&x=1']) {
      const response = await t.request('GET', `/api/reconciliation${query}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('VALIDATION_FAILED');
    }
    expect((await t.request('GET', '/api/reconciliation?date=2021-10-04', { token: null })).status).toBe(401);
  });
});
