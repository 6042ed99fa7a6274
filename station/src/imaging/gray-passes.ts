/**
 * The passes over a gray preview that read every pixel, or every other one, in a WebAssembly SIMD
 * kernel (`wasm/gray-passes.wat`): the paper's histogram and the blank check's ink count
 * (`ink-measure.ts`), the bar locator's changes per block (`barcode/barcode-locator.ts`) and the dense
 * patches' darkness per cell (`barcode/dense-patch.ts`). The same integers as the JavaScript loops
 * they replace, in a fraction of the time (a 100 dpi A4 preview: the ink count 1.3 → 0.2 ms, the
 * blocks' changes 0.8 → 0.1, the cells' darkness 0.7 → 0.1). A caller copies the preview in once
 * (`grayPasses`: 0.05–0.06 ms of CPU at 100 dpi, 0.02–0.03 at 75; `node --import tsx
 * bench/preview-copy-cost.ts`, 1 Dec 05:39, two runs, load 35) for the passes it asks; within
 * `sharingPreviews` (`raster-hold.ts`: a page's measures and look) a preview already held is not
 * copied again: its passes are handed back.
 */
import { RasterHold } from './raster-hold.ts';
import type { GrayImage } from '../barcode/zxing-reader.ts';
import { WASM_BASE64 } from '../wasm/gray-passes.wasm.ts';
import { KEEP_BYTES, loadKernel, type WasmKernel } from '../wasm/wasm-kernel.ts';

interface PassFns {
  histogram(img: number, width: number, x0: number, y0: number, x1: number, y1: number, step: number, hist: number): void;
  ink_count(img: number, width: number, t: number, x0: number, y0: number, x1: number, y1: number): number;
  bar_changes(img: number, width: number, bw: number, bh: number, sx: number, sy: number): void;
  cell_darkness(img: number, width: number, cell: number, cw: number, ch: number, paper: number, swz: number, k: number, sums: number, peaks: number): void;
}

/** The histogram's parts (5 × 1 KB) at 0, the cells' shuffle (16 bytes) after them; the preview from 8 KB; its slack, read by a vector's last lanes. */
const HIST_AT = 0;
const SHUFFLE_AT = 5120;
const PREVIEW_AT = 8192;
const SLACK = 64;

let kernel: WasmKernel<PassFns> | undefined;
/** The passes whose preview is in the kernel now: a newer `grayPasses` takes its place. */
let current: GrayPasses | undefined;
/** Within `sharingPreviews`: the raster `current` was copied from. */
const hold = new RasterHold();

/** A gray preview copied into the kernel, with the passes over it: valid until the next `grayPasses` of this thread. */
export interface GrayPasses {
  /**
   * The brightness histogram of [x0, x1) × [y0, y1) on every `step`-th pixel of every `step`-th row
   * (inside the image), and how many pixels it counted.
   */
  histogram(x0: number, y0: number, x1: number, y1: number, step: number): { hist: Uint32Array; total: number };
  /**
   * The pixels of [x0, x1) × [y0, y1) darker than `threshold` (an integer, 1–256) with at least two
   * of their 8 neighbours darker too; the frame lies inside the image (every neighbour exists).
   */
  inkCount(threshold: number, x0: number, y0: number, x1: number, y1: number): number;
  /**
   * Per block of 8 × 8 pixels (`bw` × `bh` from the top left; (8·bw + 2) × (8·bh + 2) pixels lie in
   * the image), over every other pixel of every other row: the summed |difference| with the pixel two
   * to the right (`sx`) and two rows down (`sy`).
   */
  barChanges(bw: number, bh: number): { sx: Int32Array; sy: Int32Array };
  /**
   * Per cell of `cell` × `cell` pixels (4 ≤ cell ≤ MAX_KERNEL_CELL; `cw` × `ch` from the top left,
   * inside the image), over every other pixel of every other row: the summed darkness below `paper`
   * (0 for lighter pixels) and the darkest sample's.
   */
  cellDarkness(cell: number, cw: number, ch: number, paper: number): { sum: Int32Array; peak: Uint8Array };
}

/** The largest cell `cellDarkness` works: four samples a row of it fit one group of lanes. */
export const MAX_KERNEL_CELL = 8;

/** `img` copied into the kernel (the previous one's passes no longer valid), with the passes over it. */
export function grayPasses(img: GrayImage): GrayPasses {
  if (current && hold.holds(img)) return current;
  const { width, height } = img;
  const n = width * height;
  // (rounded arithmetically: `& ~15` would wrap a size claiming gigabytes to a small offset that `reserve` lets by)
  const outAt = Math.ceil((PREVIEW_AT + n + SLACK) / 16) * 16;
  if (kernel && kernel.bytes().length > KEEP_BYTES && outAt + SLACK <= KEEP_BYTES) kernel = undefined;
  const k = (kernel ??= loadKernel<PassFns>(WASM_BASE64));
  k.reserve(outAt + SLACK);
  const mem = k.bytes();
  mem.set(img.data.subarray(0, n), PREVIEW_AT);
  // the slack (and pixels a raster shorter than its size lacks, which no caller passes) read as 0
  mem.fill(0, PREVIEW_AT + Math.min(n, img.data.length), outAt);
  const passes = new KernelPasses(k, width, outAt);
  current = passes;
  hold.copied(img);
  return passes;
}

/**
 * The passes over the preview in the kernel, as methods of one class (made once, not closures made
 * for each page: a caller's call to them meets the same function every page, nothing to deoptimise).
 */
class KernelPasses implements GrayPasses {
  constructor(
    private readonly k: WasmKernel<PassFns>,
    private readonly width: number,
    /** Where the outputs go: past the preview and its slack. */
    private readonly outAt: number,
  ) {}

  private check(): void {
    if (current !== this) throw new Error('grayPasses: a newer preview took this one\'s place in the kernel');
  }

  /** `bytes` more reserved after the preview (the outputs' room); the kernel's memory after. */
  private room(bytes: number): Uint8Array {
    this.check();
    this.k.reserve(this.outAt + bytes + SLACK);
    return this.k.bytes();
  }

  histogram(x0: number, y0: number, x1: number, y1: number, step: number): { hist: Uint32Array; total: number } {
    this.check();
    if (x1 <= x0 || y1 <= y0) return { hist: new Uint32Array(256), total: 0 };
    this.k.fns.histogram(PREVIEW_AT, this.width, x0, y0, x1, y1, step, HIST_AT);
    const hist = new Uint32Array(this.k.bytes().buffer.slice(HIST_AT, HIST_AT + 1024));
    return { hist, total: Math.ceil((x1 - x0) / step) * Math.ceil((y1 - y0) / step) };
  }

  inkCount(threshold: number, x0: number, y0: number, x1: number, y1: number): number {
    this.check();
    if (x1 <= x0 || y1 <= y0) return 0;
    return this.k.fns.ink_count(PREVIEW_AT, this.width, threshold, x0, y0, x1, y1);
  }

  barChanges(bw: number, bh: number): { sx: Int32Array; sy: Int32Array } {
    const outAt = this.outAt;
    const count = bw * bh;
    const syAt = outAt + 4 * count;
    this.room(8 * count + 16);
    this.k.fns.bar_changes(PREVIEW_AT, this.width, bw, bh, outAt, syAt);
    const buf = this.k.bytes().buffer;
    return { sx: new Int32Array(buf.slice(outAt, syAt)), sy: new Int32Array(buf.slice(syAt, syAt + 4 * count)) };
  }

  cellDarkness(cell: number, cw: number, ch: number, paper: number): { sum: Int32Array; peak: Uint8Array } {
    // a larger cell's row has more samples than its lanes: the sums would be silently wrong
    if (!(Number.isInteger(cell) && cell >= 4 && cell <= MAX_KERNEL_CELL)) throw new Error(`grayPasses.cellDarkness: a cell of ${cell} pixels (4–${MAX_KERNEL_CELL} only)`);
    const outAt = this.outAt;
    const count = cw * ch;
    const peaksAt = outAt + 4 * count + 16;
    const m = this.room(5 * count + 32);
    // `per` cells a vector, `samples` a row of each: sample t of cell j to lane 4j + t, other lanes 0
    const per = Math.min(4, Math.floor(16 / cell));
    const samples = Math.ceil(cell / 2);
    for (let lane = 0; lane < 16; lane++) {
      const j = lane >> 2;
      const t = lane & 3;
      m[SHUFFLE_AT + lane] = j < per && t < samples ? j * cell + 2 * t : 0x80;
    }
    this.k.fns.cell_darkness(PREVIEW_AT, this.width, cell, cw, ch, paper, SHUFFLE_AT, per, outAt, peaksAt);
    const after = this.k.bytes();
    return { sum: new Int32Array(after.buffer.slice(outAt, outAt + 4 * count)), peak: after.slice(peaksAt, peaksAt + count) };
  }
}

/** The bytes of this thread's kernel memory now (tests). */
export function grayPassesMemoryBytes(): number {
  return kernel ? kernel.bytes().length : 0;
}
