/**
 * One WebAssembly memory a thread shared by the kernels that read a colour page's RGB preview: the
 * gray preview (`gray-of-rgb.ts`), the colour passes (`colour-passes.ts`), the colour screen
 * (`colour-screen.ts`), and the binomial smoothing of a DCT-scaled preview before its colour is
 * measured (`smoothedPreview`). The preview is copied in once (`holdPreview`) and read there by all
 * (three copies a page before): a copy costs 0.12–0.13 ms of CPU at 75 dpi, 0.22–0.24 at 100 dpi
 * (`node --import tsx bench/preview-copy-cost.ts`, 1 Dec 05:39, two runs, load 35). The smoothed
 * preview is made where the preview lies, over it (2 Dec: it was smoothed in a memory of its own and
 * copied in again, two copies of 1.6 MB at 300 dpi).
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
import { WASM_BASE64 as SMOOTH } from '../wasm/smooth-binomial.wasm.ts';
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
interface SmoothFns { smooth(src: number, ring: number, dst: number, stride: number, h: number, c: number): void }

/** The kernels on one memory. A new set (after a huge preview was let go) has its tables to fill. */
export interface PreviewKernels {
  readonly passes: PassFns;
  readonly screen: ScreenFns;
  readonly gray: GrayFns;
  readonly smooth: SmoothFns;
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
    smooth: loadKernel<SmoothFns>(SMOOTH, memory).fns,
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

/** A smoothed preview (`smoothedPreview`) → the preview it is made from. */
const smoothedFrom = new WeakMap<RgbRaster, RgbRaster>();

/**
 * `img` smoothed by the 3 × 3 binomial kernel (`smooth-binomial.ts`), as the kernels of this memory
 * read it: a raster of its own identity, whose pixels are made in the memory when a kernel asks for it
 * (`holdPreview`), over `img`'s copy when that is held (no copy at all), and again whenever the memory
 * no longer holds them. Its `data` is `img`'s bytes (their length, not the smoothed values): read it
 * only through these kernels. `img`'s bytes must not change while it is used.
 */
export function smoothedPreview(img: RgbRaster): RgbRaster {
  const s: RgbRaster = { data: img.data.subarray(0), width: img.width, height: img.height };
  smoothedFrom.set(s, img);
  return s;
}

/**
 * The kernels holding `img`'s pixels at PREVIEW_AT, with room for `scratch` bytes from
 * `scratchAt`; copied in unless held already within `sharingPreviews` (a smoothed preview: its
 * source copied in unless held, then smoothed there). `page`: the page it is.
 */
export function holdPreview(img: RgbRaster, scratch: number): { k: PreviewKernels; page: number } {
  const size = img.width * img.height * 3;
  const from = smoothedFrom.get(img);
  // a smoothed preview's three rows smoothed across (u16) lie past it while it is made
  const need = scratchAt(size) + Math.max(scratch, from ? 6 * img.width * 3 + 16 : 0);
  if (kernels && kernels.bytes().length > KEEP_BYTES && need <= KEEP_BYTES) kernels = undefined;
  if (!kernels) {
    kernels = load();
    hold.forget();
  }
  kernels.reserve(need);
  if (!hold.holds(img)) {
    const src = from ?? img;
    if (!hold.holds(src)) kernels.bytes().set(src.data.subarray(0, size), PREVIEW_AT);
    if (from) kernels.smooth.smooth(PREVIEW_AT, scratchAt(size), PREVIEW_AT, img.width * 3, img.height, 3);
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
