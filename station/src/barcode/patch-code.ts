/**
 * Kodak patch codes read from the image (Kodak A-61599): four black bars parallel to the leading edge,
 * wide W = 0.20″ or narrow N = 0.08″ (±0.01″), spaces 0.08″, bars at least 2″ long, a quiet zone
 * around. Read from the leading edge: Patch 1 WWNN, 2 WNNW, 3 WNWN, 4 NWWN, 6 NNWW, T NWNW.
 * A sheet fed upside down carries its pattern at the trailing edge, mirrored: it is read from that
 * edge (bottom up), in the direction the sheet was printed to be fed, so its Patch T stays Patch T and
 * is not taken for Patch 3. Pure function over a grayscale raster whose top is the leading edge.
 *
 * The side edges are read the same way, from the edge inwards (a sheet fed sideways, a page stored
 * turned).
 *
 * How: the page's ends (END_ZONE_IN each) are cut into vertical strips STRIP_IN wide (narrow enough
 * that a bar skewed by a few degrees stays a bar); in each strip, rows that are ink across the strip
 * (ROW_FULL of it) form runs; the runs after a quiet zone are read from the edge: exactly four bars,
 * each N or W, spaces of about N, then a quiet zone again. A pattern counts when the same code is read
 * in neighbouring strips, at about the same distance from the edge, over MIN_LENGTH_IN of the page.
 * What is not a patch: ruled lines (thinner than a narrow bar), a thick underline (one bar), a black
 * strip along the edge (no quiet zone before it), a barcode's bars (short, and more than four between
 * quiet zones), text (never ink across a whole strip).
 */
import type { GrayImage } from './zxing-reader.ts';

export type PatchCode = '1' | '2' | '3' | '4' | '6' | 'T';

export interface PatchRead {
  code: PatchCode;
  /**
   * Where the pattern was: at the leading edge (top), the trailing edge (a sheet fed upside down), or
   * a side edge, read from that edge inwards (a sheet fed sideways, or a page stored turned).
   */
  edge: 'leading' | 'trailing' | 'left' | 'right';
}

const PATTERNS: Record<string, PatchCode> = { WWNN: '1', WNNW: '2', WNWN: '3', NWWN: '4', NNWW: '6', NWNW: 'T' };

const END_ZONE_IN = 4;
const STRIP_IN = 0.3;
const ROW_FULL = 0.85;
const MIN_LENGTH_IN = 1.8;
/** Bar and space widths accepted (inches), generous for skew across a strip, blur and toner. */
const NARROW = [0.05, 0.125] as const;
const WIDE = [0.15, 0.27] as const;
const SPACE = [0.04, 0.13] as const;
const QUIET_IN = 0.2;
const FADED_INK = 50;
/** Neighbouring strips agree when their patterns start this close (inches). */
const ALIGN_IN = 0.12;

/** The patch code on the page, if any. `dpi` is the raster's resolution. */
export function readPatchCode(img: GrayImage, dpi: number): PatchRead | null {
  const threshold = inkThreshold(img);
  if (threshold === null) return null;
  const { width: w, height: h } = img;
  // each edge: where its first pixel is, the step away from the edge and the step along it
  const edges: [PatchRead['edge'], Walk][] = [
    ['leading', { origin: 0, stepIn: w, stepAlong: 1, depth: h, length: w }],
    ['trailing', { origin: (h - 1) * w, stepIn: -w, stepAlong: 1, depth: h, length: w }],
    ['left', { origin: 0, stepIn: 1, stepAlong: w, depth: w, length: h }],
    ['right', { origin: w - 1, stepIn: -1, stepAlong: w, depth: w, length: h }],
  ];
  for (const [edge, walk] of edges) {
    const code = readEdge(img.data, walk, dpi, threshold);
    if (code) return { code, edge };
  }
  return null;
}

interface Walk {
  origin: number;
  stepIn: number;
  stepAlong: number;
  /** Pixels from this edge to the opposite one, and along the edge. */
  depth: number;
  length: number;
}

/** Ink is FADED_INK darker than the paper (sampled); null on a page without contrast. */
function inkThreshold(img: GrayImage): number | null {
  const hist = new Uint32Array(256);
  let n = 0;
  for (let i = 0; i < img.data.length; i += 7) {
    hist[img.data[i]!]!++;
    n++;
  }
  const level = (share: number) => {
    let acc = 0;
    for (let v = 0; v < 256; v++) if ((acc += hist[v]!) >= n * share) return v;
    return 255;
  };
  const paper = level(0.9);
  const ink = level(0.01);
  // faded toner is still ink: what is clearly darker than the paper, not halfway to the blackest print
  return paper - ink < 60 ? null : paper - FADED_INK;
}

function readEdge(data: Uint8Array, walk: Walk, dpi: number, threshold: number): PatchCode | null {
  const zone = Math.min(Math.floor(walk.depth / 2), Math.round(END_ZONE_IN * dpi));
  const strip = Math.max(4, Math.round(STRIP_IN * dpi));
  // a line across a strip is «full» with at most this many light pixels: most lines stop after a few
  const maxLight = strip - Math.ceil(ROW_FULL * strip);
  const reads: ({ code: PatchCode; at: number } | null)[] = [];
  const full = new Uint8Array(zone);
  for (let j0 = 0; j0 + strip <= walk.length; j0 += strip) {
    for (let i = 0; i < zone; i++) {
      let light = 0;
      for (let p = walk.origin + i * walk.stepIn + j0 * walk.stepAlong, k = 0; k < strip; k++, p += walk.stepAlong) {
        if (data[p]! >= threshold && ++light > maxLight) break;
      }
      full[i] = light <= maxLight ? 1 : 0;
    }
    reads.push(readStrip(full, dpi));
  }
  // the same code in neighbouring strips, at about the same distance from the edge, long enough
  const need = Math.ceil((MIN_LENGTH_IN * dpi) / strip);
  for (let i = 0; i < reads.length; i++) {
    let j = i;
    while (j + 1 < reads.length && reads[i] && reads[j + 1] && reads[j + 1]!.code === reads[i]!.code && Math.abs(reads[j + 1]!.at - reads[j]!.at) <= ALIGN_IN * dpi) j++;
    if (reads[i] && j - i + 1 >= need) return reads[i]!.code;
    i = j;
  }
  return null;
}

/** Runs of full rows read from the edge: a quiet zone, four bars N/W with spaces of about N, a quiet zone. */
function readStrip(full: Uint8Array, dpi: number): { code: PatchCode; at: number } | null {
  const runs: { ink: boolean; start: number; length: number }[] = [];
  for (let i = 0; i < full.length; ) {
    let j = i;
    while (j < full.length && full[j] === full[i]) j++;
    runs.push({ ink: full[i] === 1, start: i, length: j - i });
    i = j;
  }
  const inch = (px: number) => px / dpi;
  const within = (v: number, [lo, hi]: readonly [number, number]) => v >= lo && v <= hi;
  for (let k = 1; k + 6 < runs.length; k++) {
    const before = runs[k - 1];
    if (!runs[k]!.ink || !before || inch(before.length) < QUIET_IN) continue;
    const bars = [runs[k]!, runs[k + 2], runs[k + 4], runs[k + 6]];
    const spaces = [runs[k + 1], runs[k + 3], runs[k + 5]];
    const after = runs[k + 7];
    if (bars.some((b) => !b) || spaces.some((s) => !s || !within(inch(s.length), SPACE))) continue;
    if (after && after.start + after.length < full.length && inch(after.length) < QUIET_IN) continue;
    if (!after && inch(full.length - (bars[3]!.start + bars[3]!.length)) < QUIET_IN) continue;
    let pattern = '';
    for (const b of bars) {
      const w = inch(b!.length);
      if (within(w, NARROW)) pattern += 'N';
      else if (within(w, WIDE)) pattern += 'W';
      else break;
    }
    const code = PATTERNS[pattern];
    if (code) return { code, at: runs[k]!.start };
  }
  return null;
}
