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

/** A week's keys, punctuation, dates, year and number: all of its own bytes but its label, title and figures. */
const WEEK_FIXED = 240;

/** The digits of the largest figure in `values` (a figure that is not a whole number: 24, as many as `String` may write). */
function widest(values: Float64Array): number {
  let max = 0;
  for (let i = 0; i < values.length; i += 1) if (values[i]! > max) max = values[i]!;
  return Number.isSafeInteger(max) ? String(max).length : 24;
}

/**
 * The bytes the report takes, counted week by week and line by line (each line with its own opening,
 * each figure as wide as its column's widest): a long department name costs its own lines only. The
 * buffer is allocated once that size; the writer grows past it should a text need escaping.
 */
function expectedSize(report: WeeklyFigures, openings: readonly Buffer[][]): number {
  const { weeks, closed, processed, registered, stations, departments, registeredDepartments } = report;
  const weekFigures = 3 * Math.max(widest(processed.documents), widest(processed.sheets), widest(processed.pages))
    + 2 * Math.max(widest(registered.documents), widest(registered.sheets));
  let size = 256 + Buffer.byteLength(report.from) + Buffer.byteLength(report.to) + 3 * 24;
  for (const week of weeks) size += WEEK_FIXED + Buffer.byteLength(week.label) + Buffer.byteLength(week.title) + weekFigures;
  for (const week of closed) if (week) size += Buffer.byteLength(closedJson(week));
  const weekCount = weeks.length;
  [stations, departments, registeredDepartments].forEach((lines, kind) => {
    const pages = kind < 2;
    // `,"sheets":`, `}`, `,` and the figures; `,"pages":` and the pages on the processed side
    const figures = 10 + 2 + widest(lines.documents) + widest(lines.sheets) + (pages ? 9 + widest(lines.pages) : 0);
    openings[kind]!.forEach((opening, line) => {
      let shown = 0;
      for (let slot = line * weekCount, end = slot + weekCount; slot < end; slot += 1) shown += lines.has[slot]!;
      size += shown * (opening.length + figures);
    });
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
