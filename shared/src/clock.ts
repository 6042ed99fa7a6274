/**
 * Time as the product reads it, behind one small seam: code that waits for a period (a timeout, a
 * grace period, a quiet or idle period) takes a Clock, so tests drive those periods step by step
 * instead of racing the wall clock on a loaded machine. `systemClock` is the real one.
 */
export interface Clock {
  /** Milliseconds on a monotonic scale (only differences mean anything). */
  now(): number;
  /** Calls `fn` once, `ms` from now; the returned function cancels it. */
  after(ms: number, fn: () => void): () => void;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  after(ms, fn) {
    const timer = setTimeout(fn, ms);
    return () => clearTimeout(timer);
  },
};
