import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { orderedMap } from '../../../station/src/pipeline/ordered-map.ts';

/** A source that records how far it was pulled and whether it was closed. */
function source(n: number, opts: { failAt?: number } = {}) {
  const state = { pulled: 0, closed: false };
  const gen = (async function* () {
    try {
      for (let i = 0; i < n; i++) {
        if (i === opts.failAt) throw new Error(`source failed at ${i}`);
        state.pulled = i + 1;
        yield i;
      }
    } finally {
      state.closed = true;
    }
  })();
  return { gen, state };
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('orderedMap', () => {
  it('yields results in input order even when later items finish first', async () => {
    const delays = [30, 1, 20, 0, 10, 5, 0, 25];
    const finished: number[] = [];
    const out = await collect(
      orderedMap(source(delays.length).gen, 4, async (i) => {
        await sleep(delays[i]!);
        finished.push(i);
        return i * 10;
      }),
    );
    expect(out).toEqual([0, 10, 20, 30, 40, 50, 60, 70]);
    expect(finished).not.toEqual([...finished].sort((a, b) => a - b)); // they really did finish out of order
  });

  it('keeps at most `limit` calls in flight, and does use the parallelism', async () => {
    for (const limit of [1, 3, 8]) {
      let active = 0;
      let peak = 0;
      await collect(
        orderedMap(source(20).gen, limit, async (i) => {
          peak = Math.max(peak, ++active);
          await sleep(i % 3);
          active--;
          return i;
        }),
      );
      expect(peak).toBe(limit);
    }
  });

  it('does not read the source far ahead of the consumer (bounded memory)', async () => {
    const { gen, state } = source(100);
    const it = orderedMap(gen, 3, async (i) => i)[Symbol.asyncIterator]();
    await it.next();
    expect(state.pulled).toBeLessThanOrEqual(4);
    await it.return?.(undefined);
    expect(state.closed).toBe(true);
  });

  it('stops at the first failure: earlier results are delivered, nothing far beyond is started, the source is closed', async () => {
    const { gen, state } = source(50);
    const started: number[] = [];
    const running = new Set<number>();
    const got: number[] = [];
    let caught: unknown;
    try {
      for await (const x of orderedMap(gen, 4, async (i) => {
        started.push(i);
        running.add(i);
        await sleep(i === 5 ? 1 : 15);
        running.delete(i);
        if (i === 5) throw new Error('page 5 is corrupt');
        return i;
      })) got.push(x);
    } catch (e) {
      caught = e;
    }
    expect((caught as Error).message).toBe('page 5 is corrupt');
    expect(got).toEqual([0, 1, 2, 3, 4]);
    expect(Math.max(...started)).toBeLessThan(5 + 4);
    expect(running.size).toBe(0); // every started call has settled before the error reaches the caller
    expect(state.closed).toBe(true);
    expect(state.pulled).toBeLessThan(50);
  });

  it('the earliest failing item wins even if a later one fails first', async () => {
    const err = await collect(
      orderedMap(source(6).gen, 6, async (i) => {
        await sleep(i === 1 ? 30 : 1);
        if (i === 1 || i === 4) throw new Error(`failed ${i}`);
        return i;
      }),
    ).catch((e: Error) => e);
    expect((err as Error).message).toBe('failed 1');
  });

  it('a synchronous throw is a failure like any other', async () => {
    const { gen, state } = source(10);
    const err = await collect(
      orderedMap(gen, 2, (i) => {
        if (i === 3) throw new Error('sync');
        return Promise.resolve(i);
      }),
    ).catch((e: Error) => e);
    expect((err as Error).message).toBe('sync');
    expect(state.closed).toBe(true);
  });

  it('a failing source stops the stream after the items it did give', async () => {
    const got: number[] = [];
    const err = await (async () => {
      for await (const x of orderedMap(source(10, { failAt: 4 }).gen, 2, async (i) => i)) got.push(x);
    })().catch((e: Error) => e);
    expect((err as Error).message).toBe('source failed at 4');
    expect(got.length).toBeLessThanOrEqual(4);
  });

  it('an empty source gives nothing and never calls the function', async () => {
    let calls = 0;
    expect(await collect(orderedMap(source(0).gen, 4, async (i) => (calls++, i)))).toEqual([]);
    expect(calls).toBe(0);
  });

  it('no unhandled rejection from items that fail while an earlier one is awaited', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      await collect(
        orderedMap(source(5).gen, 5, async (i) => {
          if (i > 0) throw new Error(`late ${i}`);
          await sleep(20);
          return i;
        }),
      ).catch(() => {});
      await sleep(10);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });

  it('yields each result as soon as it is ready, without waiting for the source to fill the window (live scanning)', async () => {
    const events: string[] = [];
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* scanner() {
      events.push('scanned 1');
      yield 1;
      await gate; // the feeder is slow: page 2 comes only after page 1 was processed
      events.push('scanned 2');
      yield 2;
    }
    for await (const r of orderedMap(scanner(), 4, async (n) => n * 10)) {
      events.push(`processed ${r}`);
      release();
    }
    expect(events).toEqual(['scanned 1', 'processed 10', 'scanned 2', 'processed 20']);
  });
});
