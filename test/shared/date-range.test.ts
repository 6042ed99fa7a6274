import { describe, expect, it } from 'vitest';
import { dayProblem, instantProblem, MAX_YEAR, MIN_YEAR } from '../../shared/src/date-range.ts';
import { MAX_YEAR as REG_MAX, MIN_YEAR as REG_MIN } from '../../shared/src/registration-number.ts';

describe('date range (one for the whole project)', () => {
  it('is the range registration numbers use too', () => {
    expect([MIN_YEAR, MAX_YEAR]).toEqual([1990, 2099]);
    expect([REG_MIN, REG_MAX]).toEqual([MIN_YEAR, MAX_YEAR]);
  });

  it('accepts real days in range, refuses the rest with the reason', () => {
    expect(dayProblem('2021-09-27')).toBeNull();
    expect(dayProblem('1990-01-01')).toBeNull();
    expect(dayProblem('2099-12-31')).toBeNull();
    expect(dayProblem('2021-02-30')).toBe('ziua 2021-02-30 nu există în calendar');
    expect(dayProblem('9999-12-27')).toBe('ziua 9999-12-27 este în afara intervalului acceptat (anii 1990–2099)');
    expect(dayProblem('0000-01-01')).toBe('ziua 0000-01-01 este în afara intervalului acceptat (anii 1990–2099)');
    expect(dayProblem('1989-12-31')).toMatch(/în afara intervalului/);
    expect(dayProblem('2021-9-27')).toBe('„2021-9-27” nu are forma AAAA-LL-ZZ');
  });

  it('accepts ISO 8601 instants with an offset', () => {
    for (const ok of ['2021-09-27T09:12:00+03:00', '2026-11-30T08:43:18.123Z', '2099-12-31T23:59:59Z', '1990-01-01T00:00:00+00:00', '2021-09-27T09:12:00-12:00', '2021-09-27T09:12:00+14:00']) {
      expect(instantProblem(ok), ok).toBeNull();
    }
  });

  it.each([
    ['2026-12-31T23:59:60Z', 'ora 23:59:60 nu există (secunda 60 nu este acceptată)'],
    ['0000-01-01T00:00:00Z', 'momentul 0000-01-01T00:00:00Z este în afara intervalului acceptat (anii 1990–2099)'],
    ['9999-12-31T23:59:59-23:59', 'momentul 9999-12-31T23:59:59-23:59 este în afara intervalului acceptat (anii 1990–2099)'],
    ['2021-09-27T09:12:00-23:59', 'fusul orar -23:59 nu există (între -12:00 și +14:00)'],
    ['2021-09-27T09:12:00+03:75', 'fusul orar +03:75 nu există (între -12:00 și +14:00)'],
    ['2021-09-27T09:12:00-13:00', 'fusul orar -13:00 nu există (între -12:00 și +14:00)'],
    ['2021-09-27T09:12:00+14:30', 'fusul orar +14:30 nu există (între -12:00 și +14:00)'],
    ['2099-12-31T23:59:59-01:00', 'momentul 2099-12-31T23:59:59-01:00 este în afara intervalului acceptat (anii 1990–2099)'],
    ['2021-02-29T10:00:00Z', 'ziua 2021-02-29 nu există în calendar'],
    ['2021-09-27T24:00:00Z', 'ora 24:00:00 nu există'],
    ['2021-09-27 09:12:00Z', 'trebuie să fie o dată și o oră ISO 8601 cu fus orar, de exemplu 2021-09-27T09:12:00+03:00'],
    ['2021-09-27T09:12:00', 'trebuie să fie o dată și o oră ISO 8601 cu fus orar, de exemplu 2021-09-27T09:12:00+03:00'],
  ])('refuses %s', (text, reason) => {
    expect(instantProblem(text)).toBe(reason);
  });
});
