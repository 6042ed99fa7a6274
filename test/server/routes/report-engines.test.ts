/**
 * The weekly report is the same, byte for byte, on both engines: the same batch reports, borderouri
 * and closed week sent to a SQLite registry and to a PostgreSQL one give the same JSON and the same
 * CSV over several years (a period starting and ending mid-week, so both whole and partial weeks are
 * read), whatever order each engine's rows come in.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describePostgres } from '../../support/postgres.ts';
import type { WeeklyReport } from '../../../shared/src/schemas/weekly-report.ts';
import { borderouCsv, type CsvRow } from '../helpers/borderou-csv.ts';
import { batchReport, doc, startTestApp, type TestApp } from '../helpers/test-app.ts';

// Names whose Romanian order is not their byte order (capitals, punctuation).
const STATIONS = ['Zalau-arhiva', 'ghiseu-2', 'Birou.1', 'ana', 'arhiva_2'];
const DEPARTMENTS = ['Direcția Urbanism', 'Cabinet Primar', 'Serviciul Impozite și Taxe Locale', 'Șantiere', 'Țarcuri', 'achiziții', 'Direcția "Nouă"; anexă'];
const FROM = '2019-03-06'; // a Wednesday
const TO = '2022-08-18'; // a Thursday

/** Deterministic pseudo-random numbers, so every run sends the same data. */
function numbers(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
}

describePostgres('GET /api/reports/weekly: the same bytes on SQLite and PostgreSQL', () => {
  const apps: TestApp[] = [];
  let sent = 0;

  beforeAll(async () => {
    // One clock for both (a closed week carries the instant it was closed).
    const now = () => new Date('2022-09-01T10:00:00Z');
    apps.push(await startTestApp({ now }, undefined, 'sqlite'), await startTestApp({ now }, undefined, 'postgres'));
    for (const t of apps) {
      const random = numbers(14);
      const tokens = new Map<string, string>();
      for (const name of STATIONS) tokens.set(name, await t.addStation(name));
      const borderouri = new Map<string, CsvRow[]>();
      let number = 0;
      sent = 0;
      // 60 batches spread over four years (some outside the period), a few documents each.
      for (let b = 0; b < 60; b++) {
        const day = new Date(Date.UTC(2019, 0, 1) + Math.floor(random() * 1400) * 86_400_000).toISOString().slice(0, 10);
        const station = STATIONS[Math.floor(random() * STATIONS.length)]!;
        const ro = `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
        const documents = [];
        for (let d = 0, count = 1 + Math.floor(random() * 4); d < count; d++) {
          const id = `${++number}/${ro}`;
          documents.push(doc(id, 1 + Math.floor(random() * 5), 1 + Math.floor(random() * 9)));
          // Most documents are on their day's borderou, some on none (no department).
          if (random() < 0.8) {
            const rows = borderouri.get(day) ?? [];
            rows.push([id, DEPARTMENTS[Math.floor(random() * DEPARTMENTS.length)]!, String(1 + Math.floor(random() * 5))]);
            borderouri.set(day, rows);
          }
        }
        // Late in the evening UTC: the next day (and sometimes the next week) in Bucharest.
        const hour = random() < 0.2 ? '22:30:00Z' : '07:15:00Z';
        const report = batchReport(station, `b-${b}`, { startedAt: `${day}T${hour}`, endedAt: `${day}T${hour}`, documents });
        const response = await t.request('POST', '/api/batches', { token: tokens.get(station)!, json: report });
        expect(response.status).toBe(201);
        sent += documents.length;
      }
      for (const [day, rows] of borderouri) {
        const response = await t.request('POST', `/api/borderouri?date=${day}`, { body: borderouCsv(rows), contentType: 'text/csv' });
        expect(response.status, await response.text()).toBe(201);
      }
      // A department that exists only on a borderou (registered, never scanned).
      expect((await t.request('POST', '/api/borderouri?date=2020-06-10', { body: borderouCsv([['9999/10.06.2020', 'Registratură veche']]), contentType: 'text/csv' })).status).toBe(201);
    }
  }, 120_000);
  afterAll(async () => {
    await Promise.all(apps.map((t) => t.close()));
  });

  const bodies = async (query: string): Promise<Buffer[]> => Promise.all(apps.map(async (t) => {
    const response = await t.request('GET', `/api/reports/weekly${query}`);
    expect(response.status).toBe(200);
    return Buffer.from(await response.arrayBuffer());
  }));

  it('sends the same JSON and the same CSV over years of whole and partial weeks', async () => {
    const [lite, big] = await bodies(`?from=${FROM}&to=${TO}`);
    const report = JSON.parse(lite!.toString('utf8')) as WeeklyReport;
    // the data really spans the period: many weeks, every station, the documents with no department
    expect(report.weeks.length).toBe(181);
    expect(report.weeks.filter((w) => w.documents > 0).length).toBeGreaterThan(20);
    expect(new Set(report.weeks.flatMap((w) => w.stations.map((s) => s.station)))).toEqual(new Set(STATIONS));
    expect(report.weeks.some((w) => w.departments.some((d) => d.department === null))).toBe(true);
    expect(report.weeks.some((w) => w.registeredDepartments.length > 0)).toBe(true);
    expect(report.totals.documents).toBeLessThan(sent);
    expect(big!.toString('utf8')).toBe(lite!.toString('utf8'));
    const [liteCsv, bigCsv] = await bodies(`?from=${FROM}&to=${TO}&format=csv`);
    expect(liteCsv!.length).toBeGreaterThan(1000);
    expect(bigCsv!.equals(liteCsv!)).toBe(true);
  });

  it('sends the same bytes for every whole and partial stretch after a week is closed', async () => {
    for (const t of apps) expect((await t.request('POST', '/api/reports/weekly/close', { json: { week: '2020-06-08' } })).status).toBe(201);
    const closed = JSON.parse((await bodies('?from=2020-06-01&to=2020-06-21'))[0]!.toString('utf8')) as WeeklyReport;
    expect(closed.weeks.map((w) => w.closed?.closedAt ?? null)).toEqual([null, '2022-09-01T10:00:00.000Z', null]);
    for (const [from, to] of [['2019-01-01', '2022-12-31'], ['2020-06-09', '2020-06-11'], ['2020-06-08', '2020-06-14'], ['2021-12-29', '2022-01-04']] as const) {
      const [lite, big] = await bodies(`?from=${from}&to=${to}`);
      expect(big!.toString('utf8')).toBe(lite!.toString('utf8'));
      const [liteCsv, bigCsv] = await bodies(`?from=${from}&to=${to}&format=csv`);
      expect(bigCsv!.equals(liteCsv!)).toBe(true);
    }
  });
});
