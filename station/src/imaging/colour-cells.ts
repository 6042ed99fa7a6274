/**
 * Steps 2–4 of the colour measure (`colour-content.ts`): how far red and blue sit from green (the
 * scanner's mis-registration), then each cell's mean colour with red and blue read moved back by
 * that shift, averaged with its 8 neighbours, and its CIELAB chroma — worked out only for the cells
 * asked for (`CellChroma.at`), with the whole-page computation's arithmetic and figures.
 */
import { chromaOf } from './colour-lab.ts';
import type { RgbRaster } from './colour-content.ts';
import { colourPasses, type ColourPasses } from './colour-passes.ts';

export interface Shift { y: number; x: number }
const NO_SHIFT: Shift = { y: 0, x: 0 };

/** Whole and fractional parts of a shift, and the bilinear weights of reading value(p − s), as float32. */
type Quad = [number, number, number, number];

function split(s: Shift): { iy: number; ix: number; w: Quad } {
  const iy = Math.floor(s.y), ty = s.y - iy, ix = Math.floor(s.x), tx = s.x - ix;
  // order: (−iy, −ix), (−iy, −ix − 1), (−iy − 1, −ix), (−iy − 1, −ix − 1)
  return { iy, ix, w: [Math.fround((1 - ty) * (1 - tx)), Math.fround((1 - ty) * tx), Math.fround(ty * (1 - tx)), Math.fround(ty * tx)] };
}

/** Byte offsets of the four reads of channel `c` moved back by `s`. */
function offsets(s: Shift, row: number, c: number): Quad {
  const { iy, ix } = split(s);
  return [-iy * row - ix * 3 + c, -iy * row + (-ix - 1) * 3 + c, (-iy - 1) * row - ix * 3 + c, (-iy - 1) * row + (-ix - 1) * 3 + c];
}

const clamp = (v: number) => Math.max(-1.5, Math.min(1.5, v));

/**
 * R(p) ≈ G(p + s) and B(p) ≈ G(p + s'): two Gauss–Newton steps of the least squares fit of
 * C(p − s) − G(p) against ∂G, red and blue in the same passes (they share G's gradients), on the
 * stretched channels (paper 1, black 0), every third row and every other column. A pixel or less.
 * The sums are worked out by the WebAssembly kernel (`colour-passes.ts`) on `passes`, the preview
 * already copied there (by default a copy of `img` is made): the figures of the whole-page
 * computation, to the last bit.
 */
export function registrations(img: RgbRaster, x0: number, y0: number, x1: number, y1: number, black: readonly number[], scale: readonly number[], passes: ColourPasses = colourPasses(img)): [Shift, Shift] {
  const row = img.width * 3;
  const n = Math.ceil((x1 - x0) / 2);
  // (a pixel without gradient adds nothing: no test for it, a branch the noise would make unpredictable)
  // step 1, no shift yet: G's normal matrix (the same in step 2) and both channels' right-hand sides
  const steps = passes.registration(black, scale);
  const acc = steps.firstStep(x0, y0, y1, n);
  const gyy = acc[0]!, gxx = acc[1]!, gxy = acc[2]!;
  const det = gyy * gxx - gxy * gxy;
  if (!(det > 0)) return [NO_SHIFT, NO_SHIFT];
  const red = { y: clamp((acc[3]! * gxx - acc[4]! * gxy) / det), x: clamp((acc[4]! * gyy - acc[3]! * gxy) / det) };
  const blue = { y: clamp((acc[5]! * gxx - acc[6]! * gxy) / det), x: clamp((acc[6]! * gyy - acc[5]! * gxy) / det) };
  // step 2: the residuals with red and blue read moved back by step 1's shifts (bilinear)
  const v = steps.secondStep(x0, y0, y1, n, [...offsets(red, row, 0), ...offsets(blue, row, 2)], [...split(red).w, ...split(blue).w]);
  return [
    { y: clamp(red.y + (v[0]! * gxx - v[1]! * gxy) / det), x: clamp(red.x + (v[1]! * gyy - v[0]! * gxy) / det) },
    { y: clamp(blue.y + (v[2]! * gxx - v[3]! * gxy) / det), x: clamp(blue.x + (v[3]! * gyy - v[2]! * gxy) / det) },
  ];
}

/** Where the cells are: `cw` × `ch` cells of `cell` pixels from (x0, y0), 2 pixels clear of the raster's edges. */
export interface CellGrid { x0: number; y0: number; x1: number; y1: number; cell: number; cw: number; ch: number }

/**
 * Working memory for `CellChroma`, kept from page to page (a page's cells are many, the ones worked
 * out few): a cell's entries are valid only while its stamp is the current page's. One owner at a
 * time: a new `CellChroma` on the same scratch makes the previous one's figures stale.
 */
export class CellScratch {
  sums = new Float32Array(0);
  across = new Float32Array(0);
  chroma = new Float32Array(0);
  /** 1: the cell's stretched mean colour is in `sums`; 2: also its row of three in `across`; 4: its chroma. */
  done = new Uint8Array(0);
  stamp = new Uint32Array(0);
  private page = 0;

  /** A new page of `n` cells: its stamp (every entry of an earlier page is stale). */
  next(n: number): number {
    if (this.done.length < n) {
      this.sums = new Float32Array(n * 3); this.across = new Float32Array(n * 3); this.chroma = new Float32Array(n);
      this.done = new Uint8Array(n); this.stamp = new Uint32Array(n);
    }
    if (this.page === 0xffffffff) { this.stamp.fill(0); this.page = 0; }
    return ++this.page;
  }
}

/**
 * A page's cells, each cell's registered mean colour, its 3 × 3 colour and CIELAB chroma worked out
 * on first use, only for the cells asked for. The arithmetic (float32 running sums a cell row at a
 * time, then the cell, its left and its right neighbour, then the rows above and below) is the
 * whole-page computation's, so each figure is the same whatever cells are asked and in what order.
 */
export class CellChroma {
  private readonly page: number;
  /** Where red and blue are read (red's four byte offsets, blue's) and with what weights (red's four, blue's). */
  private readonly reads: number[];
  private readonly weights: number[];

  private sums: ((first: number, cell: number) => Float64Array) | undefined;

  /** `passes`: `img` in the colour kernel already (else it is copied there when a cell is first worked out). */
  constructor(private readonly img: RgbRaster, private readonly grid: CellGrid, private readonly black: readonly number[], private readonly scale: readonly number[], shifts: readonly [Shift, Shift], private readonly mem: CellScratch, private passes?: ColourPasses) {
    this.page = mem.next(grid.cw * grid.ch);
    const row = img.width * 3;
    const [red, blue] = shifts;
    this.reads = [...offsets(red, row, 0), ...offsets(blue, row, 2)];
    this.weights = [...split(red).w, ...split(blue).w];
  }

  /** The kernel's cell sums for this page's preview and shifts (the preview copied in again if the kernel has since held another page). */
  private cellSums(): (first: number, cell: number) => Float64Array {
    if (this.sums && this.passes?.current()) return this.sums;
    if (!this.passes?.current()) this.passes = colourPasses(this.img);
    return (this.sums = this.passes.cellSums(this.reads, this.weights));
  }

  private has(k: number, bit: number): boolean {
    return this.mem.stamp[k] === this.page && (this.mem.done[k]! & bit) !== 0;
  }

  private mark(k: number, bit: number): void {
    const { stamp, done } = this.mem;
    if (stamp[k] !== this.page) { stamp[k] = this.page; done[k] = 0; }
    done[k] = done[k]! | bit;
  }

  /**
   * The cell's mean colour, red and blue registered, stretched (paper 1, black 0), into `sums`: from
   * float32 running sums, one row of the cell at a time, of each row's float64 sums (the kernel's
   * `cell_sums`, the same operations in the same order as the JavaScript it replaced).
   */
  private mean(k: number): void {
    const { x0, y0, cell, cw } = this.grid;
    const cx = k % cw, cy = (k - cx) / cw;
    const s = this.cellSums()(((y0 + cy * cell) * this.img.width + x0 + cx * cell) * 3, cell);
    const sr = s[0]!, sg = s[1]!, sb = s[2]!;
    const perCell = 1 / (cell * cell), { black, scale } = this, sums = this.mem.sums;
    sums[k * 3] = Math.max(0, (sr * perCell - black[0]!) * scale[0]!);
    sums[k * 3 + 1] = Math.max(0, (sg * perCell - black[1]!) * scale[1]!);
    sums[k * 3 + 2] = Math.max(0, (sb * perCell - black[2]!) * scale[2]!);
    this.mark(k, 1);
  }

  /** The cell's colour added to its left and right neighbours', into `across`. */
  private row3(k: number): void {
    const { cw } = this.grid;
    const cx = k % cw;
    for (let j = cx > 0 ? k - 1 : k; j <= (cx < cw - 1 ? k + 1 : k); j++) if (!this.has(j, 1)) this.mean(j);
    const s = this.mem.sums, c = k * 3;
    for (let q = 0; q < 3; q++) this.mem.across[c + q] = s[c + q]! + (cx > 0 ? s[c - 3 + q]! : 0) + (cx < cw - 1 ? s[c + 3 + q]! : 0);
    this.mark(k, 2);
  }

  /** CIELAB chroma (the paper as white) of the cell's colour averaged with its 8 neighbours'. */
  at(k: number): number {
    if (this.has(k, 4)) return this.mem.chroma[k]!;
    const { cw, ch } = this.grid;
    const cx = k % cw, cy = (k - cx) / cw;
    for (let j = cy > 0 ? k - cw : k; j <= (cy < ch - 1 ? k + cw : k); j += cw) if (!this.has(j, 2)) this.row3(j);
    const a = this.mem.across, c = k * 3, rowLen = cw * 3;
    const n = (1 + (cy > 0 ? 1 : 0) + (cy < ch - 1 ? 1 : 0)) * (1 + (cx > 0 ? 1 : 0) + (cx < cw - 1 ? 1 : 0));
    let r = a[c]!, g = a[c + 1]!, b = a[c + 2]!;
    if (cy > 0) { r += a[c - rowLen]!; g += a[c - rowLen + 1]!; b += a[c - rowLen + 2]!; }
    if (cy < ch - 1) { r += a[c + rowLen]!; g += a[c + rowLen + 1]!; b += a[c + rowLen + 2]!; }
    this.mem.chroma[k] = chromaOf(r / n, g / n, b / n);
    this.mark(k, 4);
    return this.mem.chroma[k]!;
  }
}
