/**
 * The weekly report as a CSV for Romanian Excel. One table: per week a total row (registered and
 * processed), then one row per department and one per station (processed); a final row with the period's totals.
 */
import type { WeeklyReport } from '../../../shared/src/schemas/weekly-report.ts';
import { excelCsv, type CsvCell } from '../lib/excel-csv.ts';

export const WEEKLY_CSV_HEADER = [
  'Săptămâna', 'An ISO', 'Nr. săptămână', 'Stația', 'Structura',
  'Nr. documente înregistrate', 'Nr. file înregistrate', 'Nr. documente procesate', 'Nr. file procesate', 'Nr. pagini',
] as const;

const ALL_STATIONS = 'Toate stațiile';
const ALL_DEPARTMENTS = 'Toate structurile';
const NO_DEPARTMENT = 'Fără structură (lipsește din borderou)';

export function weeklyReportCsv(report: WeeklyReport): Buffer {
  const rows: CsvCell[][] = [[...WEEKLY_CSV_HEADER]];
  for (const week of report.weeks) {
    const prefix = [week.title, week.isoYear, week.isoWeek];
    rows.push([...prefix, ALL_STATIONS, ALL_DEPARTMENTS, week.registered.documents, week.registered.sheets, week.documents, week.sheets, week.pages]);
    // One row per department found on the borderouri or among the scanned documents.
    const registered = new Map(week.registeredDepartments.map((d) => [d.department, d]));
    const processed = new Map(week.departments.map((d) => [d.department, d]));
    const names = [...new Set([...registered.keys(), ...week.departments.flatMap((d) => (d.department === null ? [] : [d.department]))])]
      .sort(new Intl.Collator('ro').compare);
    for (const name of names) {
      const r = registered.get(name);
      const p = processed.get(name);
      rows.push([...prefix, ALL_STATIONS, name, r?.documents ?? 0, r?.sheets ?? 0, p?.documents ?? 0, p?.sheets ?? 0, p?.pages ?? 0]);
    }
    const unassigned = processed.get(null);
    if (unassigned) rows.push([...prefix, ALL_STATIONS, NO_DEPARTMENT, null, null, unassigned.documents, unassigned.sheets, unassigned.pages]);
    for (const s of week.stations) {
      rows.push([...prefix, s.station, ALL_DEPARTMENTS, null, null, s.documents, s.sheets, s.pages]);
    }
  }
  const t = report.totals;
  const registered = report.weeks.reduce((sum, w) => ({
    documents: sum.documents + w.registered.documents, sheets: sum.sheets + w.registered.sheets,
  }), { documents: 0, sheets: 0 });
  rows.push(['Total perioadă', null, null, ALL_STATIONS, ALL_DEPARTMENTS, registered.documents, registered.sheets, t.documents, t.sheets, t.pages]);
  return excelCsv(rows);
}
