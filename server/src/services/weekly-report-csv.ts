/**
 * The weekly report as a CSV for Romanian Excel. One table: per week a total row (registered and
 * processed), then one row per department and one per station (processed); a final row with the period's totals.
 */
import { excelCsvWriter } from '../lib/excel-csv.ts';
import { sum, type WeeklyFigures } from './weekly-report.ts';

export const WEEKLY_CSV_HEADER = [
  'Săptămâna', 'An ISO', 'Nr. săptămână', 'Stația', 'Structura',
  'Nr. documente înregistrate', 'Nr. file înregistrate', 'Nr. documente procesate', 'Nr. file procesate', 'Nr. pagini',
] as const;

const ALL_STATIONS = 'Toate stațiile';
const ALL_DEPARTMENTS = 'Toate structurile';
const NO_DEPARTMENT = 'Fără structură (lipsește din borderou)';

export function weeklyReportCsv(report: WeeklyFigures): Buffer {
  const { weeks, processed, registered, stations, departments, registeredDepartments } = report;
  const weekCount = weeks.length;
  const out = excelCsvWriter();
  out.line(WEEKLY_CSV_HEADER);
  for (let w = 0; w < weekCount; w += 1) {
    const { title, isoYear, isoWeek } = weeks[w]!;
    out.line([title, isoYear, isoWeek, ALL_STATIONS, ALL_DEPARTMENTS,
      registered.documents[w]!, registered.sheets[w]!, processed.documents[w]!, processed.sheets[w]!, processed.pages[w]!]);
    // One row per department found on the borderouri or among the scanned documents ('' ranks last).
    let unassigned = -1;
    departments.names.forEach((name, line) => {
      const slot = line * weekCount + w;
      if (name === '') unassigned = departments.has[slot] === 1 ? slot : -1;
      else if (registeredDepartments.has[slot] === 1 || departments.has[slot] === 1) {
        out.line([title, isoYear, isoWeek, ALL_STATIONS, name, registeredDepartments.documents[slot]!, registeredDepartments.sheets[slot]!,
          departments.documents[slot]!, departments.sheets[slot]!, departments.pages[slot]!]);
      }
    });
    if (unassigned >= 0) {
      out.line([title, isoYear, isoWeek, ALL_STATIONS, NO_DEPARTMENT, null, null,
        departments.documents[unassigned]!, departments.sheets[unassigned]!, departments.pages[unassigned]!]);
    }
    stations.names.forEach((station, line) => {
      const slot = line * weekCount + w;
      if (stations.has[slot] === 1) {
        out.line([title, isoYear, isoWeek, station, ALL_DEPARTMENTS, null, null, stations.documents[slot]!, stations.sheets[slot]!, stations.pages[slot]!]);
      }
    });
  }
  const t = report.totals;
  out.line(['Total perioadă', null, null, ALL_STATIONS, ALL_DEPARTMENTS, sum(registered.documents), sum(registered.sheets), t.documents, t.sheets, t.pages]);
  return out.bytes();
}
