/**
 * The limit a split is measured against: the fastest route to the pixels of a page's preview, in
 * the same run and at the same concurrency — of sharp's resize to the preview's scale, libjpeg's own
 * DCT scaling to it (the file decoded as `page.jpg[shrink=N]`, what the station does for a JPEG file:
 * `station/src/pipeline/stages/jpeg-readers.ts`) and the full decode. They are not always in the order
 * one expects: sharp 0.35 (src/pipeline.cc) takes libjpeg's shrink-on-load N (8, 4 or 2) inside a resize
 * only when the shrink is ≥ N, and halves N when int(shrink) == N («known libjpeg rounding errors»);
 * libvips reduces the rest. So its 1/2 has no shrink-on-load at all (a full decode, then a reduce by 2:
 * slower than the full decode alone), 1/4 is shrink-on-load 2 and a reduce by 2; the DCT route at 1/N
 * is libjpeg's scaling alone, nothing reduced after (1 Dec 2026, one thread, colour 200 dpi: 8.5 CPU ms a
 * page where the resize to 1/2 takes 14.3 and the full decode 12.3).
 */

/** What `decode-child.ts` prints: per route (`1` the full decode, `2` sharp's resize to 1/2, `dct2` the DCT-scaled file), wall and CPU ms for all the pages. */
export interface DecodeFigures { pages: number; scales: Record<string, { ms: number; cpuMs: number; megapixels?: number }>; peakRssMb: number }

export interface RouteFigures { pagesPerSecond: number; cpuMsPerPage: number }

export type LimitRoute = 'resize' | 'dct' | 'full';

export interface DecodeLimit {
  /** The route taken as the limit: resize or DCT scaling to the preview's scale, or the full decode (always, when the preview is the full scale). */
  route: LimitRoute;
  previewScale: number;
  pagesPerSecond: number;
  /** CPU ms a page (every thread) of the route taken. */
  cpuMsPerPage: number;
  /** Every candidate's figures; null when it was not measured (`dct` and `full` are null when the preview is the full scale). */
  preview: RouteFigures;
  dct: RouteFigures | null;
  full: RouteFigures | null;
}

/** The routes decode-child measures for a preview at 1/`previewScale`: its resize and DCT scaling, beside 1/8 and 1/4 both ways, and the full decode. */
export function limitRoutes(previewScale: number): string[] {
  const scales = [...new Set([8, 4, previewScale])].filter((s) => s > 1);
  return [...scales.map(String), ...scales.map((s) => `dct${s}`), '1'];
}

/** «full», «1/4», «1/4 DCT»: a decode-child route's name for the bench's rows. */
export function routeName(key: string): string {
  if (key === '1') return 'full';
  return key.startsWith('dct') ? `1/${key.slice(3)} DCT` : `1/${key}`;
}

/** Pages/s and CPU ms a page of one route, or null when it was not measured. */
function routeFigures(d: DecodeFigures, key: string): RouteFigures | null {
  const s = d.scales[key];
  return s ? { pagesPerSecond: (d.pages * 1000) / s.ms, cpuMsPerPage: s.cpuMs / d.pages } : null;
}

/** The fastest of the resize to the preview's scale, the DCT scaling to it and the full decode (in that order on a tie). */
export function chooseLimit(d: DecodeFigures, previewScale: number): DecodeLimit {
  const preview = routeFigures(d, String(previewScale));
  if (!preview) throw new Error(`decode figures lack the preview's scale 1/${previewScale}`);
  const dct = previewScale === 1 ? null : routeFigures(d, `dct${previewScale}`);
  const full = previewScale === 1 ? null : routeFigures(d, '1');
  let route: LimitRoute = previewScale === 1 ? 'full' : 'resize';
  let taken = preview;
  for (const [r, f] of [['dct', dct], ['full', full]] as const) {
    if (f && f.pagesPerSecond > taken.pagesPerSecond) [route, taken] = [r, f];
  }
  return { route, previewScale, ...taken, preview, dct, full };
}

/** «1/2 DCT (fastest of 1/2 resize, 1/2 DCT, full decode)», for the bench's rows. */
export function limitRoute(l: DecodeLimit): string {
  const n = l.previewScale;
  if (n === 1) return 'full decode';
  const name = { resize: `1/${n} resize`, dct: `1/${n} DCT`, full: 'full decode' };
  const measured = (['resize', 'dct', 'full'] as const).filter((r) => r === 'resize' || l[r] !== null);
  return measured.length === 1 ? name[l.route] : `${name[l.route]} (fastest of ${measured.map((r) => name[r]).join(', ')})`;
}
