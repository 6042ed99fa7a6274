/**
 * The weekly activity report as the office writes it: processed (scanned documents, sheets, pages,
 * from the weekly totals) beside registered (documents on the week's borderouri and their sheets
 * where `nr_file` is given), and «închide săptămâna»: the figures of a whole week frozen as they are.
 */
import type { ReportRepository } from '../repositories/report-repository.ts';
import type { ClosedWeek, WeekFigures, WeekRepository } from '../repositories/week-repository.ts';
import { addDays } from '../lib/dates.ts';
import { weekTitle } from '../lib/week-title.ts';
import { buildWeeklyFigures, type WeeklyFigures } from './weekly-report.ts';

/** The weekly report over from..to (both inclusive): processed, registered and closed, read in one snapshot. */
export async function weeklyReport(from: string, to: string, reports: ReportRepository): Promise<WeeklyFigures> {
  return buildWeeklyFigures(from, to, await reports.weeklyReadings(from, to));
}

export interface WeekActivity {
  monday: string;
  title: string;
  /** Figures now. */
  current: WeekFigures;
  /** The frozen figures when the week was closed, else null. */
  closed: ClosedWeek | null;
}

/** The whole ISO week of `monday` (Monday to Sunday). */
export async function weekActivity(monday: string, reports: ReportRepository): Promise<WeekActivity> {
  const { registered: r, processed: p, closed } = await weeklyReport(monday, addDays(monday, 6), reports);
  return {
    monday,
    title: weekTitle(monday),
    current: {
      registered: { documents: r.documents[0]!, sheets: r.sheets[0]! },
      processed: { documents: p.documents[0]!, sheets: p.sheets[0]!, pages: p.pages[0]! },
    },
    closed: closed[0]!,
  };
}

export async function closeWeek(monday: string, closedBy: string, now: Date, reports: ReportRepository, weeks: WeekRepository): Promise<ClosedWeek> {
  const activity = await weekActivity(monday, reports);
  const closed: ClosedWeek = { weekStart: monday, closedAt: now.toISOString(), closedBy, figures: activity.current };
  await weeks.close(closed, activity.title);
  return closed;
}
