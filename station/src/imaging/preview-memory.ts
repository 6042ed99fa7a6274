/**
 * One WebAssembly memory a thread shared by the three kernels that read a colour page's RGB preview:
 * the gray preview (`gray-of-rgb.ts`), the colour passes (`colour-passes.ts`) and the colour screen
 * (`colour-screen.ts`). The preview is copied in once (`holdPreview`) and read there by all three
 * (three copies a page before): a copy costs 0.12–0.13 ms of CPU at 75 dpi, 0.22–0.24 at 100 dpi
 * (`node --import tsx bench/preview-copy-cost.ts`, 1 Dec 05:39, two runs, load 35).
 *
 * Memory (byte offsets): 0 the colour passes' counts, tables, parameters and sums (to 800,056, see
 * `colour-passes.wat`); SCREEN_AT the screen's header (512 bytes, see `colour-screen.wat`), then the
 * chroma's tables (31,332 bytes to 834,660, `colour-passes.ts`); GRAY_AT
 * the gray tones' tables (139,264 bytes, to 991,232, see `gray-of-rgb.wat`); PREVIEW_AT the preview, 3 bytes a
 * pixel; then, from `scratchAt(size)`, the gray tones, the screen's working rows or the exact cells'
 * flags, means and chromas (`cellChromas`; each kernel's own while it runs).
 *
 * Each copy is a new page (`heldPage`): what was worked out for the page before is no longer in the
 * memory. Within `sharingPreviews` a raster already held (the same bytes object, width and height) is
 * not copied again (`raster-hold.ts`): the caller promises its bytes do not change meanwhile.
 */
import { RasterHold } from './raster-hold.ts';
import type { RgbRaster } from './colour-content.ts';
import { WASM_BASE64 as PASSES } from '../wasm/colour-passes.wasm.ts';
import { WASM_BASE64 as SCREEN } from '../wasm/colour-screen.wasm.ts';
import { WASM_BASE64 as GRAY } from '../wasm/gray-of-rgb.wasm.ts';
import { KEEP_BYTES, loadKernel } from '../wasm/wasm-kernel.ts';

export const SCREEN_AT = 802816, GRAY_AT = 851968, PREVIEW_AT = 1048576;
/** Bytes past the preview a lane of the screen may read (past a row's last cell); the colour passes' 8-byte reads go 4 past. */
const PAD = 256;

interface PassFns {
  count(width: number, x0: number, y0: number, y1: number, n: number): void;
  first_step(width: number, x0: number, y0: number, y1: number, n: number): void;
  second_step(width: number, x0: number, y0: number, y1: number, n: number): void;
  cell_chromas(header: number, list: number, count: number, out: number): void;
}
interface ScreenFns {
  /** The screen laid out in the header; how many cells it kept (more than its room: run it again with more). */
  screen(): number;
}
interface GrayFns { gray(src: number, dst: number, n: number): void }

/** The three kernels on one memory. A new set (after a huge preview was let go) has its tables to fill. */
export interface PreviewKernels {
  readonly passes: PassFns;
  readonly screen: ScreenFns;
  readonly gray: GrayFns;
  /** The memory as bytes (a new view after a `reserve` that grew it). */
  bytes(): Uint8Array;
  reserve(bytes: number): void;
}

let kernels: PreviewKernels | undefined;
let page = 0;
const hold = new RasterHold();

function load(): PreviewKernels {
  const memory = new WebAssembly.Memory({ initial: PREVIEW_AT / 65536 });
  const passes = loadKernel<PassFns>(PASSES, memory);
  return {
    passes: passes.fns,
    screen: loadKernel<ScreenFns>(SCREEN, memory).fns,
    gray: loadKernel<GrayFns>(GRAY, memory).fns,
    bytes: passes.bytes,
    reserve: passes.reserve,
  };
}

/**
 * Where a kernel's own working bytes start after a preview of `size` bytes (8-aligned; rounded
 * arithmetically, not with `& ~7`: a preview claiming gigabytes must be refused by `reserve`, not
 * wrap to a small offset).
 */
export function scratchAt(size: number): number {
  return Math.ceil((PREVIEW_AT + size + PAD) / 8) * 8;
}

/**
 * The kernels holding `img`'s pixels at PREVIEW_AT, with room for `scratch` bytes from
 * `scratchAt`; copied in unless held already within `sharingPreviews`. `page`: the page it is.
 */
export function holdPreview(img: RgbRaster, scratch: number): { k: PreviewKernels; page: number } {
  const size = img.width * img.height * 3;
  const need = scratchAt(size) + scratch;
  if (kernels && kernels.bytes().length > KEEP_BYTES && need <= KEEP_BYTES) kernels = undefined;
  if (!kernels) {
    kernels = load();
    hold.forget();
  }
  kernels.reserve(need);
  if (!hold.holds(img)) {
    kernels.bytes().set(img.data.subarray(0, size), PREVIEW_AT);
    page++;
    hold.copied(img);
  }
  return { k: kernels, page };
}

/** The page the memory holds now (one more at each copy). */
export function heldPage(): number {
  return page;
}

/** The bytes of the shared memory now (tests). */
export function previewMemoryBytes(): number {
  return kernels ? kernels.bytes().length : 0;
}
