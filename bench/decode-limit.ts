/**
 * The limit a split is measured against: the fastest route sharp gives to the pixels of a page's
 * preview, in the same run and at the same concurrency — the decode at the preview's scale or the
 * full decode, whichever is faster. They are not always in that order: sharp 0.35 (src/pipeline.cc)
 * takes libjpeg's shrink-on-load N (8, 4 or 2) only when the resize's shrink is ≥ N, and halves N
 * when int(shrink) == N («known libjpeg rounding errors»); libvips reduces the rest. So 1/2 has no
 * shrink-on-load at all (a full decode, then a reduce by 2: slower than the full decode alone), 1/4 is
 * shrink-on-load 2 and a reduce by 2, 1/8 shrink-on-load 4 and a reduce by 2.
 */

/** What `decode-child.ts` prints: per scale (1 = full decode), wall and CPU ms for all the pages. */
export interface DecodeFigures { pages: number; scales: Record<string, { ms: number; cpuMs: number; megapixels?: number }>; peakRssMb: number }

export interface DecodeLimit {
  /** The route taken as the limit: the preview's scale (2 = 1/2), or 1 for the full decode. */
  route: number;
  previewScale: number;
  pagesPerSecond: number;
  /** CPU ms a page (every thread) of the route taken. */
  cpuMsPerPage: number;
  /** Both candidates' figures; `full` is null when the full decode was not measured. */
  preview: { pagesPerSecond: number; cpuMsPerPage: number };
  full: { pagesPerSecond: number; cpuMsPerPage: number } | null;
}

/** Pages/s and CPU ms a page at one scale, or null when that scale was not measured. */
function routeFigures(d: DecodeFigures, scale: number): { pagesPerSecond: number; cpuMsPerPage: number } | null {
  const s = d.scales[String(scale)];
  return s ? { pagesPerSecond: (d.pages * 1000) / s.ms, cpuMsPerPage: s.cpuMs / d.pages } : null;
}

/** The faster of the preview's scale and the full decode (the preview's route on a tie). */
export function chooseLimit(d: DecodeFigures, previewScale: number): DecodeLimit {
  const preview = routeFigures(d, previewScale);
  if (!preview) throw new Error(`decode figures lack the preview's scale 1/${previewScale}`);
  const full = previewScale === 1 ? preview : routeFigures(d, 1);
  const taken = full && full.pagesPerSecond > preview.pagesPerSecond ? full : preview;
  return { route: taken === preview ? previewScale : 1, previewScale, ...taken, preview, full };
}

/** «full decode (faster than 1/2)» or «1/4 (faster than full decode)», for the bench's rows. */
export function limitRoute(l: DecodeLimit): string {
  if (l.previewScale === 1) return 'full decode';
  if (l.route === 1) return `full decode (faster than 1/${l.previewScale})`;
  return l.full ? `1/${l.previewScale} (faster than full decode)` : `1/${l.previewScale}`;
}
