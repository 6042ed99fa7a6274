/**
 * The weekly report as JSON bytes, written straight from its columns: the same bytes the route's
 * response schema (`weeklyReportSchema`) serialises the report to (keys in the schema's order, texts
 * as JSON.stringify writes them), which test/server/services/weekly-report-json.test.ts checks. Ten
 * years are ~1.4 MB; each line's `{"department":"…","documents":` is encoded once per report.
 */
import { ByteWriter } from '../lib/byte-writer.ts';
import type { ClosedWeek } from '../repositories/week-repository.ts';
import type { WeeklyFigures, WeeklyLines } from './weekly-report.ts';

const bytes = (text: string): Buffer => Buffer.from(text, 'utf8');
const quoted = (text: string): string => JSON.stringify(text);

const SHEETS = bytes(',"sheets":');
const PAGES = bytes(',"pages":');
const REGISTERED = bytes(',"registered":{"documents":');
const REGISTERED_DEPARTMENTS = bytes('},"registeredDepartments":[');
const CLOSED = bytes('],"closed":');
const NULL = bytes('null');
const STATIONS = bytes(',"stations":[');
const DEPARTMENTS = bytes('],"departments":[');
const WEEK_END = bytes(']}');

/** Each line's opening up to its first figure: `{"<key>":"<name>","documents":`. */
const openings = (key: string, names: readonly string[], none?: string): Buffer[] =>
  names.map((name) => bytes(`{"${key}":${name === none ? 'null' : quoted(name)},"documents":`));

/** The lines of `lines` that show in week `w`, comma-separated. */
function writeLines(out: ByteWriter, lines: WeeklyLines, opening: readonly Buffer[], weekCount: number, w: number, pages: boolean): void {
  let first = true;
  for (let line = 0, slot = w; line < opening.length; line += 1, slot += weekCount) {
    if (lines.has[slot] === 0) continue;
    if (!first) out.byte(0x2c); // ,
    first = false;
    out.write(opening[line]!);
    out.number(lines.documents[slot]!);
    out.write(SHEETS);
    out.number(lines.sheets[slot]!);
    if (pages) {
      out.write(PAGES);
      out.number(lines.pages[slot]!);
    }
    out.byte(0x7d); // }
  }
}

/** Somewhat more than the report will take (a week's fixed fields, each line shown with its figures), so it is written into one buffer. */
function expectedSize({ weeks, stations, departments, registeredDepartments }: WeeklyFigures, openings: Buffer[][]): number {
  let size = 1024 + 512 * weeks.length;
  [stations, departments, registeredDepartments].forEach((lines, kind) => {
    const longest = openings[kind]!.reduce((max, b) => Math.max(max, b.length), 0);
    size += lines.has.reduce((sum, has) => sum + has, 0) * (longest + 64);
  });
  return size;
}

const closedJson = ({ closedAt, closedBy, figures: { registered: r, processed: p } }: ClosedWeek): string =>
  `{"closedAt":${quoted(closedAt)},"closedBy":${quoted(closedBy)},"registered":{"documents":${r.documents},"sheets":${r.sheets}},`
  + `"processed":{"documents":${p.documents},"sheets":${p.sheets},"pages":${p.pages}}}`;

export function weeklyReportJson(report: WeeklyFigures): Buffer {
  const { weeks, totals, processed, registered, stations, departments, registeredDepartments } = report;
  const weekCount = weeks.length;
  const stationOpenings = openings('station', stations.names);
  // Registered departments share the processed ones' names and order, and are never '' (null here).
  const departmentOpenings = openings('department', departments.names, '');
  const out = new ByteWriter(expectedSize(report, [stationOpenings, departmentOpenings, departmentOpenings]));
  out.text(`{"from":${quoted(report.from)},"to":${quoted(report.to)},`
    + `"totals":{"documents":${totals.documents},"sheets":${totals.sheets},"pages":${totals.pages}},"weeks":[`);
  for (let w = 0; w < weekCount; w += 1) {
    const { isoYear, isoWeek, monday, friday, label, title } = weeks[w]!;
    if (w > 0) out.byte(0x2c);
    out.text(`{"isoYear":${isoYear},"isoWeek":${isoWeek},"monday":${quoted(monday)},"friday":${quoted(friday)},`
      + `"label":${quoted(label)},"title":${quoted(title)},"documents":`);
    out.number(processed.documents[w]!);
    out.write(SHEETS);
    out.number(processed.sheets[w]!);
    out.write(PAGES);
    out.number(processed.pages[w]!);
    out.write(REGISTERED);
    out.number(registered.documents[w]!);
    out.write(SHEETS);
    out.number(registered.sheets[w]!);
    out.write(REGISTERED_DEPARTMENTS);
    writeLines(out, registeredDepartments, departmentOpenings, weekCount, w, false);
    out.write(CLOSED);
    const closed = report.closed[w];
    if (closed) out.text(closedJson(closed));
    else out.write(NULL);
    out.write(STATIONS);
    writeLines(out, stations, stationOpenings, weekCount, w, true);
    out.write(DEPARTMENTS);
    writeLines(out, departments, departmentOpenings, weekCount, w, true);
    out.write(WEEK_END);
  }
  out.text(']}');
  return out.bytes();
}
