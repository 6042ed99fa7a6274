/**
 * Bounds the memory of the whole page pipeline, not of one page: every page in flight (decoded,
 * checked for blankness, read for barcodes) holds a share of one budget of decoded samples, so that
 * a few huge pages wait for each other instead of being decoded side by side. Pages are let in
 * strictly in arrival order (a big page is never starved by small ones behind it).
 */

/** Pixels one page may have; above this a page is refused, unread (an A3 sheet at 600 dpi has 70 million, A4 at 300 dpi 8.7). */
export const MAX_PAGE_PIXELS = 100_000_000;
/** Decoded samples (pixels × channels) all pages in flight may hold together: the largest colour page alone, or many ordinary ones. */
export const PIPELINE_SAMPLES = 3 * MAX_PAGE_PIXELS;

export class PixelBudget {
  private used = 0;
  private readonly waiting: { cost: number; go: () => void }[] = [];

  constructor(readonly total: number = PIPELINE_SAMPLES) {}

  /** Samples currently held (for tests and logs). */
  get inUse(): number {
    return this.used;
  }

  /** Runs `fn` once `cost` samples are free (a cost above the total runs alone), then gives them back. */
  async run<T>(cost: number, fn: () => Promise<T>): Promise<T> {
    const c = Math.min(Math.max(0, cost), this.total);
    if (this.waiting.length > 0 || this.used + c > this.total) await new Promise<void>((go) => this.waiting.push({ cost: c, go }));
    else this.used += c;
    try {
      return await fn();
    } finally {
      this.used -= c;
      this.wake();
    }
  }

  private wake(): void {
    while (this.waiting.length > 0 && this.used + this.waiting[0]!.cost <= this.total) {
      const next = this.waiting.shift()!;
      this.used += next.cost;
      next.go();
    }
  }
}
