/**
 * A page worker's failure answer (`worker-answer.ts`) can always be posted (structured clone): a
 * StationError's code and details go along, details that cannot be cloned as their plain values only;
 * the calling thread rebuilds the error with the same code, message and details.
 */
import { describe, expect, it } from 'vitest';
import { StationError } from '../../../shared/src/errors.ts';
import { answeredError, failureAnswer } from '../../../station/src/pipeline/worker-answer.ts';

describe('a failure answer', () => {
  it('carries a StationError\'s code and details, rebuilt as thrown', () => {
    const err = new StationError('INPUT_TOO_LARGE', 'pagina este prea mare', { needBytes: 5e9, maxBytes: 2 ** 31, sizes: [1, 2] });
    const a = failureAnswer(7, err);
    expect(structuredClone(a)).toEqual(a);
    const back = answeredError(structuredClone(a)) as StationError;
    expect([back.code, back.message, back.details]).toEqual(['INPUT_TOO_LARGE', 'pagina este prea mare', err.details]);
  });

  it('keeps the plain values of details that cannot be cloned; anything else thrown travels as its text', () => {
    const a = failureAnswer(1, new StationError('INTERNAL', 'x', { page: 'p.jpg', n: 3, fn: () => 1 }));
    expect(() => structuredClone(a)).not.toThrow();
    expect(a.details).toEqual({ page: 'p.jpg', n: 3 });
    expect(failureAnswer(2, Object.create(null))).toEqual({ id: 2, ok: false, error: '[object Object]' });
    expect(answeredError({ id: 2, ok: false, error: 'boom' })).not.toBeInstanceOf(StationError);
  });
});
