/**
 * A page worker's warm-up, before it says it is ready (`page-worker.ts`): the measures and the first
 * look run on a made-up colour page (paper with a little noise, lines of text, a blue stamp, bars as
 * a label's), so the WebAssembly kernels are compiled and their tables filled, and the hot JavaScript
 * (and zxing's reading of bars) optimised, before the batch's first page comes. Cold, a worker took
 * 20–50 ms on each of its first pages instead of 7–15 (wall, colour 200 dpi), and the pages behind
 * them waited: the batch's start kept fewer cores busy. The first look at a separator sheet took
 * 80 ms of CPU cold, 40 after a warm-up with the bars, 85 after one without. The pool is started when
 * the page context is made (`makePageContext`), once a batch: each batch pays the warm-up, 0.22–0.29 s
 * of CPU a worker, before its first page (outside `bench/split-child.ts`'s figures: README).
 */
import { DEFAULT_LOCATOR } from '../barcode/barcode-locator.ts';
import type { BarcodeReader } from '../barcode/zxing-reader.ts';
import { answerPageRequest, type PageRequest } from './page-work.ts';

/** An A4 page at 75 dpi (the preview of a 300 dpi page). */
const WIDTH = 620;
const HEIGHT = 877;
/** Runs of the measures: the kernels tier up after the first, the JavaScript within a few. */
const ROUNDS = 3;

/** Bars and spaces, 2 pixels a module (1: a bar), widths 1 to 4 modules, as a linear symbol's. */
const BARS = Array.from({ length: 90 }, (_, i) => ((i * 7) % 11) % 4).flatMap((w, i) => Array<number>(w + 1).fill(i % 2 === 0 ? 1 : 0)).slice(0, 90);

/** The made-up page, RGB, the same each time (a simple congruential generator for the noise, no randomness). */
export function warmUpPage(): { data: Uint8Array; width: number; height: number; channels: 3 } {
  const data = new Uint8Array(WIDTH * HEIGHT * 3);
  let seed = 12345;
  for (let y = 0, i = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++, i += 3) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const noise = (seed >>> 29) - 4;
      const text = y > 60 && y < 800 && y % 14 < 7 && x > 50 && x < 570 && (x >> 4) % 5 !== 0 && ((x * 7 + y) >> 2) % 3 !== 0;
      const dx = x - 480;
      const dy = y - 740;
      const ring = dx * dx + dy * dy < 55 * 55 && dx * dx + dy * dy > 45 * 45;
      // the look finds them and has zxing read them, closer too
      const bar = y >= 20 && y < 50 && x >= 380 && x < 560 && BARS[(x - 380) >> 1] === 1;
      const [r, g, b] = text || bar ? [30, 30, 36] : ring ? [45, 70, 175] : [246, 245, 240];
      data[i] = Math.max(0, Math.min(255, r + noise));
      data[i + 1] = Math.max(0, Math.min(255, g + noise));
      data[i + 2] = Math.max(0, Math.min(255, b + noise));
    }
  }
  return { data, width: WIDTH, height: HEIGHT, channels: 3 };
}

/**
 * Measures and looks at the made-up page a few times; what they find is thrown away. A failure here
 * is no page's: the real requests meet it and report it as theirs.
 */
export function warmUp(reader: BarcodeReader): void {
  const req: PageRequest = {
    op: 'measure',
    input: { rgb: warmUpPage(), pxPerMm: 75 / 25.4, ink: { inkContrast: 90, margin: 0.04 } },
    look: { formats: ['Code128', 'Code39', 'QRCode', 'DataMatrix'], locator: DEFAULT_LOCATOR, thorough: false, dpi: 75, maxInkRatio: 0.0004 },
  };
  try {
    for (let i = 0; i < ROUNDS; i++) answerPageRequest(reader, req);
  } catch {
    // left to the real requests
  }
}
