/**
 * A raster smoothed by the 3 × 3 binomial kernel ([1 2 1] ⊗ [1 2 1] / 16, rounded; each channel on its
 * own, the edges repeated): a Gaussian of σ ≈ 0.71 pixels, in a WebAssembly kernel
 * (`wasm/smooth-binomial.wat`). A preview libjpeg decoded by its DCT scaling is sharper at strokes
 * than the resize's (`pipeline/stages/jpeg-readers.ts`); smoothed this way it measures as the
 * resize's did, for a fraction of what libvips' Gaussian costs on the same raster (its small masks
 * are slow: σ 0.8 on a 100 dpi A4 gray preview took 2.5–4 ms more CPU; `bench/preview-route-cost.ts` measures both).
 */
import { WASM_BASE64 } from '../wasm/smooth-binomial.wasm.ts';
import { KEEP_BYTES, loadKernel, type WasmKernel } from '../wasm/wasm-kernel.ts';

interface SmoothFns {
  smooth(src: number, ring: number, dst: number, stride: number, h: number, c: number): void;
}

/** Sixteen bytes past each area: room for a vector's unaligned load at a row's end. */
const SLACK = 16;

let kernel: WasmKernel<SmoothFns> | undefined;

function align(n: number): number {
  return (n + 15) & ~15;
}

type Raster = { data: Uint8Array; width: number; height: number };

/** The smoothed raster as a view of the kernel's memory: valid until the next call in this thread. */
function smoothed(img: Raster, channels: 1 | 3): Uint8Array {
  const stride = img.width * channels;
  const n = stride * img.height;
  if (img.data.length < n) throw new RangeError(`binomial smoothing: ${img.data.length} bytes for ${img.width} × ${img.height} × ${channels}`);
  if (n === 0) return new Uint8Array(0);
  // the raster, smoothed where it lies (the kernel writes a row once it is no longer read), then the ring of three rows
  const src = 0;
  const ring = align(n + SLACK);
  const need = ring + align(6 * stride + SLACK);
  const k = (kernel ??= loadKernel<SmoothFns>(WASM_BASE64));
  k.reserve(need);
  k.bytes().set(img.data.subarray(0, n), src);
  k.fns.smooth(src, ring, src, stride, img.height, channels);
  const view = k.bytes().subarray(src, src + n);
  // a memory grown for one huge raster is not kept for the pages after it (the view keeps it until dropped)
  if (need > KEEP_BYTES) kernel = undefined;
  return view;
}

/**
 * `img` (`channels` bytes a pixel, interleaved, rows top to bottom) smoothed in place: its own bytes
 * are overwritten (no new raster: a fresh megabyte costs more in page faults than the smoothing itself).
 */
export function smoothInPlace(img: Raster, channels: 1 | 3): void {
  img.data.set(smoothed(img, channels));
}
