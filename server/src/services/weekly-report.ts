/** Builds the weekly report (every ISO week overlapping the period) from pre-aggregated totals. */
import type { Totals } from '../../../shared/src/schemas/common.ts';
import type { WeeklyReport, WeeklyReportWeek } from '../../../shared/src/schemas/weekly-report.ts';
import type { WeeklyTotalsRow } from '../repositories/report-repository.ts';
import { addDays, daysBetween, isoWeek, mondayOf, weekLabel } from '../lib/dates.ts';
import { weekTitle } from '../lib/week-title.ts';

function add(into: Totals, row: Totals): void {
  into.documents += row.documents;
  into.sheets += row.sheets;
  into.pages += row.pages;
}

const zero = (): Totals => ({ documents: 0, sheets: 0, pages: 0 });
/** Romanian alphabetical rank of each name, computed once per report (collation is the slow part). */
function ranks(names: Iterable<string>): Map<string, number> {
  const collator = new Intl.Collator('ro');
  return new Map([...new Set(names)].sort(collator.compare).map((name, i) => [name, i]));
}

export function buildWeeklyReport(from: string, to: string, rows: readonly WeeklyTotalsRow[]): WeeklyReport {
  const weeks = new Map<string, { week: WeeklyReportWeek; stations: Map<string, Totals>; departments: Map<string, Totals> }>();
  // Counted, not compared as text: the loop ends whatever the dates (a year 10000 once made it endless).
  const first = mondayOf(from);
  const weekCount = Math.max(0, Math.floor(daysBetween(first, to) / 7) + 1);
  for (let i = 0, monday = first; i < weekCount; i += 1, monday = addDays(monday, 7)) {
    weeks.set(monday, {
      week: {
        ...isoWeek(monday), monday, friday: addDays(monday, 4), label: weekLabel(monday), title: weekTitle(monday), ...zero(),
        registered: { documents: 0, sheets: 0 }, registeredDepartments: [], closed: null, stations: [], departments: [],
      },
      stations: new Map(),
      departments: new Map(),
    });
  }
  const totals = zero();
  // Each week's documents come once per station (`department` null) and once per department (`station` null).
  for (const row of rows) {
    const slot = weeks.get(row.weekStart);
    if (!slot) continue;
    if (row.station !== null) {
      add(slot.week, row);
      add(totals, row);
      const station = slot.stations.get(row.station) ?? zero();
      add(station, row);
      slot.stations.set(row.station, station);
    } else if (row.department !== null) {
      const department = slot.departments.get(row.department) ?? zero();
      add(department, row);
      slot.departments.set(row.department, department);
    }
  }
  const stationRank = ranks(rows.flatMap((r) => (r.station === null ? [] : [r.station])));
  // The department '' (not in any borderou) sorts last, as null.
  const departmentRank = ranks(rows.flatMap((r) => (r.department === null || r.department === '' ? [] : [r.department])));
  departmentRank.set('', departmentRank.size);
  return {
    from,
    to,
    totals,
    weeks: [...weeks.values()].map(({ week, stations, departments }) => ({
      ...week,
      stations: [...stations]
        .sort(([a], [b]) => stationRank.get(a)! - stationRank.get(b)!)
        .map(([station, t]) => ({ station, ...t })),
      departments: [...departments]
        .sort(([a], [b]) => departmentRank.get(a)! - departmentRank.get(b)!)
        .map(([department, t]) => ({ department: department === '' ? null : department, ...t })),
    })),
  };
}
