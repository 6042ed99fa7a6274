/**
 * The weekly report (every ISO week overlapping the period) from the pre-aggregated totals, kept
 * column by column: per station, per department and per registered department one slot a week, in
 * the order the report lists them. The JSON and the CSV are written from these columns
 * (weekly-report-json.ts, weekly-report-csv.ts); ten years are 522 weeks of ~30 lines each, and
 * building an object per week and line cost more than writing the bytes.
 */
import type { Totals } from '../../../shared/src/schemas/common.ts';
import type { WeeklyReadings, WeeklySeries } from '../repositories/report-repository.ts';
import type { ClosedWeek } from '../repositories/week-repository.ts';
import { DAY_MS, daysBetween, dayToUtcMs, mondayOf } from '../lib/dates.ts';
import { romanianRanks } from '../lib/romanian-order.ts';
import { consecutiveWeeks, type CalendarWeek } from '../lib/week-calendar.ts';

/** Figures week by week: slot `w` is week `w` of the report. */
export interface WeekColumns {
  documents: Float64Array;
  sheets: Float64Array;
  pages: Float64Array;
}

/** Lines of one kind over the weeks: slot `line * weekCount + w`; `has` 1 where the line shows in week `w`. */
export interface WeeklyLines extends WeekColumns {
  /** In the order the report lists them (Romanian alphabetical order). */
  names: string[];
  has: Uint8Array;
}

export interface WeeklyFigures {
  from: string;
  to: string;
  weeks: CalendarWeek[];
  /** The period's processed totals. */
  totals: Totals;
  /** Each week's processed totals (its stations' sum) and registered ones (pages: none). */
  processed: WeekColumns;
  registered: WeekColumns;
  stations: WeeklyLines;
  /**
   * Processed per department of the documents' borderou, and registered per department of the
   * borderouri: the same names in the same order (registered departments are never ''), '' (no
   * borderou lists the documents) after all the others.
   */
  departments: WeeklyLines;
  registeredDepartments: WeeklyLines;
  /** Each week's frozen figures once closed, else null. */
  closed: Array<ClosedWeek | null>;
}

const WEEK_MS = 7 * DAY_MS;

function columns(size: number): WeekColumns {
  return { documents: new Float64Array(size), sheets: new Float64Array(size), pages: new Float64Array(size) };
}

/**
 * The series laid out in lines of `names` (ranked by `rank`); series of the same name add up (a
 * station read from whole weeks and from the days of a partial one), and so do the days of a week.
 */
function lines(series: readonly WeeklySeries[], names: string[], rank: Map<string, number>, weekCount: number, weekOf: (day: string) => number): WeeklyLines {
  const size = names.length * weekCount;
  const out: WeeklyLines = { names, has: new Uint8Array(size), ...columns(size) };
  for (const s of series) {
    const base = rank.get(s.name)! * weekCount;
    for (let i = 0; i < s.weeks.length; i += 1) {
      const w = weekOf(s.weeks[i]!);
      if (w < 0) continue;
      const slot = base + w;
      out.has[slot] = 1;
      out.documents[slot] = out.documents[slot]! + s.documents[i]!;
      out.sheets[slot] = out.sheets[slot]! + s.sheets[i]!;
      if (s.pages) out.pages[slot] = out.pages[slot]! + s.pages[i]!;
    }
  }
  return out;
}

/** Each week's sum over all lines. */
function weekSums({ names, documents, sheets, pages }: WeeklyLines, weekCount: number): WeekColumns {
  const sums = columns(weekCount);
  for (let line = 0; line < names.length; line += 1) {
    for (let w = 0, slot = line * weekCount; w < weekCount; w += 1, slot += 1) {
      sums.documents[w] = sums.documents[w]! + documents[slot]!;
      sums.sheets[w] = sums.sheets[w]! + sheets[slot]!;
      sums.pages[w] = sums.pages[w]! + pages[slot]!;
    }
  }
  return sums;
}

/** A column's sum over its weeks (or slots). */
export const sum = (values: Float64Array): number => values.reduce((a, b) => a + b, 0);

export function buildWeeklyFigures(from: string, to: string, readings: WeeklyReadings): WeeklyFigures {
  // Counted, not compared as text: the loop ends whatever the dates (a year 10000 once made it endless).
  const first = mondayOf(from);
  const weekCount = Math.max(0, Math.floor(daysBetween(first, to) / 7) + 1);
  const weeks = consecutiveWeeks(first, weekCount);
  const byMonday = new Map(weeks.map((week, i) => [week.monday, i]));
  const firstMs = dayToUtcMs(first);
  /** The week of a Monday, or of any day (the registered days of a partial week); -1 outside the report. */
  const weekOf = (day: string): number => {
    const w = byMonday.get(day) ?? Math.floor((dayToUtcMs(day) - firstMs) / WEEK_MS);
    return w >= 0 && w < weekCount ? w : -1;
  };

  const stationRanks = romanianRanks(readings.stations.map((s) => s.name));
  const stations = lines(readings.stations, [...stationRanks.keys()], stationRanks, weekCount, weekOf);
  const departmentRanks = romanianRanks([...readings.departments, ...readings.registered].map((s) => s.name), '');
  const departmentNames = [...departmentRanks.keys()];
  const departments = lines(readings.departments, departmentNames, departmentRanks, weekCount, weekOf);
  const registeredDepartments = lines(readings.registered, departmentNames, departmentRanks, weekCount, weekOf);

  const processed = weekSums(stations, weekCount);
  const closed = weeks.map(() => null as ClosedWeek | null);
  for (const week of readings.closed) {
    const w = byMonday.get(week.weekStart);
    if (w !== undefined) closed[w] = week;
  }
  return {
    from,
    to,
    weeks,
    totals: { documents: sum(processed.documents), sheets: sum(processed.sheets), pages: sum(processed.pages) },
    processed,
    registered: weekSums(registeredDepartments, weekCount),
    stations,
    departments,
    registeredDepartments,
    closed,
  };
}
