/**
 * The weekly report as a CSV for Romanian Excel. One table: per week a total row (registered and
 * processed), then one row per department and one per station (processed); a final row with the period's totals.
 */
import type { WeeklyReport } from '../../../shared/src/schemas/weekly-report.ts';
import { excelCsvWriter } from '../lib/excel-csv.ts';

export const WEEKLY_CSV_HEADER = [
  'Săptămâna', 'An ISO', 'Nr. săptămână', 'Stația', 'Structura',
  'Nr. documente înregistrate', 'Nr. file înregistrate', 'Nr. documente procesate', 'Nr. file procesate', 'Nr. pagini',
] as const;

const ALL_STATIONS = 'Toate stațiile';
const ALL_DEPARTMENTS = 'Toate structurile';
const NO_DEPARTMENT = 'Fără structură (lipsește din borderou)';

/**
 * Every department of the report ranked once in Romanian alphabetical order (one collator per report,
 * not per week: making one costs more than a week's rows); names the collator finds equal share a rank,
 * so sorting a week's names by rank keeps them in the order a sort by the collator would.
 */
function departmentRanks(report: WeeklyReport): Map<string, number> {
  const names = new Set<string>();
  for (const week of report.weeks) {
    for (const d of week.registeredDepartments) names.add(d.department);
    for (const d of week.departments) if (d.department !== null) names.add(d.department);
  }
  const collator = new Intl.Collator('ro');
  const sorted = [...names].sort(collator.compare);
  const rank = new Map<string, number>();
  sorted.forEach((name, i) => rank.set(name, i > 0 && collator.compare(sorted[i - 1]!, name) === 0 ? rank.get(sorted[i - 1]!)! : i));
  return rank;
}

export function weeklyReportCsv(report: WeeklyReport): Buffer {
  const out = excelCsvWriter();
  out.line(WEEKLY_CSV_HEADER);
  const rank = departmentRanks(report);
  for (const week of report.weeks) {
    const { title, isoYear, isoWeek } = week;
    out.line([title, isoYear, isoWeek, ALL_STATIONS, ALL_DEPARTMENTS, week.registered.documents, week.registered.sheets, week.documents, week.sheets, week.pages]);
    // One row per department found on the borderouri or among the scanned documents.
    const registered = new Map(week.registeredDepartments.map((d) => [d.department, d]));
    const processed = new Map(week.departments.map((d) => [d.department, d]));
    const names = [...new Set([...registered.keys(), ...week.departments.flatMap((d) => (d.department === null ? [] : [d.department]))])]
      .sort((a, b) => rank.get(a)! - rank.get(b)!);
    for (const name of names) {
      const r = registered.get(name);
      const p = processed.get(name);
      out.line([title, isoYear, isoWeek, ALL_STATIONS, name, r?.documents ?? 0, r?.sheets ?? 0, p?.documents ?? 0, p?.sheets ?? 0, p?.pages ?? 0]);
    }
    const unassigned = processed.get(null);
    if (unassigned) out.line([title, isoYear, isoWeek, ALL_STATIONS, NO_DEPARTMENT, null, null, unassigned.documents, unassigned.sheets, unassigned.pages]);
    for (const s of week.stations) {
      out.line([title, isoYear, isoWeek, s.station, ALL_DEPARTMENTS, null, null, s.documents, s.sheets, s.pages]);
    }
  }
  const t = report.totals;
  const registered = report.weeks.reduce((sum, w) => ({
    documents: sum.documents + w.registered.documents, sheets: sum.sheets + w.registered.sheets,
  }), { documents: 0, sheets: 0 });
  out.line(['Total perioadă', null, null, ALL_STATIONS, ALL_DEPARTMENTS, registered.documents, registered.sheets, t.documents, t.sheets, t.pages]);
  return out.bytes();
}
