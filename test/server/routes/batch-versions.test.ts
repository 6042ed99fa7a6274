import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeEngines } from '../../support/postgres.ts';
import type { ReconciliationReport } from '../../../shared/src/schemas/reconciliation.ts';
import type { BatchVersions } from '../../../shared/src/schemas/batch-versions.ts';
import type { WeeklyReport } from '../../../shared/src/schemas/weekly-report.ts';
import { borderouCsv } from '../helpers/borderou-csv.ts';
import { batchReport, doc, startTestApp, type TestApp } from '../helpers/test-app.ts';

type ErrorBody = { error: { code: string; message: string } };

/** The totals as the triggers keep them, and as counted again from the documents (non-zero rows). */
async function totalsFromTriggers(t: TestApp): Promise<{ daily: unknown[]; weekly: unknown[]; weeklyDepartments: unknown[]; weeklyStations: unknown[] }> {
  return {
    daily: await t.rows(`SELECT day, station_id, department, documents, sheets, pages FROM daily_totals
                        WHERE documents <> 0 OR sheets <> 0 OR pages <> 0 ORDER BY 1, 2, 3`),
    weekly: await t.rows(`SELECT week_start, station_id, department, documents, sheets, pages FROM weekly_totals
                         WHERE documents <> 0 OR sheets <> 0 OR pages <> 0 ORDER BY 1, 2, 3`),
    weeklyDepartments: await t.rows(`SELECT week_start, department, documents, sheets, pages FROM weekly_department_totals
                                    WHERE documents <> 0 OR sheets <> 0 OR pages <> 0 ORDER BY 1, 2`),
    weeklyStations: await t.rows(`SELECT week_start, station_id, documents, sheets, pages FROM weekly_station_totals
                                 WHERE documents <> 0 OR sheets <> 0 OR pages <> 0 ORDER BY 1, 2`),
  };
}
async function totalsFromScratch(t: TestApp): Promise<{ daily: unknown[]; weekly: unknown[]; weeklyDepartments: unknown[]; weeklyStations: unknown[] }> {
  const monday = t.app.sql.engine === 'sqlite'
    ? `date(scan_date, '-' || ((CAST(strftime('%w', scan_date) AS INTEGER) + 6) % 7) || ' days')`
    : `to_char(scan_date::date - (extract(isodow FROM scan_date::date)::int - 1), 'YYYY-MM-DD')`;
  return {
    daily: await t.rows(`SELECT scan_date AS day, station_id, department, COUNT(*) AS documents, SUM(sheets) AS sheets, SUM(pages) AS pages
                         FROM documents WHERE file IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
    weekly: await t.rows(`SELECT ${monday} AS week_start, station_id, department, COUNT(*) AS documents, SUM(sheets) AS sheets, SUM(pages) AS pages
                          FROM documents WHERE file IS NOT NULL GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`),
    weeklyDepartments: await t.rows(`SELECT ${monday} AS week_start, department, COUNT(*) AS documents, SUM(sheets) AS sheets, SUM(pages) AS pages
                                     FROM documents WHERE file IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`),
    weeklyStations: await t.rows(`SELECT ${monday} AS week_start, station_id, COUNT(*) AS documents, SUM(sheets) AS sheets, SUM(pages) AS pages
                                  FROM documents WHERE file IS NOT NULL GROUP BY 1, 2 ORDER BY 1, 2`),
  };
}

describeEngines('batch report versions (a batch corrected on the station)', (engine) => {
  let t: TestApp;
  let token: string;
  const day = { startedAt: '2021-10-04T10:00:00+03:00', endedAt: '2021-10-04T10:30:00+03:00' };
  // v1: a missed separator glued 101 into 100; v2: split again; v3: scanned on another day, one page removed
  const v1 = batchReport('st-a', 'corr-1', { ...day, pagesIn: 9, documents: [doc('100/04.10.2021', 4, 7), doc('102/04.10.2021', 1, 1)] });
  const v2 = batchReport('st-a', 'corr-1', {
    ...day, version: 2, pagesIn: 9, separatorPages: 3,
    documents: [doc('100/04.10.2021', 3, 5), doc('101/04.10.2021', 1, 2), doc('102/04.10.2021', 1, 1)],
  });

  beforeAll(async () => {
    t = await startTestApp({}, undefined, engine);
    token = await t.addStation('st-a');
    const csv = borderouCsv([
      ['100/04.10.2021', 'Direcția Urbanism', '3'],
      ['101/04.10.2021', 'Cabinet Primar', '1'],
      ['102/04.10.2021', 'Cabinet Primar', '1'],
    ]);
    expect((await t.request('POST', '/api/borderouri?date=2021-10-04', { body: csv, contentType: 'text/csv' })).status).toBe(201);
    // another batch that stays as it is
    expect((await t.request('POST', '/api/batches', { token, json: batchReport('st-a', 'other', { ...day, documents: [doc('102/04.10.2021', 1, 2)] }) })).status).toBe(201);
  });
  afterAll(async () => { await t.close(); });

  const send = (json: unknown) => t.request('POST', '/api/batches', { token, json });
  const reconcile = async (): Promise<ReconciliationReport> => (await (await t.request('GET', '/api/reconciliation?date=2021-10-04')).json()) as ReconciliationReport;
  const weekly = async (): Promise<WeeklyReport> => (await (await t.request('GET', '/api/reports/weekly?from=2021-10-04&to=2021-10-17')).json()) as WeeklyReport;

  it('takes a higher version: documents, reconciliation and totals follow the latest, every version is kept', async () => {
    expect((await send(v1)).status).toBe(201);
    expect((await reconcile()).missing.map((m) => m.registrationNumber)).toEqual(['101/04.10.2021']);
    expect(await totalsFromTriggers(t)).toEqual(await totalsFromScratch(t));

    const response = await send(v2);
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ status: 'recorded', station: 'st-a', batchId: 'corr-1', version: 2, documents: 3, receivedAt: expect.any(String) });
    const r = await reconcile();
    expect(r.missing).toEqual([]);
    expect(r.matched.map((m) => [m.registrationNumber, m.sheets, m.pages])).toEqual([
      ['100/04.10.2021', 3, 5], ['101/04.10.2021', 1, 2], ['102/04.10.2021', 2, 3],
    ]);
    expect(await t.value("SELECT COUNT(*) FROM documents d JOIN batches b ON b.id = d.batch_ref WHERE b.batch_id = 'corr-1'")).toBe(3);
    expect(await totalsFromTriggers(t)).toEqual(await totalsFromScratch(t));
    expect((await weekly()).totals).toMatchObject({ documents: 4, sheets: 6, pages: 10 }); // 3 of corr-1 v2 + «other»
  });

  it('the same version again is 200 already-recorded and changes nothing', async () => {
    const before = await totalsFromTriggers(t);
    const again = await send(Object.fromEntries(Object.entries(v2).reverse()));
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ status: 'already-recorded', version: 2, documents: 3 });
    expect(await totalsFromTriggers(t)).toEqual(before);
    expect(await t.value('SELECT COUNT(*) FROM batch_versions v JOIN batches b ON b.id = v.batch_ref WHERE b.batch_id = ?', 'corr-1')).toBe(2);
  });

  it('the same version with other content is 409 CONFLICT; a lower version is 409 REPORT_SUPERSEDED; nothing changes', async () => {
    const before = { totals: await totalsFromTriggers(t), reconciliation: await reconcile() };
    const changed = await send({ ...v2, documents: [doc('100/04.10.2021', 4, 7)] });
    expect(changed.status).toBe(409);
    expect(((await changed.json()) as ErrorBody).error).toEqual({
      code: 'CONFLICT',
      message: 'Lotul „corr-1” a fost deja raportat în versiunea 2 cu alt conținut; un raport corectat se trimite cu o versiune mai mare.',
    });
    for (const old of [v1, { ...v1, version: 1 }, { ...v1, documents: [doc('999/04.10.2021', 1, 1)] }]) {
      const response = await send(old);
      expect(response.status).toBe(409);
      expect(((await response.json()) as ErrorBody).error).toEqual({
        code: 'REPORT_SUPERSEDED',
        message: 'Registratura are deja versiunea 2 a raportului lotului „corr-1”; versiunea 1 nu a mai fost înregistrată.',
      });
    }
    expect({ totals: await totalsFromTriggers(t), reconciliation: await reconcile() }).toEqual(before);
  });

  it('keeps the totals equal to a count from scratch over several versions (day, department and empty documents change)', async () => {
    const v3 = batchReport('st-a', 'corr-1', {
      startedAt: '2021-10-11T08:00:00+03:00', endedAt: '2021-10-11T08:10:00+03:00', version: 3,
      documents: [doc('100/04.10.2021', 3, 5), doc('101/04.10.2021', 0, 0, ['empty']), doc('555/11.10.2021', 2, 3)],
    });
    v3.documents[1] = { ...v3.documents[1]!, file: null, sha256: null };
    expect((await send(v3)).status).toBe(201);
    expect(await totalsFromTriggers(t)).toEqual(await totalsFromScratch(t));
    // a version may skip numbers; the totals still follow
    const v5 = batchReport('st-a', 'corr-1', { ...day, version: 5, documents: [doc('101/04.10.2021', 2, 2)] });
    expect((await send(v5)).status).toBe(201);
    expect(await totalsFromTriggers(t)).toEqual(await totalsFromScratch(t));
    // a borderou re-upload moves documents between departments
    const csv = borderouCsv([['101/04.10.2021', 'Direcția Urbanism', '2'], ['102/04.10.2021', 'Cabinet Primar', '1']]);
    expect((await t.request('POST', '/api/borderouri?date=2021-10-04', { body: csv, contentType: 'text/csv' })).status).toBe(201);
    const v6 = batchReport('st-a', 'corr-1', { ...day, version: 6, documents: [doc('101/04.10.2021', 2, 2), doc('100/04.10.2021', 1, 1)] });
    expect((await send(v6)).status).toBe(201);
    expect(await totalsFromTriggers(t)).toEqual(await totalsFromScratch(t));
    // the weekly report over both weeks: only the latest version counts
    const report = await weekly();
    expect(report.totals).toMatchObject({ documents: 3, sheets: 4, pages: 5 }); // 101 and 100 of corr-1 v6, 102 of «other»
    expect(report.weeks.map((w) => w.documents)).toEqual([3, 0]);
  });

  it('lists every version of a batch for the registry, oldest first', async () => {
    const response = await t.request('GET', '/api/batches/st-a/corr-1/versions');
    expect(response.status).toBe(200);
    const body = (await response.json()) as BatchVersions;
    expect(body.currentVersion).toBe(6);
    expect(body.versions.map((v) => [v.version, v.documentCount, v.scanDate])).toEqual([
      [1, 2, '2021-10-04'], [2, 3, '2021-10-04'], [3, 3, '2021-10-11'], [5, 1, '2021-10-04'], [6, 2, '2021-10-04'],
    ]);
    expect(body.versions[1]!.documents.map((d) => d.id)).toEqual(['100/04.10.2021', '101/04.10.2021', '102/04.10.2021']);
    expect(body.versions[2]!.documents[1]).toMatchObject({ file: null, sha256: null, flags: ['empty'] });
  });

  it('refuses the versions to a station and answers 404 for an unknown batch', async () => {
    const asStation = await t.request('GET', '/api/batches/st-a/corr-1/versions', { token });
    expect(asStation.status).toBe(403);
    const unknown = await t.request('GET', '/api/batches/st-a/nu-exista/versions');
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as ErrorBody).error).toEqual({ code: 'NOT_FOUND', message: 'Stația „st-a” nu a raportat niciun lot „nu-exista”.' });
    const bad = await t.request('GET', '/api/batches/st-a/..%2Fx/versions');
    expect(bad.status).toBe(400);
  });
});
