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
  return new Map([...names].sort(collator.compare).map((name, i) => [name, i]));
}

type StationLine = WeeklyReportWeek['stations'][number];
type DepartmentLine = WeeklyReportWeek['departments'][number];

interface Slot {
  week: WeeklyReportWeek;
  /** The week's lines as they will be sent, found by name while rows are added. */
  stations: Map<string, StationLine>;
  departments: Map<string, DepartmentLine>;
}

export function buildWeeklyReport(from: string, to: string, rows: readonly WeeklyTotalsRow[]): WeeklyReport {
  const weeks = new Map<string, Slot>();
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
  const stationNames = new Set<string>();
  const departmentNames = new Set<string>();
  // Each week's documents come once per station (`department` null) and once per department (`station` null).
  // The lines are built once, as sent (one object per line: ~9,400 over ten years of six offices).
  for (const row of rows) {
    const slot = weeks.get(row.weekStart);
    if (!slot) continue;
    if (row.station !== null) {
      add(slot.week, row);
      add(totals, row);
      const line = slot.stations.get(row.station);
      if (line) add(line, row);
      else {
        slot.stations.set(row.station, { station: row.station, documents: row.documents, sheets: row.sheets, pages: row.pages });
        stationNames.add(row.station);
      }
    } else if (row.department !== null) {
      const line = slot.departments.get(row.department);
      if (line) add(line, row);
      else {
        slot.departments.set(row.department, {
          department: row.department === '' ? null : row.department, documents: row.documents, sheets: row.sheets, pages: row.pages,
        });
        departmentNames.add(row.department);
      }
    }
  }
  const stationRank = ranks(stationNames);
  // The department '' (not in any borderou) sorts last, as null.
  departmentNames.delete('');
  const departmentRank = ranks(departmentNames);
  departmentRank.set('', departmentRank.size);
  const byStation = (a: StationLine, b: StationLine) => stationRank.get(a.station)! - stationRank.get(b.station)!;
  const byDepartment = (a: DepartmentLine, b: DepartmentLine) =>
    departmentRank.get(a.department ?? '')! - departmentRank.get(b.department ?? '')!;
  const list: WeeklyReportWeek[] = [];
  for (const { week, stations, departments } of weeks.values()) {
    week.stations = [...stations.values()].sort(byStation);
    week.departments = [...departments.values()].sort(byDepartment);
    list.push(week);
  }
  return { from, to, totals, weeks: list };
}
