/**
 * The registered side of the weekly activity report (documents on the current borderou of each day,
 * and their sheets where the borderou gives `nr_file`) and the closed weeks with their frozen figures.
 */
import type { SqlClient } from '../db/sql-client.ts';
import { StationError } from '../../../shared/src/errors.ts';

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
    /** Documents and sheets on the current borderou of each day from..to, per day and department. */
    registered(from: string, to: string): Promise<RegisteredRow[]> {
      return db.all(`
        SELECT b.day, e.department, COUNT(*) AS documents, COALESCE(SUM(e.expected_sheets), 0) AS sheets
          FROM borderouri b JOIN borderou_entries e ON e.borderou_id = b.id
         WHERE b.superseded_at IS NULL AND b.day BETWEEN ? AND ?
         GROUP BY b.day, e.department`, [from, to]);
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
