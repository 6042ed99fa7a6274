/**
 * The registered side of the weekly activity report (documents on the current borderou of each day,
 * and their sheets where the borderou gives `nr_file`) and the closed weeks with their frozen figures.
 */
import type { SqlClient } from '../db/sql-client.ts';
import { StationError } from '../../../shared/src/errors.ts';
import { splitPeriod } from './report-repository.ts';

/** Departments with no document left (every entry superseded) are skipped, as a count from scratch has no line for them. */
const REGISTERED_WEEKS = `
  SELECT week_start AS day, department, documents, sheets
    FROM registered_weekly_totals WHERE week_start BETWEEN ? AND ? AND documents <> 0`;
const REGISTERED_DAYS = `
  SELECT day, department, documents, sheets
    FROM registered_daily_totals WHERE day BETWEEN ? AND ? AND documents <> 0`;

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
      const { whole, partial } = splitPeriod(from, to);
      const reads: Array<Promise<RegisteredRow[]>> = [];
      if (whole) reads.push(db.all<RegisteredRow>(REGISTERED_WEEKS, whole));
      for (const days of partial) reads.push(db.all<RegisteredRow>(REGISTERED_DAYS, days));
      return (await Promise.all(reads)).flat().map((row) => ({ ...row, documents: Number(row.documents), sheets: Number(row.sheets) }));
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
