import { describe, expect, it } from 'vitest';
import { PixelBudget } from '../../../station/src/pipeline/pixel-budget.ts';

function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((r) => (open = r));
  return { promise, open };
}

describe('PixelBudget: the memory of every page in flight together', () => {
  it('never holds more than its total; pages start in arrival order; a page larger than the total runs alone', async () => {
    const budget = new PixelBudget(100);
    const started: string[] = [];
    let peak = 0;
    const gates = new Map<string, ReturnType<typeof gate>>();
    const job = (name: string, cost: number) => {
      const g = gate();
      gates.set(name, g);
      return budget.run(cost, async () => {
        started.push(name);
        peak = Math.max(peak, budget.inUse);
        await g.promise;
        return name;
      });
    };
    const a = job('a', 60);
    const b = job('b', 30);
    const c = job('c', 500); // larger than the whole budget: waits for a and b, then runs alone
    const d = job('d', 5); // small, but behind c: not let past it
    await Promise.resolve();
    await Promise.resolve();
    expect(started).toEqual(['a', 'b']);
    gates.get('a')!.open();
    await a;
    expect(started).toEqual(['a', 'b']);
    gates.get('b')!.open();
    await b;
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a', 'b', 'c']);
    expect(budget.inUse).toBe(100);
    gates.get('c')!.open();
    await c;
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    gates.get('d')!.open();
    expect(await d).toBe('d');
    expect(peak).toBeLessThanOrEqual(100);
    expect(budget.inUse).toBe(0);
  });

  it('gives the share back when the page fails', async () => {
    const budget = new PixelBudget(10);
    await expect(budget.run(10, async () => { throw new Error('bad page'); })).rejects.toThrow('bad page');
    expect(budget.inUse).toBe(0);
    expect(await budget.run(10, async () => 'next')).toBe('next');
  });
});
