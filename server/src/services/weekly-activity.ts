/**
 * The weekly activity report as the office writes it: processed (scanned documents, sheets, pages,
 * from the weekly totals) beside registered (documents on the week's borderouri and their sheets
 * where `nr_file` is given), and «închide săptămâna»: the figures of a whole week frozen as they are.
 */
import type { WeeklyReport } from '../../../shared/src/schemas/weekly-report.ts';
import type { ReportRepository } from '../repositories/report-repository.ts';
import type { ClosedWeek, RegisteredRow, WeekFigures, WeekRepository } from '../repositories/week-repository.ts';
import { addDays, mondayOf } from '../lib/dates.ts';
import { weekTitle } from '../lib/week-title.ts';
import { buildWeeklyReport } from './weekly-report.ts';

/** The weekly report over from..to (both inclusive): processed, registered and closed, read at once. */
export async function weeklyReport(from: string, to: string, reports: ReportRepository, weeks: WeekRepository): Promise<WeeklyReport> {
  const [totals, registered, closed] = await Promise.all([
    reports.weeklyTotals(from, to), weeks.registered(from, to), weeks.closed(mondayOf(from), mondayOf(to)),
  ]);
  return addRegisteredAndClosed(buildWeeklyReport(from, to, totals), registered, closed);
}

/** Adds the registered side and the closed weeks' frozen figures to a weekly report (in place). */
function addRegisteredAndClosed(report: WeeklyReport, registered: readonly RegisteredRow[], closed: Map<string, ClosedWeek>): WeeklyReport {
  const byMonday = new Map(report.weeks.map((w) => [w.monday, w]));
  const departments = new Map<string, Map<string, { documents: number; sheets: number }>>();
  // Whole weeks come as one row per department dated its Monday: each distinct day's Monday worked out once.
  const mondays = new Map<string, string>();
  for (const row of registered) {
    let monday = mondays.get(row.day);
    if (monday === undefined) mondays.set(row.day, monday = mondayOf(row.day));
    const week = byMonday.get(monday);
    if (!week) continue;
    week.registered.documents += row.documents;
    week.registered.sheets += row.sheets;
    const perWeek = departments.get(monday) ?? new Map<string, { documents: number; sheets: number }>();
    const slot = perWeek.get(row.department) ?? { documents: 0, sheets: 0 };
    slot.documents += row.documents;
    slot.sheets += row.sheets;
    perWeek.set(row.department, slot);
    departments.set(monday, perWeek);
  }
  // Departments ranked in Romanian order once per report (a collator's compare per week costs several ms over years).
  const names = new Set<string>();
  for (const perWeek of departments.values()) for (const name of perWeek.keys()) names.add(name);
  const collator = new Intl.Collator('ro');
  const rank = new Map([...names].sort().sort(collator.compare).map((name, i) => [name, i]));
  for (const [monday, perWeek] of departments) {
    byMonday.get(monday)!.registeredDepartments = [...perWeek]
      .sort(([a], [b]) => rank.get(a)! - rank.get(b)!)
      .map(([department, t]) => ({ department, ...t }));
  }
  for (const week of report.weeks) {
    const c = closed.get(week.monday);
    week.closed = c ? { closedAt: c.closedAt, closedBy: c.closedBy, ...c.figures } : null;
  }
  return report;
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
export async function weekActivity(monday: string, reports: ReportRepository, weeks: WeekRepository): Promise<WeekActivity> {
  const sunday = addDays(monday, 6);
  const report = await weeklyReport(monday, sunday, reports, weeks);
  const week = report.weeks[0]!;
  return {
    monday,
    title: weekTitle(monday),
    current: {
      registered: { ...week.registered },
      processed: { documents: week.documents, sheets: week.sheets, pages: week.pages },
    },
    closed: (await weeks.closed(monday, monday)).get(monday) ?? null,
  };
}

export async function closeWeek(monday: string, closedBy: string, now: Date, reports: ReportRepository, weeks: WeekRepository): Promise<ClosedWeek> {
  const activity = await weekActivity(monday, reports, weeks);
  const closed: ClosedWeek = { weekStart: monday, closedAt: now.toISOString(), closedBy, figures: activity.current };
  await weeks.close(closed, activity.title);
  return closed;
}
