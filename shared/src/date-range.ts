/**
 * The one range of dates Scan Station accepts anywhere (query days, scan instants, borderou dates,
 * registration numbers): years 1990–2099. Anything outside is a typing error or an attack (a year
 * 9999 once sent the weekly report into an endless loop), never a real registration.
 */
export const MIN_YEAR = 1990;
export const MAX_YEAR = 2099;

const RANGE_TEXT = `anii ${MIN_YEAR}–${MAX_YEAR}`;
const MIN_MS = Date.UTC(MIN_YEAR, 0, 1);
const MAX_MS = Date.UTC(MAX_YEAR + 1, 0, 1); // exclusive
/** Real UTC offsets go from -12:00 to +14:00. */
const MAX_WEST_OFFSET_MINUTES = 12 * 60;
const MAX_EAST_OFFSET_MINUTES = 14 * 60;

export function isCalendarDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export function isYearInRange(year: number): boolean {
  return year >= MIN_YEAR && year <= MAX_YEAR;
}

/** Why `text` is not an accepted `YYYY-MM-DD` day (Romanian), or null when it is. */
export function dayProblem(text: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return `„${text.slice(0, 40)}” nu are forma AAAA-LL-ZZ`;
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!isYearInRange(y)) return `ziua ${text} este în afara intervalului acceptat (${RANGE_TEXT})`;
  if (!isCalendarDate(y, m, d)) return `ziua ${text} nu există în calendar`;
  return null;
}

const INSTANT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|([+-])(\d{2}):(\d{2}))$/i;

/**
 * Why `text` is not an accepted instant (Romanian), or null: ISO 8601 with seconds and an offset
 * (`2021-09-27T09:12:00+03:00`, `…Z`), a real calendar day, no leap second, a real offset, and the
 * instant itself within the range.
 */
export function instantProblem(text: string): string | null {
  const match = INSTANT.exec(text);
  if (!match) return 'trebuie să fie o dată și o oră ISO 8601 cu fus orar, de exemplu 2021-09-27T09:12:00+03:00';
  const [y, mo, d, h, mi, s] = match.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (!isYearInRange(y)) return `momentul ${text} este în afara intervalului acceptat (${RANGE_TEXT})`;
  if (!isCalendarDate(y, mo, d)) return `ziua ${match[1]}-${match[2]}-${match[3]} nu există în calendar`;
  if (h > 23 || mi > 59 || s > 59) {
    return `ora ${match[4]}:${match[5]}:${match[6]} nu există${s === 60 ? ' (secunda 60 nu este acceptată)' : ''}`;
  }
  if (match[8]!.toUpperCase() !== 'Z') {
    const offset = Number(match[10]) * 60 + Number(match[11]);
    const max = match[9] === '-' ? MAX_WEST_OFFSET_MINUTES : MAX_EAST_OFFSET_MINUTES;
    if (Number(match[11]) > 59 || offset > max) return `fusul orar ${match[8]} nu există (între -12:00 și +14:00)`;
  }
  const ms = Date.parse(text);
  if (!Number.isFinite(ms) || ms < MIN_MS || ms >= MAX_MS) return `momentul ${text} este în afara intervalului acceptat (${RANGE_TEXT})`;
  return null;
}
