/**
 * Where a 2D symbol lies on a page full of text even when its ink touches the text's: a QR code or
 * Data Matrix set in the lines with under ~1.5 mm of clear paper joins them into one blob of inked
 * cells, so it is no patch shaped like a symbol (`dense-patch.ts`). Its ink is far heavier than the
 * text's, though: about half its area is dark modules, where body text is thin strokes with paper
 * between them and even a bold heading is lighter. Over windows of CORE_MM (the cells of
 * `findDensePatches`, summed sliding along: a fraction of a millisecond a preview), a window
 * is *hot* when its mean darkness reaches CORE_MEAN of its own darkest cell (a faint label's too) and it is not solid
 * ink (a filled logo, a black box). The cells hot windows cover join into regions, regions less than a
 * window apart into one (a symbol's light patches break its cover); one shaped like a symbol (up to 40 mm,
 * sides up to 1:4: a rectangular Data Matrix) whose pixels change both ways as modules do
 * (SYMBOL_CHANGE) is a core. Measured on 5 mm windows of the bench's dense letter
 * (100 and 75 dpi previews): a QR code or Data Matrix with 0.8 mm modules 0.50–0.68, the bold title
 * 0.39–0.43 (and far wider than high), body text lower. Pure.
 */
import './box-shapes.ts';
import type { CellGrid, PatchBox } from './dense-patch.ts';
import { hotWindows } from './hot-windows.ts';
import type { GrayImage } from './zxing-reader.ts';

/** Side of a window (mm): a symbol this small still holds one. */
const CORE_MM = 5;
/** Mean darkness of a hot window, as a share of its own darkest cell's (at least FAINT_INK): a faint label's ink, not the text's. */
const CORE_MEAN = 0.46;
/**
 * The faintest ink a symbol is printed in (gray levels below the paper; a cell's inked level in
 * `dense-patch.ts`): a light gray label set in black text is measured against its own ink, not the text's.
 */
const FAINT_INK = 60;
/** A window this full relative to its cells' own darkest pixels is solid ink, not modules with paper between them. */
const SOLID = 0.9;
const MAX_MM = 40;
/**
 * How many times a row or a column across a box turns between ink and paper, on average, whichever
 * way fewer (`symbolChanges`): the same for a symbol whatever its module size, since larger modules
 * change less often but across a larger box. A QR code or Data Matrix changes 6.6–10 times (modules
 * of 0.8–1.5 mm, 75 and 100 dpi previews, printed black or light gray); the bench letter's logo 2.5,
 * its densest block of text 4.0, the large number of a separator sheet 2.1–4.7.
 */
export const SYMBOL_CHANGES = 5.5;
/** Long side to short side at most. */
const ASPECT = 4;

export function symbolCores(img: GrayImage, g: CellGrid, dpi: number): PatchBox[] {
  const mmPerCell = (g.cell * 25.4) / dpi;
  const s = Math.max(2, Math.round(CORE_MM / mmPerCell));
  if (g.cw < s || g.ch < s) return [];
  const darkest = g.darkest;
  if (darkest < FAINT_INK) return [];
  // in steps of their own: the scan runs on every page full of text (`hot-windows.ts`), the rest only where a window is hot
  const cells = s * s * g.area;
  // a window this dark is hot against any darkest cell of its own (none is darker than the page's)
  const hot = hotWindows(g, s, { floor: CORE_MEAN * FAINT_INK * cells, dark: CORE_MEAN * Math.max(FAINT_INK, darkest) * cells, core: CORE_MEAN * cells, solid: SOLID });
  if (hot.length === 0) return [];
  const maxCells = MAX_MM / mmPerCell;
  const cores: PatchBox[] = [];
  for (const r of joinNear(coveredRegions(g, s, hot), s)) {
    if (Math.max(r.width, r.height) > maxCells || Math.max(r.width, r.height) > ASPECT * Math.min(r.width, r.height)) continue;
    const box = { x: r.x * g.cell, y: r.y * g.cell, width: r.width * g.cell, height: r.height * g.cell };
    if (symbolChanges(img, box, regionPeak(g, r)) >= SYMBOL_CHANGES) cores.push(box);
  }
  return cores;
}

/** Every cell a hot window covers, joined (4-connected) into regions, in cells: a symbol's light patches break its hot windows, not its cover. */
function coveredRegions(g: CellGrid, s: number, hot: Int32Array): PatchBox[] {
  const { cw, ch } = g;
  const covered = new Uint8Array(cw * ch);
  for (const k of hot) for (let j = 0; j < s; j++) covered.fill(1, k + j * cw, k + j * cw + s);
  const regions: PatchBox[] = [];
  const stack: number[] = [];
  for (const start of hot) {
    if (covered[start] !== 1) continue;
    let minX = cw, maxX = -1, minY = ch, maxY = -1;
    stack.push(start);
    covered[start] = 2;
    while (stack.length > 0) {
      const k = stack.pop()!;
      const x = k % cw;
      const y = (k - x) / cw;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
      if (x > 0 && covered[k - 1] === 1) (covered[k - 1] = 2), stack.push(k - 1);
      if (x < cw - 1 && covered[k + 1] === 1) (covered[k + 1] = 2), stack.push(k + 1);
      if (y > 0 && covered[k - cw] === 1) (covered[k - cw] = 2), stack.push(k - cw);
      if (y < ch - 1 && covered[k + cw] === 1) (covered[k + cw] = 2), stack.push(k + cw);
    }
    regions.push({ x: minX, y: minY, width: maxX - minX + 1, height: maxY - minY + 1 });
  }
  return regions;
}

/** Dark-light turns across `box` (`SYMBOL_CHANGES`), for ink `peak` gray levels darker than the paper. */
export function symbolChanges(img: GrayImage, box: PatchBox, peak: number): number {
  return peak > 0 ? (boxChanges(img, box).least * Math.sqrt(box.width * box.height)) / peak : 0;
}

/**
 * `symbolChanges` of a box whose ink is measured in the same pass: its lightest pixel less its
 * darkest (a symbol's box holds paper and ink both).
 */
export function turnsInBox(img: GrayImage, box: PatchBox): number {
  const c = boxChanges(img, box);
  return c.lightest > c.darkest ? (c.least * Math.sqrt(box.width * box.height)) / (c.lightest - c.darkest) : 0;
}

/** The darkest cell's `peak` within a region (cells). */
function regionPeak(g: CellGrid, r: PatchBox): number {
  let p = 0;
  for (let y = r.y; y < r.y + r.height; y++) for (let k = y * g.cw + r.x, end = k + r.width; k < end; k++) if (g.peak[k]! > p) p = g.peak[k]!;
  return p;
}

/**
 * How much the pixels of `box` change from one to the next on average, along rows or along columns,
 * whichever is less (gray levels), and its darkest and lightest pixels: one pass for both callers (the
 * two extremes cost nothing measurable beside the differences).
 */
function boxChanges(img: GrayImage, box: PatchBox): { least: number; darkest: number; lightest: number } {
  const { data, width } = img;
  const x0 = Math.max(0, Math.floor(box.x));
  const y0 = Math.max(0, Math.floor(box.y));
  const x1 = Math.min(Math.ceil(box.x + box.width), img.width - 1);
  const y1 = Math.min(Math.ceil(box.y + box.height), img.height - 1);
  let sx = 0;
  let sy = 0;
  let lo = 255;
  let hi = 0;
  for (let y = y0; y < y1; y++) {
    for (let i = y * width + x0, end = y * width + x1; i < end; i++) {
      const v = data[i]!;
      sx += Math.abs(data[i + 1]! - v);
      sy += Math.abs(data[i + width]! - v);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  const n = Math.max(0, x1 - x0) * Math.max(0, y1 - y0);
  return n > 0 ? { least: Math.min(sx, sy) / n, darkest: lo, lightest: hi } : { least: 0, darkest: 255, lightest: 0 };
}

/** Regions (cells) less than `gap` apart joined into one, until none are: a symbol whose large light patches broke its cover into pieces. */
function joinNear(regions: PatchBox[], gap: number): PatchBox[] {
  // a literal and pushes (one kind of array, empty or not: `joinPieces` in `barcode-locator.ts`)
  const out: PatchBox[] = [];
  for (const r of regions) out.push({ x: r.x, y: r.y, width: r.width, height: r.height });
  for (let joined = true; joined; ) {
    joined = false;
    for (let i = 0; i < out.length && !joined; i++) {
      for (let j = i + 1; j < out.length && !joined; j++) {
        const a = out[i]!;
        const b = out[j]!;
        if (!near(a, b, gap)) continue;
        const x = Math.min(a.x, b.x);
        const y = Math.min(a.y, b.y);
        out[i] = { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
        out.splice(j, 1);
        joined = true;
      }
    }
  }
  return out;
}

/** Two boxes less than `gap` apart (a function of its own, not a closure made on every call: one call target). */
function near(a: PatchBox, b: PatchBox, gap: number): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}
