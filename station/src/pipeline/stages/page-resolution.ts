/**
 * The resolution a page is shown at, so that the PDF page has the size of the sheet that was
 * scanned: what the file states, else what the scanner said, else a guess that never stretches an
 * image to a paper it does not fit.
 */

const COMMON_DPI = [100, 150, 200, 240, 300, 400, 600];
/** Paper sizes (mm, short side first) a scan without a stated resolution is recognised by: A4, A5, A3, Letter, Legal. */
const PAPERS_MM: readonly [number, number][] = [[210, 297], [148, 210], [297, 420], [215.9, 279.4], [215.9, 355.6]];
/** How close the image's proportions must be to a paper's for its size to be assumed. */
const PAPER_SLACK = 0.015;
/** Resolution assumed for an image that states none and has the proportions of no paper. */
const FALLBACK_DPI = 300;
/** Largest page (mm, long side) the fallback may make: larger images are taken at a higher resolution. */
const FALLBACK_MAX_MM = 420;

/**
 * Resolution of an image that does not state one (and whose scanner did not say either): the
 * configured `assumedDpi`, else the paper the image has the proportions of (an A4 scan at any
 * resolution), else a common office resolution. Never a paper size the image does not fit: a
 * 80 × 100 mm scan is not stretched to A4 width.
 */
export function guessDpi(width: number, height: number, assumed: number): number {
  if (assumed > 0) return assumed;
  const short = Math.min(width, height);
  const long = Math.max(width, height);
  for (const [pw, ph] of PAPERS_MM) {
    const byShort = short / (pw / 25.4);
    const byLong = long / (ph / 25.4);
    if (Math.abs(byShort - byLong) / byLong > PAPER_SLACK) continue;
    const est = (byShort + byLong) / 2;
    const near = COMMON_DPI.find((d) => Math.abs(d - est) / d < 0.03);
    return near ?? Math.max(50, Math.round(est));
  }
  const fits = COMMON_DPI.find((d) => d >= FALLBACK_DPI && (long / d) * 25.4 <= FALLBACK_MAX_MM);
  return fits ?? Math.ceil((long * 25.4) / FALLBACK_MAX_MM);
}

/** The resolution a page is shown at: what the file states, else what the scanner said, else a guess. */
export function resolution(stated: number | undefined, scanner: number | undefined, width: number, height: number, assumedDpi: number): number {
  return plausibleDpi(stated) ?? plausibleDpi(scanner) ?? guessDpi(width, height, assumedDpi);
}

/** A stated resolution worth believing (50–2400 dpi), else null. */
export function plausibleDpi(d: number | undefined): number | null {
  return d !== undefined && Number.isFinite(d) && d >= 50 && d <= 2400 ? d : null;
}
