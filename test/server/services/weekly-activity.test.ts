/**
 * «Închide săptămâna» freezes the week's figures as the weekly report shows them, reading only that
 * week's own totals (one statement): never the whole report's snapshot of stations, departments and days.
 */
import { afterEach, expect, it } from 'vitest';
import type { SqlClient } from '../../../server/src/db/sql-client.ts';
import { createReportRepository } from '../../../server/src/repositories/report-repository.ts';
import { createWeekRepository } from '../../../server/src/repositories/week-repository.ts';
import { closeWeek, weekActivity, weeklyReport } from '../../../server/src/services/weekly-activity.ts';
import { describeEngines } from '../../support/postgres.ts';
import { freshSqlClient } from '../helpers/fresh-sql-client.ts';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** The client, recording every statement asked of it and every snapshot opened. */
function recording(db: SqlClient): { client: SqlClient; statements: string[]; snapshots: number } {
  const seen = { statements: [] as string[], snapshots: 0 };
  const client: SqlClient = {
    ...db,
    engine: db.engine,
    location: db.location,
    all: (sql, params) => (seen.statements.push(sql), db.all(sql, params)),
    get: (sql, params) => (seen.statements.push(sql), db.get(sql, params)),
    run: (sql, params) => (seen.statements.push(sql), db.run(sql, params)),
    snapshot: (work) => {
      seen.snapshots += 1;
      return db.snapshot(work);
    },
  };
  return Object.assign(seen, { client });
}

describeEngines('closing a week', (engine) => {
  it('freezes the figures the report shows for it, from that week\'s totals alone', async () => {
    const db = await freshSqlClient(engine, cleanups);
    // Two stations and two departments over three weeks (2021-06-07 is a Monday); the week closed is
    // the middle one, with a row of no documents that the report leaves out.
    const days: Array<[string, string, number, string, number, number, number]> = [
      ['2021-06-04', '2021-05-31', 1, 'Urbanism', 5, 9, 17],
      ['2021-06-07', '2021-06-07', 1, 'Urbanism', 3, 4, 8],
      ['2021-06-09', '2021-06-07', 2, 'Cabinet Primar', 2, 7, 11],
      ['2021-06-13', '2021-06-07', 2, '', 4, 5, 9],
      ['2021-06-10', '2021-06-07', 3, 'Urbanism', 0, 0, 0],
      ['2021-06-14', '2021-06-14', 1, 'Cabinet Primar', 6, 6, 6],
    ];
    for (const row of days) {
      await db.run('INSERT INTO daily_totals (day, week_start, station_id, department, documents, sheets, pages) VALUES (?, ?, ?, ?, ?, ?, ?)', row);
    }
    for (const [day, department, documents, sheets] of [['2021-06-08', 'Urbanism', 4, 6], ['2021-06-11', 'Cabinet Primar', 2, 3], ['2021-06-15', 'Urbanism', 1, 1]] as const) {
      // as the borderou entries' triggers add them (PostgreSQL keeps both tables in one function)
      await db.run(engine === 'sqlite'
        ? 'INSERT INTO registered_daily_totals (day, department, documents, sheets) VALUES (?, ?, ?, ?)'
        : 'SELECT registered_totals_add(?, ?, ?, ?)', [day, department, documents, sheets]);
    }
    const report = await weeklyReport('2021-06-07', '2021-06-13', createReportRepository(db));
    const expected = {
      registered: { documents: report.registered.documents[0], sheets: report.registered.sheets[0] },
      processed: { documents: report.processed.documents[0], sheets: report.processed.sheets[0], pages: report.processed.pages[0] },
    };
    expect(expected).toEqual({ registered: { documents: 6, sheets: 9 }, processed: { documents: 9, sheets: 16, pages: 28 } });

    const seen = recording(db);
    const closed = await closeWeek('2021-06-07', 'ana', new Date('2021-06-14T08:00:00Z'), createReportRepository(seen.client), createWeekRepository(db));
    expect(closed.figures).toEqual(expected);
    // no snapshot of the report: one statement on the week's own totals
    expect(seen.snapshots).toBe(0);
    expect(seen.statements).toHaveLength(1);
    expect(seen.statements[0]).not.toMatch(/daily_totals|weekly_department_totals|closed_weeks|stations s/);

    // the activity shows the week now and frozen; the report shows it closed
    const activity = await weekActivity('2021-06-07', createReportRepository(db));
    expect(activity).toMatchObject({ monday: '2021-06-07', current: expected, closed: { closedBy: 'ana', figures: expected } });
    expect((await weeklyReport('2021-06-07', '2021-06-13', createReportRepository(db))).closed[0]).toEqual(closed);
    // a week with nothing: zeros, not nulls
    expect((await weekActivity('2021-07-05', createReportRepository(db))).current)
      .toEqual({ registered: { documents: 0, sheets: 0 }, processed: { documents: 0, sheets: 0, pages: 0 } });
  });
});
