/**
 * The fields of consecutive ISO weeks (Monday, Friday, ISO year and week, Romanian label and title),
 * worked out week after week: each week's days are counted on from the one before (year, month, day)
 * and its ISO week from the one before, instead of parsing and formatting its dates several times
 * over (ten years are 522 weeks; the report builds them on every request).
 */
import { isoWeek, weekLabel } from './dates.ts';
import { weekTitle } from './week-title.ts';

export interface CalendarWeek {
  monday: string;
  friday: string;
  isoYear: number;
  isoWeek: number;
  label: string;
  title: string;
}

const daysInMonth = (year: number, month: number): number =>
  month === 2 ? (year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28) : month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;

/** A calendar day as numbers, moved on by whole days. */
class Day {
  constructor(public year: number, public month: number, public day: number) {}

  static of(text: string): Day {
    return new Day(Number(text.slice(0, 4)), Number(text.slice(5, 7)), Number(text.slice(8, 10)));
  }

  plus(days: number): Day {
    let { year, month, day } = this;
    day += days;
    for (let length = daysInMonth(year, month); day > length; length = daysInMonth(year, month)) {
      day -= length;
      month += 1;
      if (month > 12) {
        month = 1;
        year += 1;
      }
    }
    return new Day(year, month, day);
  }

  /** `YYYY-MM-DD` (years 0–9999). */
  text(): string {
    return `${String(this.year).padStart(4, '0')}-${this.month < 10 ? '0' : ''}${this.month}-${this.day < 10 ? '0' : ''}${this.day}`;
  }
}

/** `count` weeks from the Monday `firstMonday`, in order. */
export function consecutiveWeeks(firstMonday: string, count: number): CalendarWeek[] {
  const weeks: CalendarWeek[] = [];
  let day = Day.of(firstMonday);
  let iso = isoWeek(firstMonday);
  for (let i = 0; i < count; i += 1, day = day.plus(7)) {
    const monday = day.text();
    const friday = day.plus(4).text();
    // Every ISO year has 52 or 53 weeks: before week 52 the next week is simply the next number.
    if (i > 0) iso = iso.isoWeek < 52 ? { isoYear: iso.isoYear, isoWeek: iso.isoWeek + 1 } : isoWeek(monday);
    weeks.push({ monday, friday, isoYear: iso.isoYear, isoWeek: iso.isoWeek, label: weekLabel(monday, friday), title: weekTitle(monday, friday) });
  }
  return weeks;
}
