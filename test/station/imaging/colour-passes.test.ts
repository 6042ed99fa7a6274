import { describe, expect, it } from 'vitest';
import { isStationError, type StationError } from '../../../shared/src/errors.ts';
import { colourCases } from '../../../fixtures/lib/colour-page.ts';
import { CellChroma, CellScratch, registrations } from '../../../station/src/imaging/colour-cells.ts';
import { measureColour, type RgbRaster } from '../../../station/src/imaging/colour-content.ts';
import { colourPasses } from '../../../station/src/imaging/colour-passes.ts';
import { previewMemoryBytes, scratchAt } from '../../../station/src/imaging/preview-memory.ts';
import { previewDpi } from '../../../station/src/pipeline/page-types.ts';
import { measureColourWholePage, registration } from '../../support/colour-reference.ts';
import { colourPreviewPages, colourPreviews } from '../../support/colour-previews.ts';
import { rng } from '../../support/make-pages.ts';

/** A raster of random pixels, mostly near a paper colour (the counts the kernel adds to most), some anything. */
function raster(width: number, height: number, seed: number): RgbRaster {
  const r = rng(seed);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) {
    const any = r() < 0.3;
    for (let c = 0; c < 3; c++) data[i + c] = any ? Math.floor(r() * 256) : 230 + c * 5 + Math.floor(r() * 4);
  }
  return { data, width, height };
}

/** The paper pass as the JavaScript loop counted (one pixel at a time, one set of counts). */
function countsOf(img: RgbRaster, x0: number, y0: number, y1: number, n: number): { luma: number[]; joint: Map<number, number> } {
  const luma = new Array<number>(256).fill(0);
  const joint = new Map<number, number>();
  const add = (k: number) => joint.set(k, (joint.get(k) ?? 0) + 1);
  for (let y = y0; y < y1; y += 2) {
    for (let j = 0, i = (y * img.width + x0) * 3; j < n; j++, i += 6) {
      const r = img.data[i]!, g = img.data[i + 1]!, b = img.data[i + 2]!;
      const l = (r * 77 + g * 150 + b * 29) >> 8;
      luma[l]!++;
      add((l << 8) | r); add(65536 | (l << 8) | g); add(131072 | (l << 8) | b);
    }
  }
  return { luma, joint };
}

/** The kernel's counts, in the same form (only the non-zero joint counts). */
function kernelCounts(img: RgbRaster, x0: number, y0: number, y1: number, n: number): { luma: number[]; joint: Map<number, number> } {
  const passes = colourPasses(img);
  const { luma, joint } = passes.count(x0, y0, y1, n);
  const nonZero = new Map<number, number>();
  for (let k = 0; k < joint.length; k++) if (joint[k]) nonZero.set(k, joint[k]!);
  const out = { luma: Array.from(luma), joint: nonZero };
  passes.clearCounts();
  return out;
}

describe('colourPasses: the paper pass', () => {
  it('counts what the one-pixel-at-a-time loop counted: 1-pixel rasters, odd widths, odd and even sample counts, the raster\'s last pixel', () => {
    const cases: [number, number, number, number, number, number][] = [
      // width, height, x0, y0, y1, n (n samples every other pixel from x0)
      [1, 1, 0, 0, 1, 1],
      [2, 1, 0, 0, 1, 1],
      [3, 3, 0, 0, 3, 2], // the last pixel (2, 2), the raster's last byte
      [5, 4, 1, 1, 4, 2],
      [61, 37, 0, 0, 37, 31], // odd width, every row of the raster's parity, to its last pixel
      [64, 9, 3, 2, 8, 30],
      [200, 151, 3, 2, 148, 97],
    ];
    for (const [seed, [width, height, x0, y0, y1, n]] of cases.entries()) {
      expect(x0 + 2 * (n - 1)).toBeLessThan(width);
      const img = raster(width, height, seed + 1);
      expect(kernelCounts(img, x0, y0, y1, n), `${width} × ${height}`).toStrictEqual(countsOf(img, x0, y0, y1, n));
    }
  });

  it('does not add a page\'s counts onto the next page\'s when its caller skipped clearCounts, nor onto a second count of the same page', () => {
    const a = raster(61, 37, 7), b = raster(64, 9, 8);
    colourPasses(a).count(0, 0, 37, 31); // clearCounts skipped
    expect(kernelCounts(b, 3, 2, 8, 30)).toStrictEqual(countsOf(b, 3, 2, 8, 30));
    const passes = colourPasses(a);
    passes.count(0, 0, 37, 31);
    const { luma, joint } = passes.count(0, 0, 37, 31);
    const nonZero = new Map<number, number>();
    for (let k = 0; k < joint.length; k++) if (joint[k]) nonZero.set(k, joint[k]!);
    expect({ luma: Array.from(luma), joint: nonZero }).toStrictEqual(countsOf(a, 0, 0, 37, 31));
    passes.clearCounts();
  });

  it('lets go of the memory a huge preview needed at the next ordinary page, whose counts are right', () => {
    const huge: RgbRaster = { data: new Uint8Array(5000 * 4600 * 3).fill(240), width: 5000, height: 4600 };
    colourPasses(huge);
    expect(previewMemoryBytes()).toBeGreaterThan(69_000_000);
    const small = raster(61, 37, 7);
    expect(kernelCounts(small, 0, 0, 37, 31)).toStrictEqual(countsOf(small, 0, 0, 37, 31));
    expect(previewMemoryBytes()).toBeLessThan(8_000_000);
  });

  it('starts each page from zero: a large page\'s counts are gone when a small one is counted after it', () => {
    const big = raster(400, 300, 5);
    expect(kernelCounts(big, 0, 0, 300, 200).luma.reduce((a, b) => a + b, 0)).toBe(150 * 200);
    const small = raster(7, 5, 6);
    expect(kernelCounts(small, 0, 0, 5, 4)).toStrictEqual(countsOf(small, 0, 0, 5, 4));
  });
});

describe('colourPasses: the registration sums', () => {
  it('give the whole-page computation\'s shifts to the last bit on small rasters whose window reaches 2 pixels from every edge', () => {
    for (const [width, height] of [[6, 6], [7, 9], [9, 7], [33, 20], [101, 64]] as const) {
      for (const seed of [1, 2]) {
        const img = raster(width, height, seed * 100 + width);
        const black = [31.5, 28.25, 20.125], scale = [1 / 203.5, 1 / 211.75, 1 / 219.875];
        const [x0, y0, x1, y1] = [2, 2, width - 2, height - 2];
        expect(registrations(img, x0, y0, x1, y1, black, scale), `${width} × ${height}`)
          .toStrictEqual([registration(img, x0, y0, x1, y1, 0, black, scale), registration(img, x0, y0, x1, y1, 2, black, scale)]);
      }
    }
  });
});

describe('colourPasses: the cells\' sums', () => {
  it('give a page\'s cells the same figures when another page went through the kernel in between (copied in again)', () => {
    const a = raster(90, 70, 31), b = raster(120, 80, 32);
    const black = [31.5, 28.25, 20.125], scale = [1 / 203.5, 1 / 211.75, 1 / 219.875];
    for (const cell of [1, 2, 3, 5]) {
      const grid = { x0: 2, y0: 2, x1: 88, y1: 68, cell, cw: Math.floor(86 / cell), ch: Math.floor(66 / cell) };
      const n = grid.cw * grid.ch;
      const shifts = registrations(a, 2, 2, 88, 68, black, scale);
      const alone = new CellChroma(a, grid, black, scale, shifts, new CellScratch(), colourPasses(a));
      const expected = Array.from({ length: n }, (_, k) => alone.at(k));
      const interleaved = new CellChroma(a, grid, black, scale, shifts, new CellScratch(), colourPasses(a));
      const got = Array.from({ length: n }, (_, k) => {
        if (k % 7 === 0) colourPasses(b); // another page copied into the kernel
        return interleaved.at(k);
      });
      expect(got, `cells of ${cell}`).toStrictEqual(expected);
    }
  });

  it('refuse to run on a page the kernel no longer holds (as the paper and registration passes do)', () => {
    const a = raster(30, 20, 41);
    const cells = colourPasses(a);
    const grid = { x0: 2, y0: 2, x1: 28, y1: 18, cell: 2, cw: 13, ch: 8 };
    const chromas = () => cells.cellChromas(grid, [20, 20, 20], [0.005, 0.005, 0.005], [0, -3, -90, -93, 2, -1, -88, -91], [0.5, 0.2, 0.2, 0.1, 0.6, 0.1, 0.2, 0.1], Int32Array.of(0, 7, 103), 3);
    expect(chromas()).toHaveLength(3);
    const passes = colourPasses(raster(30, 20, 42));
    expect(() => chromas()).toThrow(/another page/);
    const steps = passes.registration([20, 20, 20], [0.005, 0.005, 0.005]);
    colourPasses(a);
    expect(() => passes.count(0, 0, 20, 15)).toThrow(/another page/);
    expect(() => steps.firstStep(2, 2, 18, 13)).toThrow(/another page/);
  });

  it('a grid claiming more cells than a memory can hold asks for all its room (rounded arithmetically, not wrapped by & ~7): INPUT_TOO_LARGE', () => {
    const a = raster(30, 20, 43);
    const cw = 65536, ch = 32768, n = cw * ch; // the flags' end past 2^31: `& ~7` made the means' offset negative
    const grid = { x0: 0, y0: 0, x1: 30, y1: 20, cell: 2, cw, ch };
    let err: unknown;
    try {
      colourPasses(a).cellChromas(grid, [20, 20, 20], [0.005, 0.005, 0.005], [0, -3, -90, -93, 2, -1, -88, -91], [0.5, 0.2, 0.2, 0.1, 0.6, 0.1, 0.2, 0.1], Int32Array.of(0), 1);
    } catch (e) {
      err = e;
    }
    expect(isStationError(err, 'INPUT_TOO_LARGE'), String(err)).toBe(true);
    // the header (128), a byte of flags a cell, then the means and the rows of three (12 bytes a cell each)
    expect((err as StationError).details.needBytes).toBeGreaterThanOrEqual(scratchAt(30 * 20 * 3) + 128 + 25 * n);
  });
});

describe('colourPasses on real colour previews', () => {
  it('the colour cases and dense colour letters at 200 and 300 dpi: the same counts, shifts and measure as the JavaScript and the whole-page computation', { timeout: 600_000 }, async () => {
    const dir = await colourPreviewPages('colour-passes-pages', 2);
    let pages = 0;
    for await (const { sub, file, page, img } of colourPreviews(dir)) {
      pages++;
      const label = `${sub}/${file}`;
      // the paper pass over the measure's window, every other row and column
      const [x0, y0] = [Math.floor(img.width * 0.015), Math.floor(img.height * 0.015)];
      const [x1, y1] = [img.width - x0, img.height - y0];
      const n = Math.ceil((x1 - x0) / 2);
      expect(kernelCounts(img, x0, y0, y1, n), label).toStrictEqual(countsOf(img, x0, y0, y1, n));
      // the shifts, on this page's paper
      const m = measureColour(img, previewDpi(page) / 25.4);
      const black = m.paper.map((p) => p / 8), scale = m.paper.map((p, c) => 1 / (p - black[c]!));
      const [rx0, ry0, rx1, ry1] = [Math.max(x0, 2), Math.max(y0, 2), Math.min(x1, img.width - 2), Math.min(y1, img.height - 2)];
      expect(registrations(img, rx0, ry0, rx1, ry1, black, scale), label)
        .toStrictEqual([registration(img, rx0, ry0, rx1, ry1, 0, black, scale), registration(img, rx0, ry0, rx1, ry1, 2, black, scale)]);
      expect(m, label).toStrictEqual(measureColourWholePage(img, previewDpi(page) / 25.4));
    }
    expect(pages).toBe(2 * (colourCases().length + 2));
  });
});
