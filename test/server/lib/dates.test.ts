import { describe, expect, it } from 'vitest';
import { addDays, isoWeek, isValidDay, localDay, mondayOf, weekLabel } from '../../../server/src/lib/dates.ts';

describe('dates', () => {
  it('validates calendar days', () => {
    expect(isValidDay('2021-09-27')).toBe(true);
    expect(isValidDay('2024-02-29')).toBe(true);
    expect(isValidDay('2021-02-29')).toBe(false);
    expect(isValidDay('2021-13-01')).toBe(false);
    expect(isValidDay('27.09.2021')).toBe(false);
  });

  it('finds the Monday and the ISO week, across year ends', () => {
    expect(mondayOf('2021-10-03')).toBe('2021-09-27');
    expect(mondayOf('2021-09-27')).toBe('2021-09-27');
    expect(isoWeek('2021-09-29')).toEqual({ isoYear: 2021, isoWeek: 39 });
    expect(isoWeek('2021-01-03')).toEqual({ isoYear: 2020, isoWeek: 53 });
    expect(isoWeek('2019-12-30')).toEqual({ isoYear: 2020, isoWeek: 1 });
    expect(isoWeek('2026-12-31')).toEqual({ isoYear: 2026, isoWeek: 53 });
    expect(addDays('2021-12-30', 3)).toBe('2022-01-02');
  });

  it('labels a week with its Monday–Friday dates', () => {
    expect(weekLabel('2021-09-27')).toBe('27.09.2021 – 01.10.2021');
  });

  it('takes the local day of an instant in the configured time zone', () => {
    // 22:30 UTC on the 26th is already the 27th in Bucharest (UTC+3 in summer).
    expect(localDay('2021-09-26T22:30:00Z', 'Europe/Bucharest')).toBe('2021-09-27');
    expect(localDay('2021-09-26T22:30:00Z', 'UTC')).toBe('2021-09-26');
  });
});
