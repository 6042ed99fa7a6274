/**
 * Runs an async function over a stream with at most `limit` calls in flight and yields the
 * results in input order. Memory stays bounded by `limit`; the first failure stops the stream.
 */
export async function* orderedMap<T, R>(source: AsyncIterable<T>, limit: number, fn: (item: T) => Promise<R>): AsyncGenerator<R> {
  const inFlight: Promise<R>[] = [];
  const it = source[Symbol.asyncIterator]();
  let done = false;
  try {
    for (;;) {
      while (!done && inFlight.length < limit) {
        const next = await it.next();
        if (next.done) {
          done = true;
          break;
        }
        const p = fn(next.value);
        p.catch(() => {}); // observed below, in order; avoid an unhandled rejection meanwhile
        inFlight.push(p);
      }
      const head = inFlight.shift();
      if (!head) return;
      yield await head;
    }
  } finally {
    await Promise.allSettled(inFlight);
    if (!done) await it.return?.();
  }
}
