/**
 * The registered side of the weekly activity report (documents on the current borderou of each day,
 * and their sheets where the borderou gives `nr_file`) and the closed weeks with their frozen figures.
 */
import { dialect, type SqlClient } from '../db/sql-client.ts';
import { StationError } from '../../../shared/src/errors.ts';
import { parsed, splitPeriod } from './report-repository.ts';

/**
 * One row per department, its days (or weeks' Mondays) and figures as JSON arrays lined up (one pass
 * feeds the three aggregates), so ten years leave the database as a dozen rows, not ~6,300. Departments
 * with no document left (every entry superseded) are skipped: a count from scratch has no line for them.
 */
const registeredSql = (agg: string, table: string, day: string): string => `
  SELECT t.department, ${agg}(t.${day}) AS days, ${agg}(t.documents) AS documents, ${agg}(t.sheets) AS sheets
    FROM ${table} t WHERE t.${day} BETWEEN ? AND ? AND t.documents <> 0 GROUP BY t.department`;
const REGISTERED_SQL = {
  sqlite: { weeks: registeredSql('json_group_array', 'registered_weekly_totals', 'week_start'), days: registeredSql('json_group_array', 'registered_daily_totals', 'day') },
  postgres: { weeks: registeredSql('json_agg', 'registered_weekly_totals', 'week_start'), days: registeredSql('json_agg', 'registered_daily_totals', 'day') },
} as const;

/** JSON text on SQLite; already parsed by pg on PostgreSQL (json columns). */
interface RegisteredSeriesRow {
  department: string;
  days: string | string[];
  documents: string | number[];
  sheets: string | number[];
}

function toRows(series: RegisteredSeriesRow): RegisteredRow[] {
  const days = parsed(series.days);
  const documents = parsed(series.documents);
  const sheets = parsed(series.sheets);
  return days.map((day, i) => ({ day, department: series.department, documents: documents[i]!, sheets: sheets[i]! }));
}

export interface RegisteredRow {
  day: string;
  department: string;
  documents: number;
  sheets: number;
}

export interface WeekFigures {
  registered: { documents: number; sheets: number };
  processed: { documents: number; sheets: number; pages: number };
}

export interface ClosedWeek {
  weekStart: string;
  closedAt: string;
  closedBy: string;
  figures: WeekFigures;
}

export type WeekRepository = ReturnType<typeof createWeekRepository>;

export function createWeekRepository(db: SqlClient) {
  return {
    /**
     * Documents and sheets on the current borderou of each day from..to, per day and department, read
     * from the totals the triggers keep (migration 009): whole weeks from registered_weekly_totals (one
     * row per week and department, `day` its Monday), the days of partial weeks from registered_daily_totals.
     */
    async registered(from: string, to: string): Promise<RegisteredRow[]> {
      const sql = dialect(db, REGISTERED_SQL);
      const { whole, partial } = splitPeriod(from, to);
      const reads: Array<Promise<RegisteredSeriesRow[]>> = [];
      if (whole) reads.push(db.all<RegisteredSeriesRow>(sql.weeks, whole));
      for (const days of partial) reads.push(db.all<RegisteredSeriesRow>(sql.days, days));
      return (await Promise.all(reads)).flat().flatMap(toRows);
    },
    /** Closed weeks whose Monday is in [fromMonday, toMonday]. */
    async closed(fromMonday: string, toMonday: string): Promise<Map<string, ClosedWeek>> {
      const rows = await db.all<{ weekStart: string; closedAt: string; closedBy: string; figures: string }>(`
        SELECT week_start AS "weekStart", closed_at AS "closedAt", closed_by AS "closedBy", figures
          FROM closed_weeks WHERE week_start BETWEEN ? AND ?`, [fromMonday, toMonday]);
      return new Map(rows.map((row) => [row.weekStart, { ...row, figures: JSON.parse(row.figures) as WeekFigures }]));
    },
    /** Throws CONFLICT when the week is already closed (its figures never change). */
    async close(week: ClosedWeek, label: string): Promise<void> {
      const { changes } = await db.run(
        'INSERT INTO closed_weeks (week_start, closed_at, closed_by, figures) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [week.weekStart, week.closedAt, week.closedBy, JSON.stringify(week.figures)]);
      if (changes === 0) throw new StationError('CONFLICT', `Săptămâna ${label} este deja închisă.`, { week: week.weekStart });
    },
  };
}
