/**
 * Does a page carry colour that means something (a stamp, a coloured logo, a blue signature,
 * highlighter), or only scanner noise and the tint of its paper? Pure function over the page's
 * reduced-scale RGB preview, no I/O.
 *
 * 1. The paper: the page's bright tenth (its 90th luma percentile ± 12) gives the paper's colour,
 *    channel by channel (pink, yellow and recycled beige paper alike); the darkest ink gives the black.
 * 2. Each channel is stretched between that black and that paper, so the paper is white and any
 *    mix of paper and neutral ink (text, its blurred edges, a gray photocopy) is neutral again.
 * 3. The page is cut into cells of about 0.5 mm whose colour is averaged, then each cell's colour is
 *    averaged with its 8 neighbours (as a colour, not as a chroma): random sensor noise, JPEG chroma
 *    noise and the opposite colour fringes the scanner's red/green/blue mis-registration leaves on
 *    both sides of a black stroke cancel out; ink that is really coloured does not.
 * 4. Chroma in CIELAB (the paper as white) of each cell; cells above `chroma` form clusters
 *    (8-connected); a cluster counts when it is at least `minClusterMm2` large and one of its cells
 *    reaches `peakChroma` (isolated coloured fibres and specks do not). The page is colour when the
 *    clusters that count cover `minAreaMm2` or more.
 *
 * Cost: one tight pass over the preview finds the few cells whose colour may reach `chroma`
 * (`colour-screen.ts`: every cell's 3 × 3 colour in exact arithmetic, bounds that allow for the
 * float32 roundings of the exact figures); only those cells get the exact figures (`colour-cells.ts`),
 * so every cluster is found, however thin its ink, with the whole-page computation's figures.
 */

import { CellChroma, CellScratch, registrations } from './colour-cells.ts';
import { mayBeChromatic } from './colour-screen.ts';
import { colourPasses, type ColourPasses } from './colour-passes.ts';
import { sharingPreviews } from './raster-hold.ts';

export interface RgbRaster {
  /** 3 bytes a pixel (R, G, B), rows top to bottom. */
  data: Uint8Array;
  width: number;
  height: number;
}

export interface ColourSettings {
  /** A cell is chromatic from this CIELAB chroma (relative to the paper) up. */
  chroma: number;
  /** A cluster counts only when one of its cells is at least this chromatic. */
  peakChroma: number;
  /** Clusters smaller than this (mm²) are noise: a coloured fibre, a speck. */
  minClusterMm2: number;
  /** A page is colour when the clusters that count cover at least this much (mm²). */
  minAreaMm2: number;
  /** Fraction of each edge left out (the scanner's backing, shadows along the sheet's edge). */
  margin: number;
}

export const DEFAULT_COLOUR_SETTINGS: ColourSettings = {
  chroma: 6,
  peakChroma: 13,
  minClusterMm2: 1.5,
  minAreaMm2: 10,
  margin: 0.015,
};

export interface ColourMeasure {
  colour: boolean;
  /** mm² of the page covered by the colour clusters that count. */
  areaMm2: number;
  /** The strongest chroma of a cell in a cluster large enough to count (counting or not: how close a gray page came). */
  peakChroma: number;
  /** The paper as estimated, sRGB 0–255. */
  paper: [number, number, number];
}

const CELL_MM = 0.6;

// kept from page to page: the cells' figures worked out, and each cell's state (0: below `chroma`
// for sure, OPEN: may reach it, SEEN: in a cluster), cleared after use where the page set it
const scratch = new CellScratch();
let flags = new Uint8Array(0);
/** The cells of the cluster being grown still to look around (kept from page to page). */
let stack = new Int32Array(0);
const OPEN = 1, SEEN = 2;

function percentile(hist: Uint32Array, total: number, p: number): number {
  let acc = 0;
  for (let i = 0; i < hist.length; i++) {
    acc += hist[i]!;
    if (acc >= total * p) return i;
  }
  return hist.length - 1;
}

/** The paper's colour and the ink's black level (luma), from the inner part of the page (`passes`: its preview in the kernel). */
function paperAndBlack(passes: ColourPasses, x0: number, y0: number, x1: number, y1: number): { paper: [number, number, number]; black: Float64Array } {
  // every other row and column: the paper is most of the page, a quarter of it is plenty; each
  // channel's values counted by luma in the same pass (joint[c · 65536 + luma · 256 + value]), for
  // the paper's histograms below
  const n = Math.ceil((x1 - x0) / 2);
  const total = Math.ceil((y1 - y0) / 2) * n;
  const { luma, joint } = passes.count(x0, y0, y1, n);
  try {
    const level = percentile(luma, total, 0.9);
    const black = Math.min(60, percentile(luma, total, 0.005));
    // each channel's histogram over the pixels whose luma is within 12 of the paper's level
    const hist = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
    let inRange = 0;
    for (let l = Math.max(0, level - 12); l <= Math.min(255, level + 12); l++) {
      inRange += luma[l]!;
      for (let c = 0; c < 3; c++) addTo(hist[c]!, joint, (c << 16) | (l << 8));
    }
    // (a literal of three small integers: `map`'s result array is not always of the same kind)
    const paperOf = (h: Uint32Array) => Math.max(black + 40, percentile(h, inRange, 0.5));
    const paper: [number, number, number] = [paperOf(hist[0]!), paperOf(hist[1]!), paperOf(hist[2]!)];
    // ink darkens the paper under it by the same factor in every channel (it absorbs what the paper
    // reflects), so the black of this paper is the paper's colour scaled down, never the colour of
    // whatever is darkest on the page (a dark blue logo stays blue)
    const paperLuma = (paper[0] * 77 + paper[1] * 150 + paper[2] * 29) / 256;
    // a Float64Array, not an array: on neutral paper these are whole numbers (small integers in
    // an array), on tinted paper fractions, and an array switching between the two from page to
    // page makes every optimised reader of it deoptimise (wrong map)
    const ink = new Float64Array(3);
    for (let c = 0; c < 3; c++) ink[c] = (paper[c]! * black) / paperLuma;
    return { paper, black: ink };
  } finally {
    passes.clearCounts();
  }
}

/** 256 counts from `from` on added to `h`. */
function addTo(h: Uint32Array, counts: Uint32Array, from: number): void {
  for (let v = 0; v < 256; v++) h[v] = h[v]! + counts[from + v]!;
}

/** What `grow` found of the cluster it grew: [cells, strongest chroma]; what `clusters` found: [area mm², peak]. */
const grown = new Float64Array(2), found = new Float64Array(2);

/**
 * Grows the cluster of `start` (flagged SEEN, at least `least`) over the OPEN cells at least
 * `least` around it, flagging them SEEN: its cells and strongest chroma in `grown`. (A function of
 * its own, not a loop inside `clusters`: a long first cluster has `clusters` optimised on the stack
 * before its code after the loop ever ran, and that code, without feedback, deoptimised on every
 * later page.)
 */
function grow(start: number, chroma: CellChroma, cw: number, ch: number, least: number): void {
  const f = flags;
  // (a cell is pushed once, when flagged SEEN: the stack never holds more than the open cells)
  stack[0] = start;
  let depth = 1;
  let cells = 0;
  let top = 0;
  while (depth > 0) {
    const c = stack[--depth]!;
    cells++;
    const v = chroma.at(c);
    if (v > top) top = v;
    const cx = c % cw;
    const cy = (c - cx) / cw;
    const xa = cx > 0 ? -1 : 0, xb = cx < cw - 1 ? 1 : 0;
    for (let yy = cy > 0 ? cy - 1 : cy, ye = cy < ch - 1 ? cy + 1 : cy; yy <= ye; yy++) {
      for (let k = yy * cw + cx + xa, ke = yy * cw + cx + xb; k <= ke; k++) {
        if (f[k] !== OPEN || chroma.at(k) < least) continue;
        f[k] = SEEN;
        stack[depth++] = k;
      }
    }
  }
  grown[0] = cells;
  grown[1] = top;
}

/**
 * Clusters of chromatic cells (8-connected), each grown from its first cell in raster order, as a
 * whole-page scan finds them; a cell not `open` (flagged OPEN) is below `chroma`. The area (mm²) of
 * the clusters that count and the strongest chroma of a cluster large enough to count, in `found`
 * (a typed array, not an object literal made after the loop: see `grow`).
 */
function clusters(open: readonly number[], chroma: CellChroma, cw: number, ch: number, cellMm2: number, s: ColourSettings): void {
  const f = flags, least = s.chroma, minCluster = s.minClusterMm2, peakLeast = s.peakChroma;
  if (stack.length < open.length) stack = new Int32Array(open.length);
  let area = 0;
  let peak = 0;
  for (let j = 0; j < open.length; j++) {
    const start = open[j]!;
    if (f[start] === SEEN || chroma.at(start) < least) continue;
    f[start] = SEEN;
    grow(start, chroma, cw, ch, least);
    const cells = grown[0]!, top = grown[1]!;
    if (cells * cellMm2 < minCluster) continue;
    peak = Math.max(peak, top);
    if (top >= peakLeast) area += cells * cellMm2;
  }
  found[0] = area;
  found[1] = peak;
}

/** How much colour the page carries beyond its paper and the scanner's noise; `pxPerMm`: the raster's pixels per millimetre. */
export function measureColour(img: RgbRaster, pxPerMm: number, s: ColourSettings = DEFAULT_COLOUR_SETTINGS): ColourMeasure {
  // the passes and the screen read one copy of the preview (`preview-memory.ts`)
  return sharingPreviews(() => measureHeld(img, pxPerMm, s));
}

function measureHeld(img: RgbRaster, pxPerMm: number, s: ColourSettings): ColourMeasure {
  const { data, width, height } = img;
  const x0 = Math.floor(width * s.margin);
  const y0 = Math.floor(height * s.margin);
  const x1 = Math.max(x0 + 1, width - x0);
  const y1 = Math.max(y0 + 1, height - y0);
  if (width < 1 || height < 1 || data.length < width * height * 3) return { colour: false, areaMm2: 0, peakChroma: 0, paper: [255, 255, 255] };
  const passes = colourPasses(img);
  const { paper, black } = paperAndBlack(passes, x0, y0, x1, y1);

  // each channel stretched between black and paper
  // (a Float64Array as `black` is: one numeric kind on every page, see `paperAndBlack`)
  const scale = new Float64Array(3);
  for (let c = 0; c < 3; c++) scale[c] = 1 / (paper[c]! - black[c]!);
  // cells of ~0.5 mm (2 pixels kept clear of the raster's edges for the gradients and the moved reads)
  const rx0 = Math.max(x0, 2), ry0 = Math.max(y0, 2), rx1 = Math.min(x1, width - 2), ry1 = Math.min(y1, height - 2);
  const cell = Math.max(1, Math.ceil(pxPerMm * CELL_MM));
  // no whole cell: every cell is the black, nothing is chromatic
  if (rx1 - rx0 < cell || ry1 - ry0 < cell) return { colour: false, areaMm2: 0, peakChroma: 0, paper };
  const grid = { x0: rx0, y0: ry0, x1: rx1, y1: ry1, cell, cw: Math.floor((rx1 - rx0) / cell), ch: Math.floor((ry1 - ry0) / cell) };
  const { cw, ch } = grid;
  const shifts = registrations(img, rx0, ry0, rx1, ry1, black, scale, passes);
  const chroma = new CellChroma(img, grid, black, scale, shifts, scratch, passes);
  // the cells that may reach `chroma` (raster order); only those get exact figures
  const n = cw * ch;
  const open = mayBeChromatic(img, grid, black, scale, shifts[0], shifts[1], s.chroma);
  if (flags.length < n) flags = new Uint8Array(n);
  for (let j = 0; j < open.length; j++) flags[open[j]!] = OPEN;
  let area = 0, peak = 0;
  try { // the flags are kept from page to page: cleared whatever happens
    // every open cell's chroma is needed (each one starts a cluster or joins one): all in one kernel call
    chroma.prepare(open);
    clusters(open, chroma, cw, ch, (cell / pxPerMm) ** 2, s);
    area = found[0]!;
    peak = found[1]!;
  } finally {
    for (let j = 0; j < open.length; j++) flags[open[j]!] = 0;
  }
  return { colour: area >= s.minAreaMm2, areaMm2: Math.round(area * 10) / 10, peakChroma: Math.round(peak * 10) / 10, paper };
}
