/** Builds the weekly report (every ISO week overlapping the period) from pre-aggregated totals. */
import type { Totals } from '../../../shared/src/schemas/common.ts';
import type { WeeklyReport, WeeklyReportWeek } from '../../../shared/src/schemas/weekly-report.ts';
import type { WeeklySeries, WeeklyTotals } from '../repositories/report-repository.ts';
import { daysBetween, mondayOf } from '../lib/dates.ts';
import { consecutiveWeeks } from '../lib/week-calendar.ts';

const collator = new Intl.Collator('ro');

/**
 * The series in Romanian alphabetical order of their names (names the collator finds equal by code
 * units, so the order never depends on the order rows came in); `noneLast`: the department '' (not
 * in any borderou) after all the others. Series of the same name end up next to each other.
 */
function inOrder(series: readonly WeeklySeries[], noneLast: boolean): WeeklySeries[] {
  const names = [...new Set(series.map((s) => s.name))].sort((a, b) => {
    if (noneLast && (a === '' || b === '')) return a === '' ? 1 : -1;
    return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
  });
  const rank = new Map(names.map((name, i) => [name, i]));
  return [...series].sort((a, b) => rank.get(a.name)! - rank.get(b.name)!);
}

export function buildWeeklyReport(from: string, to: string, { stations, departments }: WeeklyTotals): WeeklyReport {
  // Counted, not compared as text: the loop ends whatever the dates (a year 10000 once made it endless).
  const first = mondayOf(from);
  const weekCount = Math.max(0, Math.floor(daysBetween(first, to) / 7) + 1);
  const weeks: WeeklyReportWeek[] = [];
  const byMonday = new Map<string, WeeklyReportWeek>();
  for (const c of consecutiveWeeks(first, weekCount)) {
    const week: WeeklyReportWeek = {
      isoYear: c.isoYear, isoWeek: c.isoWeek, monday: c.monday, friday: c.friday, label: c.label, title: c.title,
      documents: 0, sheets: 0, pages: 0,
      registered: { documents: 0, sheets: 0 }, registeredDepartments: [], closed: null, stations: [], departments: [],
    };
    weeks.push(week);
    byMonday.set(c.monday, week);
  }
  const totals: Totals = { documents: 0, sheets: 0, pages: 0 };
  // Each week's documents come once per station and once per department; the week's totals are its
  // stations'. Taken in name order, each week's lines are appended already sorted, and a name seen
  // again in a week (the same station from two parts of the period) is the week's last line.
  for (const series of inOrder(stations, false)) {
    const station = series.name;
    for (let i = 0; i < series.weeks.length; i += 1) {
      const week = byMonday.get(series.weeks[i]!);
      if (!week) continue;
      const documents = series.documents[i]!;
      const sheets = series.sheets[i]!;
      const pages = series.pages[i]!;
      week.documents += documents;
      week.sheets += sheets;
      week.pages += pages;
      totals.documents += documents;
      totals.sheets += sheets;
      totals.pages += pages;
      const last = week.stations.at(-1);
      if (last?.station === station) {
        last.documents += documents;
        last.sheets += sheets;
        last.pages += pages;
      } else week.stations.push({ station, documents, sheets, pages });
    }
  }
  for (const series of inOrder(departments, true)) {
    const department = series.name === '' ? null : series.name;
    for (let i = 0; i < series.weeks.length; i += 1) {
      const week = byMonday.get(series.weeks[i]!);
      if (!week) continue;
      const documents = series.documents[i]!;
      const sheets = series.sheets[i]!;
      const pages = series.pages[i]!;
      const last = week.departments.at(-1);
      if (last !== undefined && last.department === department) {
        last.documents += documents;
        last.sheets += sheets;
        last.pages += pages;
      } else week.departments.push({ department, documents, sheets, pages });
    }
  }
  return { from, to, totals, weeks };
}
