/**
 * Reads for the weekly report, all in one snapshot. Whole weeks inside the period come from
 * `weekly_station_totals`, `weekly_department_totals` and `registered_weekly_totals` (kept by triggers);
 * the partial weeks at its ends (when it does not start on a Monday or end on a Sunday) from
 * `daily_totals` and `registered_daily_totals`; the closed weeks from `closed_weeks`.
 */
import type { SqlClient, SqlRunner } from '../db/sql-client.ts';
import { dialect } from '../db/sql-client.ts';
import { addDays, mondayOf } from '../lib/dates.ts';
import { readClosedWeeks, type ClosedWeek, type WeekFigures } from './week-repository.ts';

/**
 * One station's (or one department's) totals week by week: the weeks and their figures as parallel
 * arrays, in no particular order. The report shows a week per station and per department, never the
 * two crossed, and the database sends one row per station and per department (each holding its
 * weeks as JSON arrays) instead of one row per week and line: ten years of six offices are 30 rows,
 * not ~15,600, so the driver builds no row objects and JSON.parse does the rest natively.
 */
export interface WeeklySeries {
  /** The station's name, or the department ('' when no borderou lists the documents). */
  name: string;
  /** Each week's Monday; on the registered side, for the days of a partial week, the day itself. */
  weeks: string[];
  documents: number[];
  sheets: number[];
  /** Processed figures only (the registered side has none). */
  pages?: number[];
}

/** Everything the weekly report shows over a period, read in one snapshot. */
export interface WeeklyReadings {
  /** Processed, per station and per department of the documents' borderou. */
  stations: WeeklySeries[];
  departments: WeeklySeries[];
  /** Documents on the current borderouri, per department. */
  registered: WeeklySeries[];
  /** The weeks closed so far whose Monday is in the period's weeks. */
  closed: ClosedWeek[];
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

const PROCESSED = ['documents', 'sheets', 'pages'] as const;
const REGISTERED = ['documents', 'sheets'] as const;

/**
 * The weeks of each group and its figures as JSON arrays. The aggregates of one group are fed the
 * same rows in the same order (one pass), so their elements line up.
 */
const seriesColumns = (agg: string, figures: readonly string[]): string =>
  [`${agg}(t.week_start) AS weeks`, ...figures.map((f) => `${agg}(t.${f}) AS ${f}`)].join(', ');

/** A station's name by its id (a join on the few grouped rows, not on every week). */
const stationSeries = (agg: string, source: string): string => `
    SELECT COALESCE(s.name, CAST(g.station_id AS TEXT)) AS name, g.weeks, g.documents, g.sheets, g.pages
      FROM (SELECT t.station_id, ${seriesColumns(agg, PROCESSED)} FROM ${source} GROUP BY t.station_id) g
      LEFT JOIN stations s ON s.id = g.station_id`;

const departmentSeries = (agg: string, source: string, figures: readonly string[]): string => `
    SELECT t.department AS name, ${seriesColumns(agg, figures)} FROM ${source} GROUP BY t.department`;

/** Whole weeks, read as kept (one row per week and station or department, by the primary key). */
const whole = (table: string): string => `${table} t WHERE t.week_start BETWEEN ? AND ? AND t.documents <> 0`;
/** The days of partial weeks summed per week, by the primary key of daily_totals. */
const partialDays = (key: 'station_id' | 'department'): string => `(
      SELECT d.week_start, d.${key}, SUM(d.documents) AS documents, SUM(d.sheets) AS sheets, SUM(d.pages) AS pages
        FROM daily_totals d
       WHERE d.day BETWEEN ? AND ? AND d.documents <> 0
       GROUP BY d.week_start, d.${key}) t`;
/** The days of partial weeks as kept, each its own day (registered_daily_totals has no week column). */
const registeredDays = `(
      SELECT r.day AS week_start, r.department, r.documents, r.sheets
        FROM registered_daily_totals r
       WHERE r.day BETWEEN ? AND ? AND r.documents <> 0) t`;

function reportSql(agg: string) {
  return {
    wholeWeeks: stationSeries(agg, whole('weekly_station_totals')),
    wholeWeeksByDepartment: departmentSeries(agg, whole('weekly_department_totals'), PROCESSED),
    partialWeekDays: stationSeries(agg, partialDays('station_id')),
    partialWeekDaysByDepartment: departmentSeries(agg, partialDays('department'), PROCESSED),
    registeredWeeks: departmentSeries(agg, whole('registered_weekly_totals'), REGISTERED),
    registeredDays: departmentSeries(agg, registeredDays, REGISTERED),
  };
}

/** The statements the report runs on each engine (exported so tests can EXPLAIN exactly these). */
export const REPORT_SQL = {
  sqlite: reportSql('json_group_array'),
  postgres: reportSql('json_agg'),
} as const;

/**
 * One whole week's figures now, as the report shows them (its stations' whole-week rows summed, its
 * registered departments' too): one statement, so one consistent read on either engine, by the
 * primary keys' week_start (on SQLite their second column since migration 011: a skip-scan of each
 * line's week once the tables are analysed).
 */
const WEEK_FIGURES_SQL = `
  SELECT p.documents AS "processedDocuments", p.sheets AS "processedSheets", p.pages AS "processedPages",
         r.documents AS "registeredDocuments", r.sheets AS "registeredSheets"
    FROM (SELECT COALESCE(SUM(documents), 0) AS documents, COALESCE(SUM(sheets), 0) AS sheets, COALESCE(SUM(pages), 0) AS pages
            FROM weekly_station_totals WHERE week_start = ? AND documents <> 0) p,
         (SELECT COALESCE(SUM(documents), 0) AS documents, COALESCE(SUM(sheets), 0) AS sheets
            FROM registered_weekly_totals WHERE week_start = ? AND documents <> 0) r`;

interface WeekFiguresRow {
  processedDocuments: number;
  processedSheets: number;
  processedPages: number;
  registeredDocuments: number;
  registeredSheets: number;
}

interface SeriesRow {
  name: string;
  /** JSON text on SQLite; already parsed by pg on PostgreSQL (json columns). */
  weeks: string | string[];
  documents: string | number[];
  sheets: string | number[];
  pages?: string | number[];
}

/** A JSON array column: text on SQLite, already parsed by pg on PostgreSQL (json columns). */
const parsed = <T>(value: string | T[]): T[] => (typeof value === 'string' ? (JSON.parse(value) as T[]) : value);

function toSeries(row: SeriesRow): WeeklySeries {
  const series: WeeklySeries = { name: row.name, weeks: parsed(row.weeks), documents: parsed(row.documents), sheets: parsed(row.sheets) };
  if (row.pages !== undefined) series.pages = parsed(row.pages);
  return series;
}

export function createReportRepository(db: SqlClient) {
  const sql = dialect(db, REPORT_SQL);
  return {
    /** The whole week of `monday`'s figures now (what «închide săptămâna» freezes), without the rest of the report. */
    async weekFigures(monday: string): Promise<WeekFigures> {
      const row = (await db.get<WeekFiguresRow>(WEEK_FIGURES_SQL, [monday, monday]))!;
      return {
        registered: { documents: row.registeredDocuments, sheets: row.registeredSheets },
        processed: { documents: row.processedDocuments, sheets: row.processedSheets, pages: row.processedPages },
      };
    },
    /** The week of `monday` once closed (its frozen figures), else null. */
    async closedWeek(monday: string): Promise<ClosedWeek | null> {
      return (await readClosedWeeks(db, monday, monday))[0] ?? null;
    },
    /** What the weekly report over the days from..to (inclusive) shows, read in one snapshot. */
    weeklyReadings(from: string, to: string): Promise<WeeklyReadings> {
      const { whole: weeks, partial } = splitPeriod(from, to);
      return db.snapshot(async (tx: SqlRunner) => {
        // All issued at once: PostgreSQL runs them on several connections sharing the snapshot.
        const read = (whole: string, days: string): Promise<WeeklySeries[]> => Promise.all([
          ...(weeks ? [tx.all<SeriesRow>(whole, weeks)] : []),
          ...partial.map((range) => tx.all<SeriesRow>(days, range)),
        ]).then((parts) => parts.flat().map(toSeries));
        const [stations, departments, registered, closed] = await Promise.all([
          read(sql.wholeWeeks, sql.partialWeekDays),
          read(sql.wholeWeeksByDepartment, sql.partialWeekDaysByDepartment),
          read(sql.registeredWeeks, sql.registeredDays),
          readClosedWeeks(tx, mondayOf(from), mondayOf(to)),
        ]);
        return { stations, departments, registered, closed };
      });
    },
  };
}
