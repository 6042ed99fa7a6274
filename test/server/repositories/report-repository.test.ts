import { describe, expect, it } from 'vitest';
import { splitPeriod } from '../../../server/src/repositories/report-repository.ts';

describe('splitPeriod', () => {
  it('keeps whole weeks for weekly_totals and the ends for daily_totals', () => {
    // Wednesday 29.09.2021 → Tuesday 12.10.2021: one whole week (04.10–10.10) and two partial ones.
    expect(splitPeriod('2021-09-29', '2021-10-12')).toEqual({
      whole: ['2021-10-04', '2021-10-04'],
      partial: [['2021-09-29', '2021-10-03'], ['2021-10-11', '2021-10-12']],
    });
    // Monday → Sunday: whole weeks only.
    expect(splitPeriod('2021-09-27', '2021-10-10')).toEqual({ whole: ['2021-09-27', '2021-10-04'], partial: [] });
    // Inside one week: days only.
    expect(splitPeriod('2021-09-28', '2021-10-01')).toEqual({ whole: null, partial: [['2021-09-28', '2021-10-01']] });
    // Monday → Friday of the same week: days only.
    expect(splitPeriod('2021-09-27', '2021-10-01')).toEqual({ whole: null, partial: [['2021-09-27', '2021-10-01']] });
    // A single Sunday.
    expect(splitPeriod('2021-10-03', '2021-10-03')).toEqual({ whole: null, partial: [['2021-10-03', '2021-10-03']] });
  });
});
