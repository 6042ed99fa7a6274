/**
 * The weekly report's JSON is written straight into bytes from its columns (no object per week):
 * those bytes must be what the route's response schema serialises the same report to, texts of every
 * kind included (quotes, backslashes, control characters, lone surrogates, long names), and the
 * report must be valid by that schema. Checked through fastify itself: a route taking the report as
 * its body (validated by the schema) and answering it (serialised by the schema).
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { weeklyReportSchema, type WeeklyReport } from '../../../shared/src/schemas/weekly-report.ts';
import type { WeeklyReadings, WeeklySeries } from '../../../server/src/repositories/report-repository.ts';
import { weeklyReportCsv } from '../../../server/src/services/weekly-report-csv.ts';
import { weeklyReportJson } from '../../../server/src/services/weekly-report-json.ts';
import { buildWeeklyFigures } from '../../../server/src/services/weekly-report.ts';

const HOSTILE = [
  'Birou "Nou" \\ anexă', 'linie\u0001ascunsă', 'surogat \ud800 singur', 'separator\u2028rând', 'ț'.repeat(45), 'x'.repeat(5001), '',
];

/** Three whole weeks from Monday 27.09.2021, figures made up from the week's index. */
function series(name: string, weeks: string[], scale: number, pages = true): WeeklySeries {
  const s: WeeklySeries = { name, weeks, documents: weeks.map((_, i) => scale + i), sheets: weeks.map((_, i) => 2 * scale + i) };
  if (pages) s.pages = weeks.map((_, i) => 3 * scale + i);
  return s;
}

const W = ['2021-09-27', '2021-10-04', '2021-10-11', '2021-10-18'];

const readings = (): WeeklyReadings => ({
  stations: [
    series('Zalau', [W[1]!, W[0]!], 5),
    series('ana', [W[0]!], 7),
    // the same station from whole weeks and from the days of a partial week: one line a week
    series('Ana', [W[2]!, W[3]!], 1),
    series('Ana', [W[3]!], 4),
    // a week outside the report is left out
    series('ghiseu', ['2021-09-20', W[1]!], 3),
    ...HOSTILE.filter((name) => name !== '').map((name, i) => series(name, [W[i % 4]!], 10 + i)),
  ],
  departments: [
    series('', [W[0]!, W[1]!], 2),
    series('Țarcuri', [W[0]!], 3),
    series('achiziții', [W[1]!, W[0]!], 4),
    series('Cabinet Primar', [W[2]!], 9),
    ...HOSTILE.filter((name) => name !== '').map((name, i) => series(name, [W[(i + 1) % 4]!], 20 + i)),
  ],
  registered: [
    // whole weeks by their Monday; the days of a partial week each on its own day, summed into the week
    series('Cabinet Primar', [W[0]!, W[1]!], 6, false),
    series('Cabinet Primar', ['2021-10-19', '2021-10-20'], 1, false),
    series('Registratură veche', ['2021-09-29'], 8, false),
    ...HOSTILE.filter((name) => name !== '').map((name, i) => series(name, [W[(i + 2) % 4]!], 30 + i, false)),
  ],
  closed: [{
    weekStart: W[1]!, closedAt: '2021-10-11T08:00:00.000Z', closedBy: 'Ana "șefa" \\ registratură',
    figures: { registered: { documents: 3, sheets: 4 }, processed: { documents: 5, sheets: 6, pages: 7 } },
  }],
});

describe('weekly report JSON', () => {
  let schemaApp: FastifyInstance;
  beforeAll(async () => {
    schemaApp = Fastify({ bodyLimit: 64 * 1024 * 1024 });
    schemaApp.post('/echo', { schema: { body: weeklyReportSchema, response: { 200: weeklyReportSchema } } }, async (request) => request.body);
    await schemaApp.ready();
  });
  afterAll(async () => {
    await schemaApp.close();
  });

  /** The report valid by the schema, and its bytes as the schema serialises it. */
  const bySchema = async (bytes: Buffer): Promise<Buffer> => {
    const response = await schemaApp.inject({ method: 'POST', url: '/echo', payload: bytes, headers: { 'content-type': 'application/json' } });
    expect(response.statusCode, response.body).toBe(200);
    return response.rawPayload;
  };

  it('writes the bytes the response schema serialises the report to, hostile names and closed weeks included', async () => {
    // Wednesday 29.09 to Wednesday 20.10: partial weeks at both ends.
    for (const [from, to] of [['2021-09-29', '2021-10-20'], ['2021-09-27', '2021-10-24'], ['2021-10-13', '2021-10-13'], ['2030-01-01', '2030-01-31']] as const) {
      const bytes = weeklyReportJson(buildWeeklyFigures(from, to, readings()));
      expect((await bySchema(bytes)).equals(bytes)).toBe(true);
    }
    const empty = weeklyReportJson(buildWeeklyFigures('2021-09-29', '2021-10-20', { stations: [], departments: [], registered: [], closed: [] }));
    expect((await bySchema(empty)).equals(empty)).toBe(true);
  });

  it('allocates what it writes: one long department name costs its own lines, not every line (nor negative figures a wrong guess)', async () => {
    // two years, twelve departments and six stations every week; one department's name is 5,000 characters
    const weeks = Array.from({ length: 104 }, (_, w) => new Date(Date.UTC(2020, 0, 6) + w * 7 * 86_400_000).toISOString().slice(0, 10));
    const names = ['Direcția Urbanism', 'Cabinet Primar', 'ț'.repeat(5000), ...Array.from({ length: 9 }, (_, i) => `Serviciul ${i}`)];
    const long: WeeklyReadings = {
      stations: Array.from({ length: 6 }, (_, i) => series(`ghiseu-${i}`, weeks, 1000 * i)),
      departments: names.map((name, i) => series(name, weeks, 7 * i)),
      registered: names.map((name, i) => series(name, weeks, 5 * i, false)),
      closed: [],
    };
    const allocated: number[] = [];
    const allocUnsafe = Buffer.allocUnsafe;
    const spy = vi.spyOn(Buffer, 'allocUnsafe').mockImplementation((size: number) => {
      allocated.push(size);
      return allocUnsafe(size);
    });
    let bytes: Buffer;
    try {
      bytes = weeklyReportJson(buildWeeklyFigures(weeks[0]!, '2021-12-31', long));
    } finally {
      spy.mockRestore();
    }
    expect((await bySchema(bytes)).equals(bytes)).toBe(true);
    // about 3.3 MB written (the long name twice a week), in one buffer of about that size (figures counted at
    // their column's widest); guessing the longest opening for every line took 23 MB more than written
    expect(allocated).toHaveLength(1);
    expect(allocated[0]! - bytes.length).toBeGreaterThanOrEqual(0);
    expect(allocated[0]! - bytes.length).toBeLessThan(16 * 1024);

    // figures the size could not foresee (negative corrections): the writer grows, the bytes stay right
    long.departments = long.departments.map((line) => ({ ...line, documents: weeks.map(() => -123_456_789) }));
    allocated.length = 0;
    const again = vi.spyOn(Buffer, 'allocUnsafe').mockImplementation((size: number) => {
      allocated.push(size);
      return allocUnsafe(size);
    });
    let grown: Buffer;
    try {
      grown = weeklyReportJson(buildWeeklyFigures(weeks[0]!, '2021-12-31', long));
    } finally {
      again.mockRestore();
    }
    expect(allocated.length).toBeGreaterThan(1);
    expect((await bySchema(grown)).equals(grown)).toBe(true);
  });

  it('lists lines in Romanian order, adds up a name seen twice in a week, and puts each day and closed week in its week', () => {
    const report = JSON.parse(weeklyReportJson(buildWeeklyFigures('2021-09-29', '2021-10-20', readings())).toString('utf8')) as WeeklyReport;
    expect(report.weeks.map((w) => w.monday)).toEqual(W);
    const [first, second, , last] = report.weeks;
    expect(first!.stations.map((s) => s.station)).toEqual(['ana', 'Birou "Nou" \\ anexă', 'ț'.repeat(45), 'Zalau']);
    expect(second!.stations.map((s) => s.station)).toEqual(['ghiseu', 'linie\u0001ascunsă', 'x'.repeat(5001), 'Zalau']);
    expect(last!.stations[0]).toEqual({ station: 'Ana', documents: 2 + 4, sheets: 3 + 8, pages: 4 + 12 });
    // a week's totals are its stations'
    expect(second).toMatchObject({ documents: 5 + 4 + 11 + 15, sheets: 10 + 7 + 22 + 30, pages: 15 + 10 + 33 + 45 });
    expect(report.totals.documents).toBe(report.weeks.reduce((sum, w) => sum + w.documents, 0));
    // documents on no borderou: `null`, after every department
    expect(first!.departments.map((d) => d.department)).toEqual(['achiziții', 'separator\u2028rând', 'Țarcuri', null]);
    expect(first!.registeredDepartments).toEqual([
      { department: 'Cabinet Primar', documents: 6, sheets: 12 },
      { department: 'Registratură veche', documents: 8, sheets: 16 },
      { department: 'surogat \ud800 singur', documents: 32, sheets: 64 },
    ]);
    expect(first!.registered).toEqual({ documents: 6 + 8 + 32, sheets: 12 + 16 + 64 });
    expect(last!.registeredDepartments.find((d) => d.department === 'Cabinet Primar')).toEqual({ department: 'Cabinet Primar', documents: 1 + 2, sheets: 2 + 3 });
    expect(report.weeks.map((w) => w.closed?.closedBy ?? null)).toEqual([null, 'Ana "șefa" \\ registratură', null, null]);
  });

  it('writes the CSV from the same columns: a week\'s departments in one Romanian order, registered and processed side by side', () => {
    const csv = weeklyReportCsv(buildWeeklyFigures('2021-09-27', '2021-10-03', readings())).subarray(3).toString('utf8').split('\r\n');
    const week = '27 SEPTEMBRIE - 01 OCTOMBRIE 2021;2021;39;';
    expect(csv.slice(1, 12)).toEqual([
      `${week}Toate stațiile;Toate structurile;46;92;${6 + 7 + 10 + 14};${11 + 14 + 20 + 28};${16 + 21 + 30 + 42}`,
      `${week}Toate stațiile;achiziții;0;0;5;9;13`,
      `${week}Toate stațiile;Cabinet Primar;6;12;0;0;0`,
      `${week}Toate stațiile;Registratură veche;8;16;0;0;0`,
      `${week}Toate stațiile;separator\u2028rând;0;0;23;46;69`,
      // a lone surrogate has no UTF-8: written as U+FFFD
      `${week}Toate stațiile;surogat \ufffd singur;32;64;0;0;0`,
      `${week}Toate stațiile;Țarcuri;0;0;3;6;9`,
      `${week}Toate stațiile;Fără structură (lipsește din borderou);;;2;4;6`,
      `${week}ana;Toate structurile;;;7;14;21`,
      `${week}"Birou ""Nou"" \\ anexă";Toate structurile;;;10;20;30`,
      `${week}${'ț'.repeat(45)};Toate structurile;;;14;28;42`,
    ]);
    expect(csv.slice(12)).toEqual([`${week}Zalau;Toate structurile;;;6;11;16`, 'Total perioadă;;;Toate stațiile;Toate structurile;46;92;37;73;109', '']);
  });
});
