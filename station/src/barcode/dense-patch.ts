/**
 * Where a barcode too fine for the preview can hide: compact patches of dense ink. On a ~75–100 dpi
 * preview a Data Matrix or QR code with 0.25 mm modules, or a short Code 128 with fine bars, is a
 * smudge of even mid-gray that neither zxing nor the bar locator can see; a white-on-black symbol is
 * a dark block. Both are far denser, relative to their own darkest pixel, than text, whose strokes
 * are full ink with paper between them. Pure function: the paper's level, then one pass over the preview
 * (`gray-passes.ts`), then the cells' blobs (`cell-blobs.ts`): about 0.5 ms a 100 dpi A4 preview, 2.9 before both.
 *
 * The page is cut into cells of about 1.3 mm; cells with ink join into blobs (8-connected); a blob is
 * a patch when it is 2.5–100 mm on its sides and fills its box. Each patch says how dense it is (its
 * mean darkness relative to its darkest pixel), and the page says how much ink lies outside every
 * patch: near none on a separator sheet that carries only a small symbol.
 */
import './box-shapes.ts';
import { grayPasses, MAX_KERNEL_CELL } from '../imaging/gray-passes.ts';
import { cellBlobs } from './cell-blobs.ts';
import { paperLevelSampled } from '../imaging/ink-measure.ts';
import type { GrayImage } from './zxing-reader.ts';

export interface PatchBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface DensePatch extends PatchBox {
  /** Cells of ink the patch is made of. */
  cells: number;
  /** How much darker than the paper its darkest pixel is (gray levels): faint bleed-through stays low. */
  peak: number;
  /** Mean darkness over the patch's box relative to its darkest pixel's (0..1): text ~0.2, a fine symbol ~0.5. */
  density: number;
}

export interface DensePatchOptions {
  /** Resolution of the image, dots per inch. */
  dpi: number;
  /** Boxes (image pixels) already read: a patch overlapping one is not returned. */
  known?: readonly PatchBox[];
}

/** A cell counts as inked when its mean darkness, or its darkest pixel's, reaches these levels. */
const CELL_MEAN_INK = 10;
const CELL_PEAK_INK = 60;
/** Patch limits, millimetres, and how much of its box it must fill. */
const MIN_SIDE_MM = 2.5;
const MAX_SIDE_MM = 100;
const MIN_FILL = 0.7;

export interface DensePatches {
  /** Every patch, densest first, in image pixels. */
  patches: DensePatch[];
  /** Cells with ink (in patches or not) and all cells of the page. */
  inkedCells: number;
  totalCells: number;
  /** The cells' measures, for a finer look at a page (`symbol-cores.ts`); absent when the page has too few cells. */
  grid?: CellGrid;
}

/** Per cell (row-major, `cw` × `ch` cells of `cell` image pixels): summed darkness below the paper of its `area` samples, and its darkest sample's. */
export interface CellGrid {
  cell: number;
  cw: number;
  ch: number;
  area: number;
  sum: Int32Array;
  peak: Uint8Array;
  /** The darkest cell's `peak` (over inked cells: the page's ink). */
  darkest: number;
}

/** Share of the page's cells with ink outside `chosen`: near 0 on a sheet that carries only those patches. */
export function inkOutside(found: DensePatches, chosen: readonly DensePatch[]): number {
  const inside = chosen.reduce((n, p) => n + p.cells, 0);
  return found.totalCells > 0 ? (found.inkedCells - inside) / found.totalCells : 0;
}

export function findDensePatches(img: GrayImage, o: DensePatchOptions): DensePatches {
  const { data, width, height } = img;
  const cell = Math.max(4, Math.round(o.dpi / 19));
  const cw = Math.floor(width / cell);
  const ch = Math.floor(height / cell);
  if (cw < 2 || ch < 2) return { patches: [], inkedCells: 0, totalCells: 0 };
  // the preview copied into the kernel once (`gray-passes.ts`); the blank check's measure of the paper,
  // on every fourth pixel of every fourth row of the whole preview
  const passes = grayPasses(img);
  const paper = paperLevelSampled(img, 4, passes);
  // per cell, on every other pixel of every other row (a fine symbol is an even smudge at this
  // scale): summed darkness below the paper and the darkest sample's
  const { sum, peak } = cell <= MAX_KERNEL_CELL ? passes.cellDarkness(cell, cw, ch, paper) : cellDarknessOfLarge(img, cell, cw, ch, paper);
  const area = Math.ceil(cell / 2) ** 2;
  const mmPerCell = (cell * 25.4) / o.dpi;
  const minCells = Math.max(2, Math.ceil(MIN_SIDE_MM / mmPerCell));
  const maxCells = Math.floor(MAX_SIDE_MM / mmPerCell);
  const patches: DensePatch[] = [];
  let inkedCells = 0;
  let pageDarkest = 0;
  // a cell is inked when its mean darkness (its sum over `area` samples) or its darkest sample's reaches the level
  for (const b of cellBlobs({ sum, peak, cw, ch }, CELL_MEAN_INK * area, CELL_PEAK_INK)) {
    inkedCells += b.cells;
    if (b.darkest > pageDarkest) pageDarkest = b.darkest;
    const bw = b.maxX - b.minX + 1;
    const bh = b.maxY - b.minY + 1;
    if (Math.min(bw, bh) < minCells || Math.max(bw, bh) > maxCells) continue;
    if (b.cells < MIN_FILL * bw * bh || b.darkest <= 0) continue;
    const density = b.total / (bw * bh * area) / b.darkest;
    const box = { x: b.minX * cell, y: b.minY * cell, width: bw * cell, height: bh * cell };
    if (o.known?.some((k) => overlaps(k, box))) continue;
    patches.push({ x: box.x, y: box.y, width: box.width, height: box.height, cells: b.cells, peak: b.darkest, density });
  }
  return { patches: patches.sort((a, b) => b.density - a.density), inkedCells, totalCells: cw * ch, grid: { cell, cw, ch, area, sum, peak, darkest: pageDarkest } };
}

/** `cellDarkness` for cells larger than its kernel works (a preview over 160 dpi: never the station's). */
function cellDarknessOfLarge(img: GrayImage, cell: number, cw: number, ch: number, paper: number): { sum: Int32Array; peak: Uint8Array } {
  const { data, width } = img;
  const sum = new Int32Array(cw * ch);
  const peak = new Uint8Array(cw * ch);
  for (let cy = 0; cy < ch; cy++) {
    for (let y = cy * cell; y < (cy + 1) * cell; y += 2) {
      for (let cx = 0, i = y * width; cx < cw; cx++, i += cell) {
        let s = 0;
        let p = 0;
        for (let j = i, end = i + cell; j < end; j += 2) {
          const d = Math.max(0, paper - data[j]!);
          s += d;
          p = Math.max(p, d);
        }
        sum[cy * cw + cx]! += s;
        if (p > peak[cy * cw + cx]!) peak[cy * cw + cx] = p;
      }
    }
  }
  return { sum, peak };
}

/** Whether two boxes share any pixel. */
export function overlaps(a: PatchBox, b: PatchBox): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}
