import { describe, expect, it } from 'vitest';
import { newestAnswer } from '../../../station/web/src/newest-answer.ts';

/** A promise settled from outside, when the test says. */
function later<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

describe('only the newest answer of a kind is shown', () => {
  it('an older answer that comes back last is dropped; so is its failure', async () => {
    const shown: string[] = [];
    const failed: unknown[] = [];
    const newest = newestAnswer();
    const first = later<string>();
    const second = later<string>();
    const a = newest(first.promise, (v) => shown.push(v), (e) => failed.push(e));
    const b = newest(second.promise, (v) => shown.push(v), (e) => failed.push(e));
    second.resolve('nou');
    await b;
    first.resolve('vechi');
    await a;
    expect(shown).toEqual(['nou']);
    const c = newest(Promise.reject(new Error('pierdut')), (v) => shown.push(v), (e) => failed.push(e));
    const d = newest(Promise.resolve('ultimul'), (v) => shown.push(v), (e) => failed.push(e));
    await Promise.all([c, d]);
    expect(shown).toEqual(['nou', 'ultimul']);
    expect(failed).toEqual([]);
  });

  it('answers in order are each shown, and the newest failure is told', async () => {
    const shown: string[] = [];
    const failed: unknown[] = [];
    const newest = newestAnswer();
    await newest(Promise.resolve('1'), (v) => shown.push(v), (e) => failed.push(e));
    await newest(Promise.resolve('2'), (v) => shown.push(v), (e) => failed.push(e));
    await newest(Promise.reject(new Error('oprit')), (v) => shown.push(v), (e) => failed.push(e));
    expect(shown).toEqual(['1', '2']);
    expect(failed).toHaveLength(1);
  });
});
