/**
 * Reads for the weekly report. Whole weeks inside the period come from `weekly_totals`; the partial
 * weeks at its ends (when it does not start on a Monday or end on a Sunday) from `daily_totals`.
 */
import type { SqlClient } from '../db/sql-client.ts';
import { addDays, mondayOf } from '../lib/dates.ts';

/**
 * Totals of one week for one station (`department` null) or for one department (`station` null):
 * the report shows a week per station and per department, never the two crossed, so the database
 * sends ~4 times fewer rows than (week, station, department) would be.
 */
export interface WeeklyTotalsRow {
  weekStart: string;
  station: string | null;
  department: string | null;
  documents: number;
  sheets: number;
  pages: number;
}

export type ReportRepository = ReturnType<typeof createReportRepository>;

/** The days of [from, to] outside whole weeks, and the Mondays of the whole weeks (if any). */
export function splitPeriod(from: string, to: string): { whole: [string, string] | null; partial: Array<[string, string]> } {
  const firstWhole = mondayOf(from) === from ? from : addDays(mondayOf(from), 7);
  const lastWholeEnd = addDays(mondayOf(to), 6) === to ? to : addDays(mondayOf(to), -1);
  if (firstWhole > lastWholeEnd) return { whole: null, partial: [[from, to]] };
  const partial: Array<[string, string]> = [];
  if (from < firstWhole) partial.push([from, addDays(firstWhole, -1)]);
  if (lastWholeEnd < to) partial.push([addDays(lastWholeEnd, 1), to]);
  return { whole: [firstWhole, mondayOf(lastWholeEnd)], partial };
}

const SUMS = 'SUM(t.documents) AS documents, SUM(t.sheets) AS sheets, SUM(t.pages) AS pages';

/** The statements the report runs (exported so tests can EXPLAIN exactly these). */
export const REPORT_SQL = {
  /** Whole weeks per station, by the primary key of weekly_totals. */
  wholeWeeks: `
    SELECT t.week_start AS "weekStart", s.name AS station, NULL AS department, ${SUMS}
      FROM weekly_totals t JOIN stations s ON s.id = t.station_id
     WHERE t.week_start BETWEEN ? AND ? AND t.documents <> 0
     GROUP BY t.week_start, t.station_id, s.name`,
  /** Whole weeks per department, by the primary key of weekly_totals. */
  wholeWeeksByDepartment: `
    SELECT t.week_start AS "weekStart", NULL AS station, t.department, ${SUMS}
      FROM weekly_totals t
     WHERE t.week_start BETWEEN ? AND ? AND t.documents <> 0
     GROUP BY t.week_start, t.department`,
  /** The days of partial weeks per station, by the primary key of daily_totals. */
  partialWeekDays: `
    SELECT t.week_start AS "weekStart", s.name AS station, NULL AS department, ${SUMS}
      FROM daily_totals t JOIN stations s ON s.id = t.station_id
     WHERE t.day BETWEEN ? AND ? AND t.documents <> 0
     GROUP BY t.week_start, t.station_id, s.name`,
  /** The days of partial weeks per department, by the primary key of daily_totals. */
  partialWeekDaysByDepartment: `
    SELECT t.week_start AS "weekStart", NULL AS station, t.department, ${SUMS}
      FROM daily_totals t
     WHERE t.day BETWEEN ? AND ? AND t.documents <> 0
     GROUP BY t.week_start, t.department`,
} as const;

export function createReportRepository(db: SqlClient) {
  return {
    /** Totals per (week, station) and per (week, department) for the days from..to inclusive; rows in no particular order. */
    async weeklyTotals(from: string, to: string): Promise<WeeklyTotalsRow[]> {
      const { whole, partial } = splitPeriod(from, to);
      const rows: WeeklyTotalsRow[] = [];
      if (whole) {
        rows.push(...await db.all<WeeklyTotalsRow>(REPORT_SQL.wholeWeeks, whole));
        rows.push(...await db.all<WeeklyTotalsRow>(REPORT_SQL.wholeWeeksByDepartment, whole));
      }
      for (const [start, end] of partial) {
        rows.push(...await db.all<WeeklyTotalsRow>(REPORT_SQL.partialWeekDays, [start, end]));
        rows.push(...await db.all<WeeklyTotalsRow>(REPORT_SQL.partialWeekDaysByDepartment, [start, end]));
      }
      return rows;
    },
  };
}
