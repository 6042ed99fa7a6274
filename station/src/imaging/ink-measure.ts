/**
 * Measures how much ink a page carries, on its small grayscale preview. Isolated dark pixels
 * (dust specks) do not count; faint marks (bleed-through from the other side) stay below the
 * ink contrast. Pure function, no I/O.
 */
import type { GrayImage } from '../barcode/zxing-reader.ts';

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
  return paperOf(img, opts).paperLevel;
}

/** The inner area (margins left out), its brightness histogram on every other pixel of every other row, and the paper: its 90th percentile. */
function paperOf(img: GrayImage, opts: InkOptions) {
  const { data, width, height } = img;
  const x0 = Math.floor(width * opts.margin);
  const y0 = Math.floor(height * opts.margin);
  const x1 = Math.max(x0 + 1, width - x0);
  const y1 = Math.max(y0 + 1, height - y0);
  const hist = new Uint32Array(256);
  for (let y = y0; y < y1; y += 2) {
    const row = y * width;
    for (let x = x0; x < x1; x += 2) hist[data[row + x]!]!++;
  }
  let total = 0;
  for (let i = 0; i < 256; i++) total += hist[i]!;
  // paper: the 90th percentile of brightness (robust to text and to a few bright specks)
  let acc = 0;
  let paperLevel = 255;
  for (let i = 0; i < 256; i++) {
    acc += hist[i]!;
    if (acc >= total * 0.9) {
      paperLevel = i;
      break;
    }
  }
  return { x0, y0, x1, y1, hist, total, paperLevel };
}

export function measureInk(img: GrayImage, opts: InkOptions): InkMeasure {
  const { data, width, height } = img;
  const { x0, y0, x1, y1, hist, total, paperLevel } = paperOf(img, opts);
  // A page whose brightest tenth is still dark (a black page, a dark photo or cover) is not blank
  // paper: its ink is everything darker than mid-gray.
  if (paperLevel < DARK_PAGE_LEVEL) {
    let dark = 0;
    for (let i = 0; i < DARK_PAGE_LEVEL; i++) dark += hist[i]!;
    return { inkRatio: total > 0 ? dark / total : 0, paperLevel, inkPixels: dark };
  }
  const threshold = paperLevel - opts.inkContrast;
  let inkPixels = 0;
  if (threshold > 0) {
    for (let y = Math.max(y0, 1); y < Math.min(y1, height - 1); y++) {
      const row = y * width;
      for (let x = Math.max(x0, 1); x < Math.min(x1, width - 1); x++) {
        if (data[row + x]! >= threshold) continue;
        // keep a dark pixel only when at least two of its 8 neighbours are dark too
        let n = 0;
        const up = row - width;
        const down = row + width;
        if (data[up + x - 1]! < threshold) n++;
        if (data[up + x]! < threshold) n++;
        if (data[up + x + 1]! < threshold) n++;
        if (data[row + x - 1]! < threshold) n++;
        if (data[row + x + 1]! < threshold) n++;
        if (n < 2) {
          if (data[down + x - 1]! < threshold) n++;
          if (data[down + x]! < threshold) n++;
          if (data[down + x + 1]! < threshold) n++;
        }
        if (n >= 2) inkPixels++;
      }
    }
  }
  const area = (x1 - x0) * (y1 - y0);
  return { inkRatio: area > 0 ? inkPixels / area : 0, paperLevel, inkPixels };
}
