/**
 * Closed weeks («închide săptămâna»): the figures of a whole week frozen as they were, read with the
 * rest of the weekly report (report-repository.ts) and written once.
 */
import type { SqlClient, SqlRunner } from '../db/sql-client.ts';
import { StationError } from '../../../shared/src/errors.ts';

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

/** Closed weeks whose Monday is in [fromMonday, toMonday]. */
export async function readClosedWeeks(db: SqlRunner, fromMonday: string, toMonday: string): Promise<ClosedWeek[]> {
  const rows = await db.all<{ weekStart: string; closedAt: string; closedBy: string; figures: string }>(`
    SELECT week_start AS "weekStart", closed_at AS "closedAt", closed_by AS "closedBy", figures
      FROM closed_weeks WHERE week_start BETWEEN ? AND ?`, [fromMonday, toMonday]);
  return rows.map((row) => ({ ...row, figures: JSON.parse(row.figures) as WeekFigures }));
}

export type WeekRepository = ReturnType<typeof createWeekRepository>;

export function createWeekRepository(db: SqlClient) {
  return {
    /** Throws CONFLICT when the week is already closed (its figures never change). */
    async close(week: ClosedWeek, label: string): Promise<void> {
      const { changes } = await db.run(
        'INSERT INTO closed_weeks (week_start, closed_at, closed_by, figures) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
        [week.weekStart, week.closedAt, week.closedBy, JSON.stringify(week.figures)]);
      if (changes === 0) throw new StationError('CONFLICT', `Săptămâna ${label} este deja închisă.`, { week: week.weekStart });
    },
  };
}
