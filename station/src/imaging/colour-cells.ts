/**
 * Steps 2–4 of the colour measure (`colour-content.ts`): how far red and blue sit from green (the
 * scanner's mis-registration), then each cell's mean colour with red and blue read moved back by
 * that shift, averaged with its 8 neighbours, and its CIELAB chroma — worked out only for the cells
 * asked for (`CellChroma.at`), with the whole-page computation's arithmetic and figures.
 */
import type { RgbRaster } from './colour-content.ts';
import { colourPasses, type ColourPasses } from './colour-passes.ts';

export interface Shift { y: number; x: number }
const NO_SHIFT: Shift = { y: 0, x: 0 };

/** The byte offsets of a channel's four bilinear reads. */
type Quad = [number, number, number, number];

/** Whole parts of a shift. */
function split(s: Shift): { iy: number; ix: number } {
  const iy = Math.floor(s.y), ix = Math.floor(s.x);
  return { iy, ix };
}

/**
 * The bilinear weights of reading red moved back by `red` (four), then blue by `blue` (four), as
 * float32 — in a Float64Array, not an array: a whole shift's weights (1, 0, 0, 0) are small
 * integers, a fractional one's doubles, and an array switching between the two from page to page
 * makes its optimised readers deoptimise (wrong map).
 */
function weightsOf(red: Shift, blue: Shift): Float64Array {
  const w = new Float64Array(8);
  for (let j = 0; j < 2; j++) {
    const s = j === 0 ? red : blue;
    const ty = s.y - Math.floor(s.y), tx = s.x - Math.floor(s.x);
    // order: (−iy, −ix), (−iy, −ix − 1), (−iy − 1, −ix), (−iy − 1, −ix − 1)
    w[4 * j] = Math.fround((1 - ty) * (1 - tx));
    w[4 * j + 1] = Math.fround((1 - ty) * tx);
    w[4 * j + 2] = Math.fround(ty * (1 - tx));
    w[4 * j + 3] = Math.fround(ty * tx);
  }
  return w;
}

/** Byte offsets of the four reads of channel `c` moved back by `s`. */
function offsets(s: Shift, row: number, c: number): Quad {
  const { iy, ix } = split(s);
  // (written c − iy · row …, not −iy · row …: −0 for a shift of 0 would deoptimise the optimised code)
  return [c - iy * row - ix * 3, c - iy * row - (ix + 1) * 3, c - (iy + 1) * row - ix * 3, c - (iy + 1) * row - (ix + 1) * 3];
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
export function registrations(img: RgbRaster, x0: number, y0: number, x1: number, y1: number, black: ArrayLike<number>, scale: ArrayLike<number>, passes: ColourPasses = colourPasses(img)): [Shift, Shift] {
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
  const v = steps.secondStep(x0, y0, y1, n, [...offsets(red, row, 0), ...offsets(blue, row, 2)], weightsOf(red, blue));
  return [
    { y: clamp(red.y + (v[0]! * gxx - v[1]! * gxy) / det), x: clamp(red.x + (v[1]! * gyy - v[0]! * gxy) / det) },
    { y: clamp(blue.y + (v[2]! * gxx - v[3]! * gxy) / det), x: clamp(blue.x + (v[3]! * gyy - v[2]! * gxy) / det) },
  ];
}

/** Where the cells are: `cw` × `ch` cells of `cell` pixels from (x0, y0), 2 pixels clear of the raster's edges. */
export interface CellGrid { x0: number; y0: number; x1: number; y1: number; cell: number; cw: number; ch: number }

/**
 * Working memory for `CellChroma`, kept from page to page (a page's cells are many, the ones worked
 * out few): a cell's chroma is valid only while its stamp is the current page's. One owner at a
 * time: a new `CellChroma` on the same scratch makes the previous one's figures stale.
 */
export class CellScratch {
  chroma = new Float32Array(0);
  stamp = new Uint32Array(0);
  /** The cells asked for at once (grown as needed). */
  list = new Int32Array(64);
  private page = 0;

  /** A new page of `n` cells: its stamp (every entry of an earlier page is stale). */
  next(n: number): number {
    if (this.stamp.length < n) { this.chroma = new Float32Array(n); this.stamp = new Uint32Array(n); }
    if (this.page === 0xffffffff) { this.stamp.fill(0); this.page = 0; }
    return ++this.page;
  }
}

/**
 * A page's cells, each cell's registered mean colour, its 3 × 3 colour and CIELAB chroma worked out
 * on first use, only for the cells asked for, by the colour passes' kernel (`cell_chromas` in
 * `colour-passes.wat`, the operations of the JavaScript it replaced): float32 running sums a cell
 * row at a time, then the cell, its left and its right neighbour, then the rows above and below —
 * the whole-page computation's arithmetic, so each figure is the same whatever cells are asked and
 * in what order. `prepare` asks for many at once (one kernel call, each mean worked out once).
 */
export class CellChroma {
  private readonly page: number;
  /** Where red and blue are read (red's four byte offsets, blue's) and with what weights (red's four, blue's). */
  private readonly reads: number[];
  private readonly weights: Float64Array;

  /** `passes`: `img` in the colour kernel already (else it is copied there when a cell is first worked out). */
  constructor(private readonly img: RgbRaster, private readonly grid: CellGrid, private readonly black: ArrayLike<number>, private readonly scale: ArrayLike<number>, shifts: readonly [Shift, Shift], private readonly mem: CellScratch, private passes?: ColourPasses) {
    this.page = mem.next(grid.cw * grid.ch);
    const row = img.width * 3;
    const [red, blue] = shifts;
    this.reads = [...offsets(red, row, 0), ...offsets(blue, row, 2)];
    this.weights = weightsOf(red, blue);
  }

  /**
   * CIELAB chroma (the paper as white) of the cell's colour averaged with its 8 neighbours'. A cell
   * not `prepare`d costs a kernel call of its own (the page's flags cleared, up to 9 means worked
   * out): ask for many cells with `prepare` first.
   */
  at(k: number): number {
    if (this.mem.stamp[k] !== this.page) {
      this.mem.list[0] = k;
      this.work(1);
    }
    return this.mem.chroma[k]!;
  }

  /** Works out the chroma of each of `cells` not worked out yet, in one kernel call. */
  prepare(cells: readonly number[]): void {
    const { stamp } = this.mem;
    let count = 0;
    for (let j = 0; j < cells.length; j++) {
      const k = cells[j]!;
      if (stamp[k] === this.page) continue;
      if (count === this.mem.list.length) { const more = new Int32Array(count * 2); more.set(this.mem.list); this.mem.list = more; }
      this.mem.list[count++] = k;
    }
    if (count > 0) this.work(count);
  }

  /** The chroma of the first `count` cells of the scratch's list, from the kernel (the preview copied in again if it has since held another page). */
  private work(count: number): void {
    if (!this.passes?.current()) this.passes = colourPasses(this.img);
    const { list, chroma, stamp } = this.mem;
    const out = this.passes.cellChromas(this.grid, this.black, this.scale, this.reads, this.weights, list, count);
    for (let j = 0; j < count; j++) {
      const k = list[j]!;
      chroma[k] = out[j]!;
      stamp[k] = this.page;
    }
  }
}
