/**
 * Runs an async function over a stream with at most `limit` calls in flight and yields the
 * results in input order. The source is read as soon as there is room, independently of the
 * consumer, so a slow source (a scanner) never waits for `limit` items before the first result
 * comes out. Memory stays bounded by `limit`; the first failure stops the stream.
 */
export async function* orderedMap<T, R>(source: AsyncIterable<T>, limit: number, fn: (item: T) => Promise<R>): AsyncGenerator<R> {
  const inFlight: Promise<R>[] = [];
  const it = source[Symbol.asyncIterator]();
  let done = false;
  let failure: { error: unknown } | undefined;
  let pulling: Promise<void> | undefined;

  const pull = (): void => {
    if (pulling || done || failure || inFlight.length >= limit) return;
    pulling = it.next().then(
      (next) => {
        pulling = undefined;
        if (next.done) {
          done = true;
          return;
        }
        let p: Promise<R>;
        try {
          p = fn(next.value);
        } catch (error) {
          p = Promise.reject(error);
        }
        p.catch(() => {}); // observed below, in order; avoid an unhandled rejection meanwhile
        inFlight.push(p);
        pull();
      },
      (error: unknown) => {
        pulling = undefined;
        failure = { error };
      },
    );
  };

  try {
    for (;;) {
      pull();
      const head = inFlight[0];
      if (!head) {
        if (failure) throw failure.error;
        if (done) return;
        await pulling;
        continue;
      }
      const result = await head;
      inFlight.shift();
      pull();
      yield result;
    }
  } finally {
    await Promise.allSettled(inFlight);
    if (!done && !failure) {
      // a read still pending settles first; the source's own cleanup then runs
      if (pulling) void pulling.then(() => it.return?.()).catch(() => {});
      else await it.return?.();
    }
  }
}
