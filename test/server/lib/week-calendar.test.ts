import { describe, expect, it } from 'vitest';
import { addDays, isoWeek, weekLabel } from '../../../server/src/lib/dates.ts';
import { consecutiveWeeks } from '../../../server/src/lib/week-calendar.ts';
import { weekTitle } from '../../../server/src/lib/week-title.ts';

describe('consecutiveWeeks', () => {
  it('gives every week of 1990–2099 the fields worked out from its own Monday', () => {
    const first = '1990-01-01'; // a Monday
    const weeks = consecutiveWeeks(first, 5740); // up to 2099-12-28
    expect(weeks.at(-1)!.monday).toBe('2099-12-28');
    let monday = first;
    for (const week of weeks) {
      expect(week).toEqual({ monday, friday: addDays(monday, 4), ...isoWeek(monday), label: weekLabel(monday), title: weekTitle(monday) });
      monday = addDays(monday, 7);
    }
  });

  it('counts the days across century years (1900 and 2100 have no 29 February, 2000 has)', () => {
    for (const first of ['1899-12-25', '1999-12-27', '2099-12-28']) {
      let monday = first;
      for (const week of consecutiveWeeks(first, 60)) {
        expect([week.monday, week.friday]).toEqual([monday, addDays(monday, 4)]);
        monday = addDays(monday, 7);
      }
    }
  });

  it('turns the ISO year after week 52 or 53', () => {
    // 2020 has 53 ISO weeks, 2021 has 52; 29.12.2025 is in week 1 of 2026.
    expect(consecutiveWeeks('2020-12-21', 3).map((w) => [w.isoYear, w.isoWeek])).toEqual([[2020, 52], [2020, 53], [2021, 1]]);
    expect(consecutiveWeeks('2021-12-20', 3).map((w) => [w.isoYear, w.isoWeek])).toEqual([[2021, 51], [2021, 52], [2022, 1]]);
    expect(consecutiveWeeks('2025-12-29', 1)[0]).toEqual({
      monday: '2025-12-29', friday: '2026-01-02', isoYear: 2026, isoWeek: 1,
      label: '29.12.2025 – 02.01.2026', title: '29 DECEMBRIE 2025 - 02 IANUARIE 2026',
    });
    expect(consecutiveWeeks('2021-09-27', 0)).toEqual([]);
  });
});
