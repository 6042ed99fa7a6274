/**
 * Reads for the weekly report. Whole weeks inside the period come from `weekly_totals`; the partial
 * weeks at its ends (when it does not start on a Monday or end on a Sunday) from `daily_totals`.
 */
import type { SqlClient } from '../db/sql-client.ts';
import { addDays, mondayOf } from '../lib/dates.ts';

export interface WeeklyTotalsRow {
  weekStart: string;
  station: string;
  department: string;
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

/** The statements the report runs (exported so tests can EXPLAIN exactly these). */
export const REPORT_SQL = {
  /** Whole weeks, by the primary key of weekly_totals. */
  wholeWeeks: `
    SELECT t.week_start AS "weekStart", s.name AS station, t.department, t.documents, t.sheets, t.pages
      FROM weekly_totals t JOIN stations s ON s.id = t.station_id
     WHERE t.week_start BETWEEN ? AND ? AND t.documents <> 0`,
  /** The days of partial weeks, by the primary key of daily_totals. */
  partialWeekDays: `
    SELECT t.week_start AS "weekStart", s.name AS station, t.department,
           SUM(t.documents) AS documents, SUM(t.sheets) AS sheets, SUM(t.pages) AS pages
      FROM daily_totals t JOIN stations s ON s.id = t.station_id
     WHERE t.day BETWEEN ? AND ? AND t.documents <> 0
     GROUP BY t.week_start, t.station_id, t.department, s.name`,
} as const;

export function createReportRepository(db: SqlClient) {
  return {
    /** Totals per (week, station, department) for the days from..to inclusive; rows in no particular order. */
    async weeklyTotals(from: string, to: string): Promise<WeeklyTotalsRow[]> {
      const { whole, partial } = splitPeriod(from, to);
      const rows = whole ? await db.all<WeeklyTotalsRow>(REPORT_SQL.wholeWeeks, whole) : [];
      for (const [start, end] of partial) rows.push(...await db.all<WeeklyTotalsRow>(REPORT_SQL.partialWeekDays, [start, end]));
      return rows;
    },
  };
}
