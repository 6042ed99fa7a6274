/**
 * The fields of consecutive ISO weeks (Monday, Friday, ISO year and week, Romanian label and title),
 * worked out week after week: each week's days come from one running count of milliseconds and its
 * ISO week from the one before, instead of parsing and formatting its dates several times over
 * (ten years are 522 weeks; the report builds them on every request).
 */
import { DAY_MS, dayToUtcMs, isoWeek, utcMsToDay, weekLabel } from './dates.ts';
import { weekTitle } from './week-title.ts';

export interface CalendarWeek {
  monday: string;
  friday: string;
  isoYear: number;
  isoWeek: number;
  label: string;
  title: string;
}

/** `count` weeks from the Monday `firstMonday`, in order. */
export function consecutiveWeeks(firstMonday: string, count: number): CalendarWeek[] {
  const weeks: CalendarWeek[] = [];
  let ms = dayToUtcMs(firstMonday);
  let iso = isoWeek(firstMonday);
  for (let i = 0; i < count; i += 1, ms += 7 * DAY_MS) {
    const monday = utcMsToDay(ms);
    const friday = utcMsToDay(ms + 4 * DAY_MS);
    // Every ISO year has 52 or 53 weeks: before week 52 the next week is simply the next number.
    if (i > 0) iso = iso.isoWeek < 52 ? { isoYear: iso.isoYear, isoWeek: iso.isoWeek + 1 } : isoWeek(monday);
    weeks.push({ monday, friday, isoYear: iso.isoYear, isoWeek: iso.isoWeek, label: weekLabel(monday, friday), title: weekTitle(monday, friday) });
  }
  return weeks;
}
