/**
 * The weekly activity report as the office writes it: processed (scanned documents, sheets, pages,
 * from the weekly totals) beside registered (documents on the week's borderouri and their sheets
 * where `nr_file` is given), and «închide săptămâna»: the figures of a whole week frozen as they are.
 */
import type { ReportRepository } from '../repositories/report-repository.ts';
import type { ClosedWeek, WeekFigures, WeekRepository } from '../repositories/week-repository.ts';
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

/** The whole ISO week of `monday` (Monday to Sunday): its figures now and, once closed, its frozen ones. */
export async function weekActivity(monday: string, reports: ReportRepository): Promise<WeekActivity> {
  const [current, closed] = await Promise.all([reports.weekFigures(monday), reports.closedWeek(monday)]);
  return { monday, title: weekTitle(monday), current, closed };
}

/** Freezes the week's figures now: only the week's own totals are read (one statement), not the report. */
export async function closeWeek(monday: string, closedBy: string, now: Date, reports: ReportRepository, weeks: WeekRepository): Promise<ClosedWeek> {
  const closed: ClosedWeek = { weekStart: monday, closedAt: now.toISOString(), closedBy, figures: await reports.weekFigures(monday) };
  await weeks.close(closed, weekTitle(monday));
  return closed;
}
