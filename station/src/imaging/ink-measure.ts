/**
 * Measures how much ink a page carries, on its small grayscale preview. Isolated dark pixels
 * (dust specks) do not count; faint marks (bleed-through from the other side) stay below the
 * ink contrast. Pure function, no I/O.
 */
import type { GrayImage } from '../barcode/zxing-reader.ts';
import { grayPasses, type GrayPasses } from './gray-passes.ts';

export interface InkOptions {
  /** How much darker than the paper a pixel must be to count as ink. */
  inkContrast: number;
  /** Fraction of each edge ignored. */
  margin: number;
}

export interface InkMeasure {
  inkRatio: number;
  paperLevel: number;
  inkPixels: number;
}

/** Below this «paper» level a page is dark content, never blank paper. */
export const DARK_PAGE_LEVEL = 128;

/** The paper's level alone, as `measureInk` finds it (without counting the ink). */
export function measurePaper(img: GrayImage, opts: InkOptions): number {
  return paperOf(img, opts, grayPasses(img)).paperLevel;
}

/**
 * The paper's level over the whole image on a sparser lattice (every `step`-th pixel of every
 * `step`-th row), by the same measure: for a look that needs it cheaper (`barcode/dense-patch.ts`, step 4),
 * on `passes` when the image is in the kernel already.
 */
export function paperLevelSampled(img: GrayImage, step: number, passes: GrayPasses = grayPasses(img)): number {
  const { hist, total } = passes.histogram(0, 0, img.width, img.height, step);
  return percentile90(hist, total);
}

/** The margins' inner edges of `img`. */
function innerArea(img: GrayImage, opts: InkOptions) {
  const x0 = Math.floor(img.width * opts.margin);
  const y0 = Math.floor(img.height * opts.margin);
  return { x0, y0, x1: Math.max(x0 + 1, img.width - x0), y1: Math.max(y0 + 1, img.height - y0) };
}

/** The inner area (margins left out), its brightness histogram on every other pixel of every other row, and the paper: its 90th percentile. */
function paperOf(img: GrayImage, opts: InkOptions, passes: GrayPasses) {
  const { x0, y0, x1, y1 } = innerArea(img, opts);
  const { hist, total } = passes.histogram(x0, y0, x1, y1, 2);
  return { x0, y0, x1, y1, hist, total, paperLevel: percentile90(hist, total) };
}

/** The paper: the 90th percentile of brightness (robust to text and to a few bright specks). */
function percentile90(hist: Uint32Array, total: number): number {
  let acc = 0;
  for (let i = 0; i < 256; i++) {
    acc += hist[i]!;
    if (acc >= total * 0.9) return i;
  }
  return 255;
}

/**
 * `paper`: the paper's level when already known (as `measurePaper` finds it on this very image, e.g.
 * one whose other pixels were painted that level): not measured again.
 */
export function measureInk(img: GrayImage, opts: InkOptions, paper?: number): InkMeasure {
  const { width, height } = img;
  const known = paper !== undefined && paper >= DARK_PAGE_LEVEL;
  // the image copied into the kernel once, for the paper's histogram and the ink count (`gray-passes.ts`)
  const passes = grayPasses(img);
  const { x0, y0, x1, y1, hist, total, paperLevel } = known ? { ...innerArea(img, opts), hist: null, total: 0, paperLevel: paper } : paperOf(img, opts, passes);
  // A page whose brightest tenth is still dark (a black page, a dark photo or cover) is not blank
  // paper: its ink is everything darker than mid-gray.
  if (hist && paperLevel < DARK_PAGE_LEVEL) {
    let dark = 0;
    for (let i = 0; i < DARK_PAGE_LEVEL; i++) dark += hist[i]!;
    return { inkRatio: total > 0 ? dark / total : 0, paperLevel, inkPixels: dark };
  }
  const threshold = paperLevel - opts.inkContrast;
  // an integer threshold: a pixel value is below a fractional one exactly when it is below its ceiling
  // (and every value is below 256); counted: the pixels darker than it with at least two of their 8
  // neighbours darker too (`gray-passes.ts`), in a frame inside the image (every neighbour exists)
  const inkPixels = threshold > 0 ? passes.inkCount(Math.min(Math.ceil(threshold), 256), Math.max(x0, 1), Math.max(y0, 1), Math.min(x1, width - 1), Math.min(y1, height - 1)) : 0;
  const area = (x1 - x0) * (y1 - y0);
  return { inkRatio: area > 0 ? inkPixels / area : 0, paperLevel, inkPixels };
}
