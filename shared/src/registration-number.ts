/**
 * Registration numbers ("număr de înregistrare"): `84512/27.09.2021` = running number / registration date.
 * The canonical form has no leading zeros in the running number and a two-digit day and month:
 * `0084512 / 1.9.2021` normalises to `84512/01.09.2021`. Pure functions, shared by station and server.
 */
import { MAX_YEAR, MIN_YEAR } from './date-range.ts';

/** Default separator rule: a barcode value in canonical form is a registration number. */
export const DEFAULT_SEPARATOR_PATTERN = '^\\d{1,8}/\\d{2}\\.\\d{2}\\.\\d{4}$';

/** Plausible registration years (the one date range of the project); anything else is a typing error. */
export { MAX_YEAR, MIN_YEAR };

/** Longest input worth looking at (8 digits + `/` + 10 date characters, with some spaces). */
const MAX_INPUT_LENGTH = 40;

export interface RegistrationNumber {
  /** Canonical text, e.g. `84512/27.09.2021`. */
  text: string;
  running: number;
  /** Registration date as ISO `YYYY-MM-DD`. */
  date: string;
}

export type RegistrationNumberCheck =
  | { ok: true; value: RegistrationNumber }
  | { ok: false; reason: string };

const LOOSE_SHAPE = /^(\d{1,8})\s*\/\s*(\d{1,2})\.(\d{1,2})\.(\d{4})$/;

/** Whether `text` has a registration number's shape (84512/27.09.2021), whatever its date: a data row's cell, not a title's. */
export function hasRegistrationShape(text: string): boolean {
  return LOOSE_SHAPE.test(text.trim());
}

/** Parses and validates; the reason (Romanian) says what is wrong. */
export function checkRegistrationNumber(input: string): RegistrationNumberCheck {
  const trimmed = input.trim();
  if (trimmed === '') return { ok: false, reason: 'numărul de înregistrare lipsește' };
  if (trimmed.length > MAX_INPUT_LENGTH) {
    return { ok: false, reason: `numărul de înregistrare este prea lung (${trimmed.length} caractere)` };
  }
  const m = LOOSE_SHAPE.exec(trimmed);
  if (!m) {
    // Control and format characters are shown as `?` so that a hostile value cannot disguise the message.
    const shown = trimmed.replace(/[\p{Cc}\p{Cf}]/gu, '?');
    return { ok: false, reason: `„${shown}” nu are forma număr/zz.ll.aaaa (de exemplu 84512/27.09.2021)` };
  }
  const [, runText, dayText, monthText, yearText] = m as unknown as [string, string, string, string, string];
  const running = Number(runText);
  if (running === 0) return { ok: false, reason: `„${trimmed}”: numărul curent nu poate fi 0` };
  const day = Number(dayText);
  const month = Number(monthText);
  const year = Number(yearText);
  if (year < MIN_YEAR || year > MAX_YEAR) {
    return { ok: false, reason: `„${trimmed}”: anul ${year} nu este plauzibil (${MIN_YEAR}–${MAX_YEAR})` };
  }
  if (!isCalendarDate(year, month, day)) {
    return { ok: false, reason: `„${trimmed}”: data ${dayText}.${monthText}.${yearText} nu există în calendar` };
  }
  const dd = pad2(day);
  const mm = pad2(month);
  return {
    ok: true,
    value: { text: `${running}/${dd}.${mm}.${year}`, running, date: `${year}-${mm}-${dd}` },
  };
}

export function parseRegistrationNumber(input: string): RegistrationNumber | null {
  const r = checkRegistrationNumber(input);
  return r.ok ? r.value : null;
}

export function isRegistrationNumber(input: string): boolean {
  return checkRegistrationNumber(input).ok;
}

/** Canonical text, or null when the input is not a valid registration number. */
export function normalizeRegistrationNumber(input: string): string | null {
  return parseRegistrationNumber(input)?.text ?? null;
}

/** The registration date as ISO `YYYY-MM-DD`, or null. */
export function registrationDate(input: string): string | null {
  return parseRegistrationNumber(input)?.date ?? null;
}

/** True when year-month-day names a real day of the Gregorian calendar. */
export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day)) return false;
  if (month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

/** `2021-09-27` → `27.09.2021` (Romanian display form); other input is returned unchanged. */
export function formatIsoDateRo(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : iso;
}
