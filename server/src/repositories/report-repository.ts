/**
 * Reads for the weekly report. Whole weeks inside the period come from `weekly_station_totals` and
 * `weekly_department_totals` (kept beside `weekly_totals` by the same triggers); the partial weeks
 * at its ends (when it does not start on a Monday or end on a Sunday) from `daily_totals`.
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
  /**
   * Whole weeks per station, read as kept in weekly_station_totals (one row per week and station, by
   * its primary key). The station comes as its id (the repository names it from one read of
   * `stations`): a join per row cost more than the sums.
   */
  wholeWeeks: `
    SELECT t.week_start AS "weekStart", t.station_id AS station, NULL AS department, t.documents, t.sheets, t.pages
      FROM weekly_station_totals t
     WHERE t.week_start BETWEEN ? AND ? AND t.documents <> 0`,
  /**
   * Whole weeks per department, read as kept in weekly_department_totals (one row per week and
   * department, by its primary key): grouping weekly_totals by department sorted ~37,000 rows.
   */
  wholeWeeksByDepartment: `
    SELECT t.week_start AS "weekStart", NULL AS station, t.department, t.documents, t.sheets, t.pages
      FROM weekly_department_totals t
     WHERE t.week_start BETWEEN ? AND ? AND t.documents <> 0`,
  /** The days of partial weeks per station, by the primary key of daily_totals. */
  partialWeekDays: `
    SELECT t.week_start AS "weekStart", t.station_id AS station, NULL AS department, ${SUMS}
      FROM daily_totals t
     WHERE t.day BETWEEN ? AND ? AND t.documents <> 0
     GROUP BY t.week_start, t.station_id`,
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
      const parts: Array<[string, readonly unknown[]]> = [];
      if (whole) parts.push([REPORT_SQL.wholeWeeks, whole], [REPORT_SQL.wholeWeeksByDepartment, whole]);
      for (const [start, end] of partial) parts.push([REPORT_SQL.partialWeekDays, [start, end]], [REPORT_SQL.partialWeekDaysByDepartment, [start, end]]);
      const [names, ...results] = await Promise.all([
        db.all<{ id: number; name: string }>('SELECT id, name FROM stations'),
        ...parts.map(([sql, params]) => db.all<WeeklyTotalsRow>(sql, params)),
      ]);
      const nameOf = new Map(names.map((s) => [Number(s.id), s.name]));
      const rows: WeeklyTotalsRow[] = [];
      for (const part of results) {
        for (const row of part) {
          // Station rows carry the station's id until here.
          if (row.station !== null) row.station = nameOf.get(Number(row.station)) ?? String(row.station);
          rows.push(row);
        }
      }
      return rows;
    },
  };
}
