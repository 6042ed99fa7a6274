/**
 * The passes over a gray preview that read every pixel, or every other one, in a WebAssembly SIMD
 * kernel (`wasm/gray-passes.wat`): the blank check's ink count (`ink-measure.ts`), the bar locator's
 * changes per block (`barcode/barcode-locator.ts`) and the dense patches' darkness per cell
 * (`barcode/dense-patch.ts`). The same integers as the JavaScript loops they replace, in a fraction
 * of the time (a 100 dpi A4 preview: the ink count 1.3 → 0.2 ms, the blocks' changes 0.8 → 0.1,
 * the cells' darkness 0.7 → 0.1). The preview is copied into the kernel's memory by each call
 * (a few hundredths of a millisecond), so nothing is kept from one call to the next.
 */
import type { GrayImage } from '../barcode/zxing-reader.ts';
import { WASM_BASE64 } from '../wasm/gray-passes.wasm.ts';
import { loadKernel, type WasmKernel } from '../wasm/wasm-kernel.ts';

interface PassFns {
  ink_count(img: number, width: number, t: number, x0: number, y0: number, x1: number, y1: number): number;
  bar_changes(img: number, width: number, bw: number, bh: number, sx: number, sy: number): void;
  cell_darkness(img: number, width: number, cell: number, cw: number, ch: number, paper: number, swz: number, k: number, sums: number, peaks: number): void;
}

/** The cells' shuffle (16 bytes) at 0; the preview from 64; its slack, read by a vector's last lanes. */
const SHUFFLE_AT = 0;
const PREVIEW_AT = 64;
const SLACK = 64;

let kernel: WasmKernel<PassFns> | undefined;

/** The kernel with `img` copied in and `out` bytes reserved after it; the address of those bytes. */
function withPreview(img: GrayImage, out: number): { k: WasmKernel<PassFns>; outAt: number } {
  const k = (kernel ??= loadKernel<PassFns>(WASM_BASE64));
  const n = img.width * img.height;
  const outAt = (PREVIEW_AT + n + SLACK + 15) & ~15;
  k.reserve(outAt + out + SLACK);
  const mem = k.bytes();
  mem.set(img.data.subarray(0, n), PREVIEW_AT);
  // a raster shorter than its size (never from the decoder) reads as paper, and the slack as nothing
  mem.fill(0, PREVIEW_AT + Math.min(n, img.data.length), outAt);
  return { k, outAt };
}

/**
 * The pixels of [x0, x1) × [y0, y1) darker than `threshold` (an integer, 1–256) with at least two of
 * their 8 neighbours darker too; the frame lies inside the image (every neighbour exists).
 */
export function countInkPixels(img: GrayImage, threshold: number, x0: number, y0: number, x1: number, y1: number): number {
  if (x1 <= x0 || y1 <= y0) return 0;
  const { k } = withPreview(img, 0);
  return k.fns.ink_count(PREVIEW_AT, img.width, threshold, x0, y0, x1, y1);
}

/**
 * Per block of 8 × 8 pixels (`bw` × `bh` from the top left; (8·bw + 2) × (8·bh + 2) pixels lie in
 * the image), over every other pixel of every other row: the summed |difference| with the pixel two
 * to the right (`sx`) and two rows down (`sy`).
 */
export function barChanges(img: GrayImage, bw: number, bh: number): { sx: Int32Array; sy: Int32Array } {
  const n = bw * bh;
  const { k, outAt } = withPreview(img, 8 * n + 16);
  const syAt = outAt + 4 * n;
  k.fns.bar_changes(PREVIEW_AT, img.width, bw, bh, outAt, syAt);
  const mem = k.bytes();
  return { sx: new Int32Array(mem.buffer.slice(outAt, outAt + 4 * n)), sy: new Int32Array(mem.buffer.slice(syAt, syAt + 4 * n)) };
}

/** The largest cell `cellDarkness` works: four samples a row of it fit one group of lanes. */
export const MAX_KERNEL_CELL = 8;

/**
 * Per cell of `cell` × `cell` pixels (4 ≤ cell ≤ MAX_KERNEL_CELL; `cw` × `ch` from the top left, inside
 * the image), over every other pixel of every other row: the summed darkness below `paper` (0 for
 * lighter pixels) and the darkest sample's.
 */
export function cellDarkness(img: GrayImage, cell: number, cw: number, ch: number, paper: number): { sum: Int32Array; peak: Uint8Array } {
  const n = cw * ch;
  const { k, outAt } = withPreview(img, 5 * n + 32);
  const peaksAt = outAt + 4 * n + 16;
  // `per` cells a vector, `samples` a row of each: sample t of cell j to lane 4j + t, other lanes 0
  const per = Math.min(4, Math.floor(16 / cell));
  const samples = Math.ceil(cell / 2);
  const mem = k.bytes();
  for (let lane = 0; lane < 16; lane++) {
    const j = lane >> 2;
    const t = lane & 3;
    mem[SHUFFLE_AT + lane] = j < per && t < samples ? j * cell + 2 * t : 0x80;
  }
  k.fns.cell_darkness(PREVIEW_AT, img.width, cell, cw, ch, paper, SHUFFLE_AT, per, outAt, peaksAt);
  const after = k.bytes();
  return { sum: new Int32Array(after.buffer.slice(outAt, outAt + 4 * n)), peak: after.slice(peaksAt, peaksAt + n) };
}
