/** Calendar helpers: `YYYY-MM-DD` days, local days of instants, ISO weeks and their Romanian labels. */

export const DAY_MS = 86_400_000;

/** Whether `text` is a real calendar day written `YYYY-MM-DD`. */
export function isValidDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return false;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

export function dayToUtcMs(day: string): number {
  return Date.parse(`${day}T00:00:00Z`);
}

export function utcMsToDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(day: string, days: number): string {
  return utcMsToDay(dayToUtcMs(day) + days * DAY_MS);
}

export function daysBetween(from: string, to: string): number {
  return Math.round((dayToUtcMs(to) - dayToUtcMs(from)) / DAY_MS);
}

/** Monday of the ISO week containing `day`. */
export function mondayOf(day: string): string {
  const weekday = new Date(dayToUtcMs(day)).getUTCDay(); // 0 = Sunday
  return addDays(day, -((weekday + 6) % 7));
}

/** ISO 8601 week-numbering year and week of `day`. */
export function isoWeek(day: string): { isoYear: number; isoWeek: number } {
  const thursday = addDays(mondayOf(day), 3);
  const isoYear = Number(thursday.slice(0, 4));
  const firstThursdayWeekMonday = mondayOf(`${isoYear}-01-04`);
  return { isoYear, isoWeek: daysBetween(firstThursdayWeekMonday, mondayOf(day)) / 7 + 1 };
}

/** `2021-09-27` → `27.09.2021` */
export function romanianDay(day: string): string {
  return `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;
}

/** «27.09.2021 – 01.10.2021»: the Monday–Friday span of the week starting on `monday`. */
export function weekLabel(monday: string, friday = addDays(monday, 4)): string {
  return `${romanianDay(monday)} – ${romanianDay(friday)}`;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

/** The calendar day of an instant in `timeZone` (e.g. `Europe/Bucharest`), as `YYYY-MM-DD`. */
export function localDay(instant: string | Date, timeZone: string): string {
  let formatter = dayFormatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dayFormatters.set(timeZone, formatter);
  }
  return formatter.format(typeof instant === 'string' ? new Date(instant) : instant);
}

/** Whether `timeZone` is an IANA zone this runtime knows. */
export function isKnownTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}
