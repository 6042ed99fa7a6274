/**
 * Reads for the weekly report. Whole weeks inside the period come from `weekly_station_totals` and
 * `weekly_department_totals` (kept beside `weekly_totals` by the same triggers); the partial weeks
 * at its ends (when it does not start on a Monday or end on a Sunday) from `daily_totals`.
 */
import type { SqlClient } from '../db/sql-client.ts';
import { dialect } from '../db/sql-client.ts';
import { addDays, mondayOf } from '../lib/dates.ts';

/**
 * One station's (or one department's) totals week by week: the Mondays and their figures as parallel
 * arrays, in no particular order. The report shows a week per station and per department, never the
 * two crossed, and the database sends one row per station and per department (each holding its
 * weeks as JSON arrays) instead of one row per week and line: ten years of six offices are 18 rows,
 * not 9,396, so the driver builds no row objects and JSON.parse does the rest natively.
 */
export interface WeeklySeries {
  /** The station's name, or the department ('' when no borderou lists the documents). */
  name: string;
  weeks: string[];
  documents: number[];
  sheets: number[];
  pages: number[];
}

export interface WeeklyTotals {
  stations: WeeklySeries[];
  departments: WeeklySeries[];
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

/**
 * The weeks of each group as JSON arrays. The four aggregates of one group are fed the same rows in
 * the same order (one pass), so their elements line up.
 */
const seriesColumns = (agg: string): string =>
  `${agg}(t.week_start) AS weeks, ${agg}(t.documents) AS documents, ${agg}(t.sheets) AS sheets, ${agg}(t.pages) AS pages`;

/** A station's name by its id (a join on the few grouped rows, not on every week). */
const stationSeries = (agg: string, source: string): string => `
    SELECT COALESCE(s.name, CAST(g.station_id AS TEXT)) AS name, g.weeks, g.documents, g.sheets, g.pages
      FROM (SELECT t.station_id, ${seriesColumns(agg)} FROM ${source} GROUP BY t.station_id) g
      LEFT JOIN stations s ON s.id = g.station_id`;

const departmentSeries = (agg: string, source: string): string => `
    SELECT t.department AS name, ${seriesColumns(agg)} FROM ${source} GROUP BY t.department`;

/** Whole weeks, read as kept (one row per week and station or department, by the primary key). */
const wholeStations = `weekly_station_totals t WHERE t.week_start BETWEEN ? AND ? AND t.documents <> 0`;
const wholeDepartments = `weekly_department_totals t WHERE t.week_start BETWEEN ? AND ? AND t.documents <> 0`;
/** The days of partial weeks summed per week, by the primary key of daily_totals. */
const partialDays = (key: 'station_id' | 'department'): string => `(
      SELECT d.week_start, d.${key}, SUM(d.documents) AS documents, SUM(d.sheets) AS sheets, SUM(d.pages) AS pages
        FROM daily_totals d
       WHERE d.day BETWEEN ? AND ? AND d.documents <> 0
       GROUP BY d.week_start, d.${key}) t`;

function reportSql(agg: string) {
  return {
    wholeWeeks: stationSeries(agg, wholeStations),
    wholeWeeksByDepartment: departmentSeries(agg, wholeDepartments),
    partialWeekDays: stationSeries(agg, partialDays('station_id')),
    partialWeekDaysByDepartment: departmentSeries(agg, partialDays('department')),
  };
}

/** The statements the report runs on each engine (exported so tests can EXPLAIN exactly these). */
export const REPORT_SQL = {
  sqlite: reportSql('json_group_array'),
  postgres: reportSql('json_agg'),
} as const;

interface SeriesRow {
  name: string;
  /** JSON text on SQLite; already parsed by pg on PostgreSQL (json columns). */
  weeks: string | string[];
  documents: string | number[];
  sheets: string | number[];
  pages: string | number[];
}

/** A JSON array column: text on SQLite, already parsed by pg on PostgreSQL (json columns). */
export const parsed = <T>(value: string | T[]): T[] => (typeof value === 'string' ? (JSON.parse(value) as T[]) : value);

function toSeries(row: SeriesRow): WeeklySeries {
  return {
    name: row.name,
    weeks: parsed(row.weeks),
    documents: parsed(row.documents),
    sheets: parsed(row.sheets),
    pages: parsed(row.pages),
  };
}

export function createReportRepository(db: SqlClient) {
  const sql = dialect(db, REPORT_SQL);
  return {
    /** Totals per (week, station) and per (week, department) for the days from..to inclusive. */
    async weeklyTotals(from: string, to: string): Promise<WeeklyTotals> {
      const { whole, partial } = splitPeriod(from, to);
      const stations: Array<[string, readonly unknown[]]> = [];
      const departments: Array<[string, readonly unknown[]]> = [];
      if (whole) {
        stations.push([sql.wholeWeeks, whole]);
        departments.push([sql.wholeWeeksByDepartment, whole]);
      }
      for (const days of partial) {
        stations.push([sql.partialWeekDays, days]);
        departments.push([sql.partialWeekDaysByDepartment, days]);
      }
      const read = (parts: typeof stations) =>
        Promise.all(parts.map(([text, params]) => db.all<SeriesRow>(text, params))).then((results) => results.flat().map(toSeries));
      const [stationSeriesList, departmentSeriesList] = await Promise.all([read(stations), read(departments)]);
      return { stations: stationSeriesList, departments: departmentSeriesList };
    },
  };
}
