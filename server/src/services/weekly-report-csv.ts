/**
 * The weekly report as a CSV for Romanian Excel. One table: per week a total row, then one row per
 * department and one per station; a final row with the period's totals.
 */
import type { WeeklyReport } from '../../../shared/src/schemas/weekly-report.ts';
import { excelCsv, type CsvCell } from '../lib/excel-csv.ts';

export const WEEKLY_CSV_HEADER = ['Săptămâna', 'An ISO', 'Nr. săptămână', 'Stația', 'Structura', 'Nr. documente', 'Nr. file', 'Nr. pagini'] as const;

const ALL_STATIONS = 'Toate stațiile';
const ALL_DEPARTMENTS = 'Toate structurile';
const NO_DEPARTMENT = 'Fără structură (lipsește din borderou)';

export function weeklyReportCsv(report: WeeklyReport): Buffer {
  const rows: CsvCell[][] = [[...WEEKLY_CSV_HEADER]];
  for (const week of report.weeks) {
    const prefix = [week.label, week.isoYear, week.isoWeek];
    rows.push([...prefix, ALL_STATIONS, ALL_DEPARTMENTS, week.documents, week.sheets, week.pages]);
    for (const d of week.departments) {
      rows.push([...prefix, ALL_STATIONS, d.department ?? NO_DEPARTMENT, d.documents, d.sheets, d.pages]);
    }
    for (const s of week.stations) {
      rows.push([...prefix, s.station, ALL_DEPARTMENTS, s.documents, s.sheets, s.pages]);
    }
  }
  const t = report.totals;
  rows.push(['Total perioadă', null, null, ALL_STATIONS, ALL_DEPARTMENTS, t.documents, t.sheets, t.pages]);
  return excelCsv(rows);
}
