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
import { sharingPreview } from './preview-memory.ts';

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
function paperAndBlack(passes: ColourPasses, x0: number, y0: number, x1: number, y1: number): { paper: [number, number, number]; black: [number, number, number] } {
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
    const paper = hist.map((h) => Math.max(black + 40, percentile(h, inRange, 0.5))) as [number, number, number];
    // ink darkens the paper under it by the same factor in every channel (it absorbs what the paper
    // reflects), so the black of this paper is the paper's colour scaled down, never the colour of
    // whatever is darkest on the page (a dark blue logo stays blue)
    const paperLuma = (paper[0] * 77 + paper[1] * 150 + paper[2] * 29) / 256;
    return { paper, black: paper.map((p) => (p * black) / paperLuma) as [number, number, number] };
  } finally {
    passes.clearCounts();
  }
}

/** 256 counts from `from` on added to `h`. */
function addTo(h: Uint32Array, counts: Uint32Array, from: number): void {
  for (let v = 0; v < 256; v++) h[v] = h[v]! + counts[from + v]!;
}

/**
 * Clusters of chromatic cells (8-connected), each grown from its first cell in raster order, as a
 * whole-page scan finds them; a cell not `open` (flagged OPEN) is below `chroma`. The area (mm²) of
 * the clusters that count and the strongest chroma of a cluster large enough to count.
 */
function clusters(open: readonly number[], chroma: CellChroma, cw: number, ch: number, cellMm2: number, s: ColourSettings): { area: number; peak: number } {
  const f = flags, least = s.chroma;
  if (stack.length < open.length) stack = new Int32Array(open.length);
  let area = 0;
  let peak = 0;
  for (let j = 0; j < open.length; j++) {
    const start = open[j]!;
    if (f[start] === SEEN || chroma.at(start) < least) continue;
    f[start] = SEEN;
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
    if (cells * cellMm2 < s.minClusterMm2) continue;
    peak = Math.max(peak, top);
    if (top >= s.peakChroma) area += cells * cellMm2;
  }
  return { area, peak };
}

/** How much colour the page carries beyond its paper and the scanner's noise; `pxPerMm`: the raster's pixels per millimetre. */
export function measureColour(img: RgbRaster, pxPerMm: number, s: ColourSettings = DEFAULT_COLOUR_SETTINGS): ColourMeasure {
  // the passes and the screen read one copy of the preview (`preview-memory.ts`)
  return sharingPreview(() => measureHeld(img, pxPerMm, s));
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
  const scale = [1 / (paper[0] - black[0]), 1 / (paper[1] - black[1]), 1 / (paper[2] - black[2])];
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
  // every open cell's chroma is needed (each one starts a cluster or joins one): all in one kernel call
  chroma.prepare(open);

  let area = 0, peak = 0;
  try { // the flags are kept from page to page: cleared whatever happens
    ({ area, peak } = clusters(open, chroma, cw, ch, (cell / pxPerMm) ** 2, s));
  } finally {
    for (let j = 0; j < open.length; j++) flags[open[j]!] = 0;
  }
  return { colour: area >= s.minAreaMm2, areaMm2: Math.round(area * 10) / 10, peakChroma: Math.round(peak * 10) / 10, paper };
}
