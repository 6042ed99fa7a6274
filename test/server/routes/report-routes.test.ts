import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSqlClient } from '../../../server/src/db/open-sql-client.ts';
import { describeEngines } from '../../support/postgres.ts';
import { REPORT_SQL } from '../../../server/src/repositories/report-repository.ts';
import type { WeeklyReport } from '../../../shared/src/schemas/weekly-report.ts';
import { borderouCsv } from '../helpers/borderou-csv.ts';
import { batchReport, doc, startTestApp, tempDir, type TestApp } from '../helpers/test-app.ts';

describeEngines('GET /api/reports/weekly', (engine) => {
  let t: TestApp;
  let tokenA: string;

  beforeAll(async () => {
    t = await startTestApp({}, undefined, engine);
    tokenA = await t.addStation('st-a');
    const tokenB = await t.addStation('st-b');
    const send = async (token: string, report: ReturnType<typeof batchReport>) =>
      expect((await t.request('POST', '/api/batches', { token, json: report })).status).toBe(201);
    // Week 39/2021 (27.09–01.10): Monday at st-a, Friday at st-b.
    await send(tokenA, batchReport('st-a', 'a-1', {
      startedAt: '2021-09-27T08:00:00+03:00', endedAt: '2021-09-27T08:30:00+03:00',
      documents: [doc('10/27.09.2021', 2, 3), doc('11/27.09.2021', 1, 2)],
    }));
    await send(tokenB, batchReport('st-b', 'b-1', {
      startedAt: '2021-10-01T15:00:00+03:00', endedAt: '2021-10-01T15:10:00+03:00',
      documents: [doc('12/01.10.2021', 3, 6)],
    }));
    // 22:30 UTC on Sunday 03.10 is 01:30 on Monday 04.10 in Bucharest: week 40.
    await send(tokenA, batchReport('st-a', 'a-2', {
      startedAt: '2021-10-03T22:30:00Z', endedAt: '2021-10-03T22:40:00Z',
      documents: [doc('13/04.10.2021', 4, 7)],
    }));
    // Departments come from a borderou uploaded after the batches.
    const csv = borderouCsv([['10/27.09.2021', 'Direcția Urbanism'], ['11/27.09.2021', 'Cabinet Primar'], ['12/01.10.2021', 'Direcția Urbanism']]);
    expect((await t.request('POST', '/api/borderouri?date=2021-09-27', { body: csv, contentType: 'text/csv' })).status).toBe(201);
  });
  afterAll(async () => { await t.close(); });

  const weekly = async (query: string): Promise<WeeklyReport> => {
    const response = await t.request('GET', `/api/reports/weekly${query}`);
    expect(response.status).toBe(200);
    return (await response.json()) as WeeklyReport;
  };

  it('counts documents, sheets and pages per ISO week, per station and per department', async () => {
    const report = await weekly('?from=2021-09-20&to=2021-10-10');
    expect(report.totals).toEqual({ documents: 4, sheets: 10, pages: 18 });
    expect(report.weeks.map((w) => [w.isoWeek, w.label, w.documents, w.sheets, w.pages])).toEqual([
      [38, '20.09.2021 – 24.09.2021', 0, 0, 0],
      [39, '27.09.2021 – 01.10.2021', 3, 6, 11],
      [40, '04.10.2021 – 08.10.2021', 1, 4, 7],
    ]);
    const week39 = report.weeks[1]!;
    expect(week39).toMatchObject({ isoYear: 2021, monday: '2021-09-27', friday: '2021-10-01' });
    expect(week39.stations).toEqual([
      { station: 'st-a', documents: 2, sheets: 3, pages: 5 },
      { station: 'st-b', documents: 1, sheets: 3, pages: 6 },
    ]);
    expect(week39.departments).toEqual([
      { department: 'Cabinet Primar', documents: 1, sheets: 1, pages: 2 },
      { department: 'Direcția Urbanism', documents: 2, sheets: 5, pages: 9 },
    ]);
    expect(report.weeks[2]!.departments).toEqual([{ department: null, documents: 1, sheets: 4, pages: 7 }]);
  });

  it('counts only the days inside the period', async () => {
    const report = await weekly('?from=2021-09-28&to=2021-10-03');
    expect(report.weeks).toHaveLength(1);
    expect(report.totals).toEqual({ documents: 1, sheets: 3, pages: 6 });
  });

  it('moves the counts when a re-uploaded borderou changes a department', async () => {
    const csv = borderouCsv([['10/27.09.2021', 'Serviciul Impozite și Taxe Locale'], ['11/27.09.2021', 'Cabinet Primar']]);
    expect((await t.request('POST', '/api/borderouri?date=2021-09-27', { body: csv, contentType: 'text/csv' })).status).toBe(201);
    const week39 = (await weekly('?from=2021-09-27&to=2021-10-01')).weeks[0]!;
    expect(week39.departments).toEqual([
      { department: 'Cabinet Primar', documents: 1, sheets: 1, pages: 2 },
      // 12/01.10.2021 was dropped from the borderou and no other borderou lists it: no department any more.
      { department: 'Serviciul Impozite și Taxe Locale', documents: 1, sheets: 2, pages: 3 },
      { department: null, documents: 1, sheets: 3, pages: 6 },
    ]);
    expect(week39.documents).toBe(3);
  });

  it('writes a CSV for Romanian Excel: BOM, `;`, CRLF, diacritics, neutralised formulas', async () => {
    // A department that Excel would run as a formula (only possible by editing the database, but checked anyway).
    await t.app.sql.run("UPDATE documents SET department = '=HYPERLINK(1)' WHERE document_id = '11/27.09.2021'");
    const response = await t.request('GET', '/api/reports/weekly?from=2021-09-27&to=2021-10-08&format=csv');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="raport-saptamanal-2021-09-27-2021-10-08.csv"');
    const bytes = Buffer.from(await response.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.subarray(3).toString('utf8');
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    const lines = text.split('\r\n').slice(0, -1);
    expect(lines).toEqual([
      'Săptămâna;An ISO;Nr. săptămână;Stația;Structura;Nr. documente înregistrate;Nr. file înregistrate;Nr. documente procesate;Nr. file procesate;Nr. pagini',
      '27 SEPTEMBRIE - 01 OCTOMBRIE 2021;2021;39;Toate stațiile;Toate structurile;2;0;3;6;11',
      "27 SEPTEMBRIE - 01 OCTOMBRIE 2021;2021;39;Toate stațiile;'=HYPERLINK(1);0;0;1;1;2",
      // Registered on the borderou, its document's department was changed (above): registered 1, processed 0.
      '27 SEPTEMBRIE - 01 OCTOMBRIE 2021;2021;39;Toate stațiile;Cabinet Primar;1;0;0;0;0',
      '27 SEPTEMBRIE - 01 OCTOMBRIE 2021;2021;39;Toate stațiile;Serviciul Impozite și Taxe Locale;1;0;1;2;3',
      '27 SEPTEMBRIE - 01 OCTOMBRIE 2021;2021;39;Toate stațiile;Fără structură (lipsește din borderou);;;1;3;6',
      '27 SEPTEMBRIE - 01 OCTOMBRIE 2021;2021;39;st-a;Toate structurile;;;2;3;5',
      '27 SEPTEMBRIE - 01 OCTOMBRIE 2021;2021;39;st-b;Toate structurile;;;1;3;6',
      '04 - 08 OCTOMBRIE 2021;2021;40;Toate stațiile;Toate structurile;0;0;1;4;7',
      '04 - 08 OCTOMBRIE 2021;2021;40;Toate stațiile;Fără structură (lipsește din borderou);;;1;4;7',
      '04 - 08 OCTOMBRIE 2021;2021;40;st-a;Toate structurile;;;1;4;7',
      'Total perioadă;;;Toate stațiile;Toate structurile;2;0;4;10;18',
    ]);
  });

  it('keeps weekly_totals, weekly_department_totals and weekly_station_totals equal to the sums of daily_totals through inserts and department moves', async () => {
    const fromDays = await t.rows(`SELECT week_start, station_id, department, SUM(documents) d, SUM(sheets) s, SUM(pages) p
      FROM daily_totals GROUP BY 1, 2, 3 HAVING SUM(documents) <> 0 ORDER BY 1, 2, 3`);
    const weeks = await t.rows(`SELECT week_start, station_id, department, documents d, sheets s, pages p
      FROM weekly_totals WHERE documents <> 0 ORDER BY 1, 2, 3`);
    expect(weeks).toEqual(fromDays);
    expect(fromDays.length).toBeGreaterThan(3);
    const departmentsFromDays = await t.rows(`SELECT week_start, department, SUM(documents) d, SUM(sheets) s, SUM(pages) p
      FROM daily_totals GROUP BY 1, 2 HAVING SUM(documents) <> 0 ORDER BY 1, 2`);
    const departmentWeeks = await t.rows(`SELECT week_start, department, documents d, sheets s, pages p
      FROM weekly_department_totals WHERE documents <> 0 ORDER BY 1, 2`);
    expect(departmentWeeks).toEqual(departmentsFromDays);
    expect(departmentsFromDays.length).toBeGreaterThan(1);
    const stationsFromDays = await t.rows(`SELECT week_start, station_id, SUM(documents) d, SUM(sheets) s, SUM(pages) p
      FROM daily_totals GROUP BY 1, 2 HAVING SUM(documents) <> 0 ORDER BY 1, 2`);
    const stationWeeks = await t.rows(`SELECT week_start, station_id, documents d, sheets s, pages p
      FROM weekly_station_totals WHERE documents <> 0 ORDER BY 1, 2`);
    expect(stationWeeks).toEqual(stationsFromDays);
    expect(stationsFromDays.length).toBeGreaterThan(1);
  });

  it('reads whole weeks from the weekly totals (stations, departments, registered) and partial weeks from the daily ones by primary key, never the documents or borderouri', async () => {
    const sql = REPORT_SQL[engine];
    if (engine === 'postgres') {
      // The planner picks a sequential scan of these few rows; with sequential scans priced out it
      // shows whether the primary key can serve the bounds (else it still scans, or filters a whole
      // index). `withoutKey` drops that primary key inside the rolled-back transaction: the same
      // check must then fail.
      const planOf = async (text: string, params: string[], withoutKey?: string): Promise<string> => {
        const plan: { lines?: string } = {};
        await t.app.sql.transaction(async (tx) => {
          if (withoutKey) await tx.run(`ALTER TABLE ${withoutKey} DROP CONSTRAINT ${withoutKey}_pkey`);
          await tx.run('SET LOCAL enable_seqscan = off');
          plan.lines = (await tx.all<Record<string, string>>(`EXPLAIN ${text}`, params)).map((r) => r['QUERY PLAN']).join('\n');
          throw new Error('rolled back');
        }).catch((err: unknown) => {
          if (plan.lines === undefined) throw err;
        });
        return plan.lines!;
      };
      const byKey = (table: string, column: string) =>
        new RegExp(`(Index|Index Only|Bitmap Index) Scan (using|on) ${table}_pkey\\b.*\\n\\s*Index Cond: \\(\\(${column} >= `);
      const cases: Array<[string, string, string, string[]]> = [
        [sql.wholeWeeks, 'weekly_station_totals', 'week_start', ['2021-01-04', '2021-12-27']],
        [sql.wholeWeeksByDepartment, 'weekly_department_totals', 'week_start', ['2021-01-04', '2021-12-27']],
        [sql.partialWeekDays, 'daily_totals', 'day', ['2021-01-01', '2021-01-03']],
        [sql.partialWeekDaysByDepartment, 'daily_totals', 'day', ['2021-01-01', '2021-01-03']],
        [sql.registeredWeeks, 'registered_weekly_totals', 'week_start', ['2021-01-04', '2021-12-27']],
        [sql.registeredDays, 'registered_daily_totals', 'day', ['2021-01-01', '2021-01-03']],
      ];
      for (const [text, table, column, params] of cases) {
        const plan = await planOf(text, params);
        expect(plan).toMatch(byKey(table, column));
        expect(plan).not.toMatch(/Scan (using|on) (documents|borderou)|Seq Scan/);
        expect(await planOf(text, params, table)).not.toMatch(byKey(table, column));
      }
      return;
    }
    // the repository's own statements, with the bounds it binds
    const plan = (text: string, ...params: string[]): string =>
      (t.app.db.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as Array<{ detail: string }>).map((p) => p.detail).join(' | ');
    // per station and per department (the report never crosses them, so ~4 times fewer lines leave the
    // database), grouped into one row per station and per department; station names by their key
    // (whole weeks: their tables in line-then-week order, migration 011; without statistics yet the
    // planner reads such a small table through, still grouped without a sort)
    for (const text of [sql.wholeWeeks, sql.wholeWeeksByDepartment, sql.registeredWeeks]) {
      const whole = plan(text, '2021-01-04', '2021-12-27');
      expect(whole).toMatch(/(SCAN t|SEARCH t USING PRIMARY KEY \(ANY\((department|station_id)\) AND week_start>\? AND week_start<\?\))( \||$)/);
      expect(whole).not.toMatch(/TEMP B-TREE|documents|borderou|SCAN s\b|INDEX/);
    }
    for (const text of [sql.partialWeekDays, sql.partialWeekDaysByDepartment, sql.registeredDays]) {
      const partial = plan(text, '2021-01-01', '2021-01-03');
      expect(partial).toMatch(/SEARCH [dr] USING PRIMARY KEY \(day>\? AND day<\?\)/);
      expect(partial).not.toMatch(/documents|borderou|SCAN [dr]\b|SCAN s\b/);
    }
  });

  it('SQLite: a registry of ten years is grouped in its tables\' line-then-week order (no sort, no second index to keep), a short period by skip-scan on the week bounds', async () => {
    if (engine !== 'sqlite') return;
    const sql = REPORT_SQL.sqlite;
    // Ten years of eight departments and six stations, written as the triggers keep them, in a registry
    // the server then opens (its statistics made at the opening, as a real registry's are).
    const file = join(tempDir(), 'registry.sqlite');
    const filled = await openSqlClient({ engine: 'sqlite', file });
    await filled.transaction(async (tx) => {
      for (let w = 0; w < 522; w += 1) {
        const week = new Date(Date.UTC(2012, 0, 2) + w * 7 * 86_400_000).toISOString().slice(0, 10);
        for (let d = 0; d < 8; d += 1) {
          await tx.run('INSERT INTO weekly_department_totals VALUES (?, ?, 5, 6, 7)', [week, `Direcția ${d}`]);
          await tx.run('INSERT INTO registered_weekly_totals VALUES (?, ?, 5, 6)', [week, `Direcția ${d}`]);
        }
        for (let st = 1; st <= 6; st += 1) await tx.run('INSERT INTO weekly_station_totals VALUES (?, ?, 5, 6, 7)', [week, st]);
      }
    });
    await filled.close();
    const db = await openSqlClient({ engine: 'sqlite', file });
    try {
      const plan = async (text: string, from: string, to: string): Promise<string> =>
        (await db.all<{ detail: string }>(`EXPLAIN QUERY PLAN ${text}`, [from, to])).map((p) => p.detail).join(' | ');
      const cases: Array<[string, string, string]> = [
        [sql.wholeWeeks, 'weekly_station_totals', 'station_id'],
        [sql.wholeWeeksByDepartment, 'weekly_department_totals', 'department'],
        [sql.registeredWeeks, 'registered_weekly_totals', 'department'],
      ];
      for (const [text, table, line] of cases) {
        // what a batch report writes to: the table's own B-tree (its primary key, line then week), no other index
        const indexes = await db.all<{ name: string; origin: string }>(`SELECT name, origin FROM pragma_index_list('${table}')`);
        expect(indexes.map((i) => i.origin)).toEqual(['pk']);
        expect((await db.all<{ name: string }>(`SELECT name FROM pragma_index_info('${indexes[0]!.name}') ORDER BY seqno`)).map((c) => c.name))
          .toEqual([line, 'week_start']);
        // ten years: the table read through in that order, grouped as it comes (no temporary B-tree)
        const tenYears = await plan(text, '2012-01-02', '2021-12-27');
        expect(tenYears).toMatch(/SCAN t( \||$)/);
        expect(tenYears).not.toMatch(/TEMP B-TREE|INDEX|documents|borderou/);
        // a week, a year: only their weeks of each line (skip-scan of the primary key), still no sort
        for (const from of ['2021-12-27', '2021-01-04']) {
          const short = await plan(text, from, '2021-12-27');
          expect(short).toMatch(new RegExp(`SEARCH t USING PRIMARY KEY \\(ANY\\(${line}\\) AND week_start>\\? AND week_start<\\?\\)`));
          expect(short).not.toMatch(/TEMP B-TREE|documents|borderou/);
        }
      }
    } finally {
      await db.close();
    }
  });

  it('answers 401 without a token or with a wrong one', async () => {
    for (const token of [null, 'sst_wrong', `${tokenA}x`]) {
      const response = await t.request('GET', '/api/reports/weekly?from=2021-09-27&to=2021-10-01', { token });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('UNAUTHORIZED');
    }
  });

  it.each([
    ['', '?from'],
    ['?from=2021-09-27', '?to'],
    ['?from=2021-10-10&to=2021-10-01', '?to'],
    ['?from=2000-01-01&to=2030-01-01', '?to'],
    ['?from=2021-09-27&to=2021-10-01&format=xlsx', '?format'],
    ['?from=2021-02-29&to=2021-10-01', '?from'],
  ])('answers 400 for %s', async (query, path) => {
    const response = await t.request('GET', `/api/reports/weekly${query}`);
    expect(response.status).toBe(400);
    const { error } = (await response.json()) as { error: { code: string; problems: Array<{ path: string }> } };
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.problems[0]?.path).toBe(path);
  });
});
