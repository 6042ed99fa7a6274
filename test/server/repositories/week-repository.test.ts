/**
 * The registered side of the weekly report is read from totals kept by triggers (migration 009): after
 * borderou uploads over several days and weeks, versions that supersede others, entries removed or
 * changed, the totals equal a count from scratch of the entries of every current borderou, on both
 * engines; the migration back-fills them from the borderouri already stored.
 */
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import type { WeeklyReport } from '../../../shared/src/schemas/weekly-report.ts';
import { loadMigrations, migrate } from '../../../server/src/db/migrate.ts';
import { loadPostgresMigrations, migratePostgres } from '../../../server/src/db/migrate-postgres.ts';
import { connectSqlClient, migrateClient } from '../../../server/src/db/open-sql-client.ts';
import type { SqlClient } from '../../../server/src/db/sql-client.ts';
import type { createSqliteClient } from '../../../server/src/db/sqlite-client.ts';
import { mondayOf } from '../../../server/src/lib/dates.ts';
import { createTestDatabase, describeEngines } from '../../support/postgres.ts';
import { borderouCsv, type CsvRow } from '../helpers/borderou-csv.ts';
import { startTestApp, tempDir, type TestApp } from '../helpers/test-app.ts';

interface Line { day: string; department: string; documents: number; sheets: number }

/** The registered figures counted from scratch: every entry of every current borderou. */
const FROM_SCRATCH = `
  SELECT b.day, e.department, COUNT(*) AS documents, COALESCE(SUM(e.expected_sheets), 0) AS sheets
    FROM borderouri b JOIN borderou_entries e ON e.borderou_id = b.id
   WHERE b.superseded_at IS NULL GROUP BY b.day, e.department ORDER BY 1, 2`;
const DAILY = 'SELECT day, department, documents, sheets FROM registered_daily_totals WHERE documents <> 0 ORDER BY 1, 2';
const WEEKLY = `SELECT week_start AS day, department, documents, sheets FROM registered_weekly_totals
  WHERE documents <> 0 ORDER BY 1, 2`;

const lines = (rows: Array<Record<string, unknown>>): Line[] => rows.map((r) => ({
  day: String(r.day), department: String(r.department), documents: Number(r.documents), sheets: Number(r.sheets),
}));

/** The daily lines summed per ISO week (`day` its Monday), in the same order as WEEKLY. */
function perWeek(daily: readonly Line[]): Line[] {
  const sums = new Map<string, Line>();
  for (const line of daily) {
    const day = mondayOf(line.day);
    const slot = sums.get(`${day}\u0000${line.department}`) ?? { day, department: line.department, documents: 0, sheets: 0 };
    slot.documents += line.documents;
    slot.sheets += line.sheets;
    sums.set(`${day}\u0000${line.department}`, slot);
  }
  return [...sums.values()].sort((a, b) => (a.day !== b.day ? (a.day < b.day ? -1 : 1) : a.department < b.department ? -1 : a.department > b.department ? 1 : 0));
}

async function expectTotalsFromScratch(all: (sql: string) => Promise<Array<Record<string, unknown>>>): Promise<Line[]> {
  const scratch = lines(await all(FROM_SCRATCH));
  expect(lines(await all(DAILY))).toEqual(scratch);
  expect(lines(await all(WEEKLY))).toEqual(perWeek(scratch));
  expect(await all('SELECT day FROM registered_daily_totals WHERE documents < 0 OR sheets < 0')).toEqual([]);
  expect(await all('SELECT week_start FROM registered_weekly_totals WHERE documents < 0 OR sheets < 0')).toEqual([]);
  return scratch;
}

describeEngines('registered totals', (engine) => {
  let t: TestApp;
  const all = (sql: string) => t.rows(sql);
  const upload = async (date: string, rows: CsvRow[]) => {
    const response = await t.request('POST', `/api/borderouri?date=${date}`, { body: borderouCsv(rows), contentType: 'text/csv' });
    expect(response.status, await response.text()).toBe(201);
  };

  beforeAll(async () => {
    t = await startTestApp({}, undefined, engine);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });

  it('equal a count from scratch after uploads over days and weeks, supersessions, entries removed or changed', async () => {
    // A Monday, the Sunday of the same week and the next Monday; sheets given or not.
    await upload('2021-09-27', [['1/27.09.2021', 'Direcția Urbanism', '3'], ['2/27.09.2021', 'Direcția Urbanism'], ['3/27.09.2021', 'Cabinet Primar', '2']]);
    await expectTotalsFromScratch(all);
    await upload('2021-10-03', [['4/03.10.2021', 'Serviciul Stare Civilă', '5']]);
    await upload('2021-10-04', [['5/04.10.2021', 'Cabinet Primar', '1'], ['6/04.10.2021', 'Juridic', '7']]);
    await expectTotalsFromScratch(all);
    // The Monday's borderou replaced twice: «Cabinet Primar» leaves that day, a new department comes.
    await upload('2021-09-27', [['1/27.09.2021', 'Direcția Urbanism', '4'], ['7/27.09.2021', 'Achiziții Publice']]);
    await expectTotalsFromScratch(all);
    await upload('2021-09-27', [['1/27.09.2021', 'Direcția Urbanism', '4'], ['7/27.09.2021', 'Achiziții Publice', '9'], ['8/27.09.2021', 'Juridic', '1']]);
    await upload('2021-10-04', [['5/04.10.2021', 'Cabinet Primar', '1']]);
    await expectTotalsFromScratch(all);
    // Entries removed and changed by hand: on a current borderou they move the totals, on a superseded one they do not.
    await t.rows(`DELETE FROM borderou_entries WHERE registration_number = '8/27.09.2021'
      AND borderou_id = (SELECT id FROM borderouri WHERE day = '2021-09-27' AND superseded_at IS NULL) RETURNING line`);
    await t.rows(`UPDATE borderou_entries SET department = 'Juridic', expected_sheets = NULL WHERE registration_number = '5/04.10.2021'
      AND borderou_id = (SELECT id FROM borderouri WHERE day = '2021-10-04' AND superseded_at IS NULL) RETURNING line`);
    await t.rows(`UPDATE borderou_entries SET department = 'Nimeni', expected_sheets = 99 WHERE borderou_id IN
      (SELECT id FROM borderouri WHERE superseded_at IS NOT NULL) RETURNING line`);
    const scratch = await expectTotalsFromScratch(all);
    expect(scratch).toEqual([
      { day: '2021-09-27', department: 'Achiziții Publice', documents: 1, sheets: 9 },
      { day: '2021-09-27', department: 'Direcția Urbanism', documents: 1, sheets: 4 },
      { day: '2021-10-03', department: 'Serviciul Stare Civilă', documents: 1, sheets: 5 },
      { day: '2021-10-04', department: 'Juridic', documents: 1, sheets: 0 },
    ]);
    // The report reads them back: whole weeks and partial weeks at either end.
    for (const [from, to] of [['2021-09-27', '2021-10-10'], ['2021-09-28', '2021-10-04'], ['2021-10-03', '2021-10-03']] as const) {
      const response = await t.request('GET', `/api/reports/weekly?from=${from}&to=${to}`);
      expect(response.status).toBe(200);
      const report = (await response.json()) as WeeklyReport;
      const expected = perWeek(scratch.filter((l) => l.day >= from && l.day <= to));
      const got = report.weeks.flatMap((w) => w.registeredDepartments.map((d) => ({ day: w.monday, ...d })));
      expect(perWeek(got)).toEqual(expected);
      for (const week of report.weeks) {
        const mine = expected.filter((l) => l.day === week.monday);
        expect(week.registered).toEqual({ documents: mine.reduce((s, l) => s + l.documents, 0), sheets: mine.reduce((s, l) => s + l.sheets, 0) });
      }
    }
  });
});

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describeEngines('migration 009', (engine) => {
  it('back-fills the registered totals from the current borderouri; the triggers keep them after', async () => {
    let client: SqlClient;
    if (engine === 'sqlite') {
      client = await connectSqlClient({ engine, file: join(tempDir(), 'registry.sqlite') });
      migrate((client as ReturnType<typeof createSqliteClient>).raw, loadMigrations().slice(0, 8));
    } else {
      const database = await createTestDatabase();
      cleanups.push(() => database.drop());
      client = await connectSqlClient({ engine, url: database.url });
      await migratePostgres(client, loadPostgresMigrations().slice(0, 8));
    }
    cleanups.push(() => client.close());
    const borderou = `INSERT INTO borderouri (id, day, version, uploaded_at, superseded_at, entry_count, encoding, delimiter, content_sha256, content)
      VALUES (?, ?, ?, 'now', ?, 1, 'utf-8', ';', 'h', ?)`;
    const entry = `INSERT INTO borderou_entries (borderou_id, line, registration_number, registration_key, department, expected_sheets)
      VALUES (?, ?, ?, ?, ?, ?)`;
    await client.run(borderou, [1, '2021-09-29', 1, 'later', Buffer.from('x')]);
    await client.run(borderou, [2, '2021-09-29', 2, null, Buffer.from('x')]);
    await client.run(borderou, [3, '2021-10-05', 1, null, Buffer.from('x')]);
    await client.run(entry, [1, 1, 'a', 'a', 'Vechi', 3]);
    await client.run(entry, [2, 1, 'b', 'b', 'Urbanism', 2]);
    await client.run(entry, [2, 2, 'c', 'c', 'Urbanism', null]);
    await client.run(entry, [3, 1, 'd', 'd', 'Juridic', 1]);
    expect((await migrateClient(client)).length).toBeGreaterThan(0);
    const all = (sql: string) => client.all<Record<string, unknown>>(sql);
    expect(await expectTotalsFromScratch(all)).toEqual([
      { day: '2021-09-29', department: 'Urbanism', documents: 2, sheets: 2 },
      { day: '2021-10-05', department: 'Juridic', documents: 1, sheets: 1 },
    ]);
    await client.run("UPDATE borderouri SET superseded_at = 'now' WHERE id = 2");
    await client.run('UPDATE borderouri SET superseded_at = NULL WHERE id = 1');
    await client.run(entry, [3, 2, 'e', 'e', 'Juridic', 4]);
    expect(await expectTotalsFromScratch(all)).toEqual([
      { day: '2021-09-29', department: 'Vechi', documents: 1, sheets: 3 },
      { day: '2021-10-05', department: 'Juridic', documents: 2, sheets: 5 },
    ]);
  });
});
