/** Reads for the weekly report, from the pre-aggregated `daily_totals`. */
import type { Database } from 'better-sqlite3';

export interface WeeklyTotalsRow {
  weekStart: string;
  station: string;
  department: string;
  documents: number;
  sheets: number;
  pages: number;
}

export type ReportRepository = ReturnType<typeof createReportRepository>;

export function createReportRepository(db: Database) {
  const weekly = db.prepare<[string, string], WeeklyTotalsRow>(`
    SELECT t.week_start AS weekStart, s.name AS station, t.department,
           SUM(t.documents) AS documents, SUM(t.sheets) AS sheets, SUM(t.pages) AS pages
      FROM daily_totals t JOIN stations s ON s.id = t.station_id
     WHERE t.day BETWEEN ? AND ? AND t.documents <> 0
     GROUP BY t.week_start, t.station_id, t.department
     ORDER BY t.week_start`);

  return {
    /** Totals per (week, station, department) for the days from..to inclusive. */
    weeklyTotals(from: string, to: string): WeeklyTotalsRow[] {
      return weekly.all(from, to);
    },
  };
}
