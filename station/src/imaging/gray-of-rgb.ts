/**
 * The gray raster of an RGB one, the tones libvips gives (luminance in linear light, Rec. 709
 * weights, back to sRGB; within one level), by a WebAssembly kernel (`wasm/gray-of-rgb.wat`): about
 * 0.8 ms for a 75 dpi A4 preview where the same lookups in JavaScript took 1.6 and a second libvips
 * pipeline five. No sharp here: the page worker's bundle needs this and not libvips.
 */
import type { GrayImage } from '../barcode/zxing-reader.ts';
import { GRAY_AT, holdPreview, PREVIEW_AT, scratchAt, type PreviewKernels } from './preview-memory.ts';

/**
 * Per sRGB 8-bit value, its linear light weighted by each Rec. 709 coefficient, in 1/16 steps of
 * FROM_LINEAR's index: red's at [v], green's at [256 + v], blue's at [512 + v] (one table, one base).
 */
const LINEAR_STEPS = 4095;
const WEIGHTED = Int32Array.from({ length: 768 }, (_, j) => {
  const v = (j & 255) / 255;
  return Math.round([0.2126, 0.7152, 0.0722][j >> 8]! * (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4) * LINEAR_STEPS * 16);
});
/** Linear light (0..4095) → sRGB 8-bit: the kernel's index is at most 65,529 >> 4 = 4095 (red's 8 included), so 4096 entries. */
const FROM_LINEAR = new Uint8Array(LINEAR_STEPS + 1);
for (let i = 0; i <= LINEAR_STEPS; i++) {
  const v = Math.min(1, i / LINEAR_STEPS);
  FROM_LINEAR[i] = Math.round(255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055));
}

/**
 * Green's and blue's weights added, for each pair: [g | b << 8] (at most 46,860 + 4,731: 16 bits). The
 * kernel reads one entry for the two, not two: a 100 dpi A4 preview's tones in 0.87 ms instead of 1.0.
 */
const PAIRS = Uint16Array.from({ length: 65536 }, (_, i) => WEIGHTED[256 + (i & 255)]! + WEIGHTED[512 + (i >> 8)]!);

// the kernel's tables, in the memory it shares with the colour kernels (`preview-memory.ts`): WEIGHTED at
// GRAY_AT, FROM_LINEAR 4096 further, PAIRS 8192 further
if (GRAY_AT + 8192 + PAIRS.byteLength > PREVIEW_AT) throw new Error('gray of RGB: the pairs table overlaps the preview');
let filled: PreviewKernels | undefined;

function fillTables(k: PreviewKernels): void {
  if (filled === k) return;
  const mem = k.bytes();
  // red's weights carry the rounding's 8 (the kernel adds none)
  new Int32Array(mem.buffer, GRAY_AT, 768).set(WEIGHTED.map((w, j) => (j < 256 ? w + 8 : w)));
  mem.set(FROM_LINEAR, GRAY_AT + 4096);
  new Uint16Array(mem.buffer, GRAY_AT + 8192, PAIRS.length).set(PAIRS);
  filled = k;
}

/**
 * The gray raster of `rgb` (3 bytes a pixel, rows top to bottom). A raster shorter than its size
 * gives its missing pixels (and a last one cut short) black, as the per-pixel JavaScript did.
 */
export function grayOfRgb(rgb: { data: Uint8Array; width: number; height: number }): GrayImage {
  const n = rgb.width * rgb.height;
  const whole = Math.min(n, Math.floor(rgb.data.length / 3));
  // the preview is copied in once for this and the colour measure (`sharingPreviews`); the tones written after it
  // (room first: a preview too large for the kernel is INPUT_TOO_LARGE before its tones are allocated here)
  const { k } = holdPreview(rgb, n);
  const out = new Uint8Array(n);
  fillTables(k);
  const dst = scratchAt(n * 3);
  k.gray.gray(PREVIEW_AT, dst, whole);
  out.set(k.bytes().subarray(dst, dst + whole));
  return { data: out, width: rgb.width, height: rgb.height };
}
