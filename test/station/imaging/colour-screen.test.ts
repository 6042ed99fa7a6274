import { describe, expect, it } from 'vitest';
import { colourCases } from '../../../fixtures/lib/colour-page.ts';
import { CellChroma, CellScratch, registrations, type CellGrid, type Shift } from '../../../station/src/imaging/colour-cells.ts';
import { measureColour, type RgbRaster } from '../../../station/src/imaging/colour-content.ts';
import { mayBeChromatic } from '../../../station/src/imaging/colour-screen.ts';
import { previewMemoryBytes } from '../../../station/src/imaging/preview-memory.ts';
import { previewDpi } from '../../../station/src/pipeline/page-types.ts';
import { mayBeChromaticReference } from '../../support/colour-screen-reference.ts';
import { colourPreviewPages, colourPreviews } from '../../support/colour-previews.ts';
import { rng } from '../../support/make-pages.ts';

/**
 * A 240 × 200 RGB raster: noisy paper, black strokes with red and blue read a fraction of a pixel
 * off green (`shift`), faint to strong colour patches graded across (cells on both sides of every
 * threshold), 1 px coloured lines, noise.
 */
function page(shift: { x: number; y: number }, seed: number): { data: Uint8Array; width: number; height: number } {
  const width = 240, height = 200;
  const data = new Uint8Array(width * height * 3);
  const next = rng(seed);
  const ink = (x: number, y: number) => (x % 11 < 3 && y % 40 > 8 && y % 40 < 30 && x > 10 && x < 110 ? 1 : 0);
  // a channel read `d` pixels off green sees the strokes moved (bilinear)
  const moved = (x: number, y: number, dx: number, dy: number) => {
    const fx = Math.floor(dx), fy = Math.floor(dy), tx = dx - fx, ty = dy - fy;
    return (1 - ty) * ((1 - tx) * ink(x - fx, y - fy) + tx * ink(x - fx - 1, y - fy)) + ty * ((1 - tx) * ink(x - fx, y - fy - 1) + tx * ink(x - fx - 1, y - fy - 1));
  };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      // patches: columns 120..235, strength growing to the right, hue by band of rows
      const patch = x >= 120 && x < 236 && y >= 10 && y < 190 ? (x - 120) / 116 : 0;
      const hue = Math.floor(y / 30) % 3;
      const line = (x === 60 + (y % 7) && y > 150) || (y === 140 && x > 20 && x < 100);
      const n = () => (next() - 0.5) * 8;
      let r = 236 - 200 * moved(x, y, shift.x, shift.y), g = 234 - 200 * ink(x, y), b = 228 - 200 * moved(x, y, -shift.x, -shift.y);
      r -= patch * (hue === 0 ? 10 : hue === 1 ? 40 : 0); g -= patch * (hue === 0 ? 30 : hue === 1 ? 5 : 25); b -= patch * (hue === 0 ? 0 : hue === 1 ? 35 : 30);
      if (line) { r -= hue === 0 ? 150 : 20; g -= 110; b -= hue === 0 ? 20 : 150; }
      data[i] = Math.max(0, Math.min(255, Math.round(r + n())));
      data[i + 1] = Math.max(0, Math.min(255, Math.round(g + n())));
      data[i + 2] = Math.max(0, Math.min(255, Math.round(b + n())));
    }
  }
  return { data, width, height };
}

const black = [22, 22, 21], scale = [1 / (236 - 22), 1 / (234 - 22), 1 / (228 - 21)];

describe('mayBeChromatic: the cells the exact figures are worked out for', () => {
  for (const cell of [1, 2, 3, 4]) {
    it(`keeps every cell whose exact chroma reaches the threshold, cells of ${cell} px, any shift`, () => {
      for (const [seed, shift] of [[1, { x: 0.6, y: -0.3 }], [2, { x: -1.4, y: 0.9 }], [3, { x: 0, y: 0 }]] as const) {
        const img = page(shift, seed + cell * 10);
        const grid = { x0: 2, y0: 2, x1: 238, y1: 198, cell, cw: Math.floor(236 / cell), ch: Math.floor(196 / cell) };
        const n = grid.cw * grid.ch;
        const shifts = registrations(img, grid.x0, grid.y0, grid.x1, grid.y1, black, scale);
        const exact = new CellChroma(img, grid, black, scale, shifts, new CellScratch());
        const chroma = Array.from({ length: n }, (_, k) => exact.at(k));
        for (const threshold of [2, 4, 6, 13]) {
          const open = mayBeChromatic(img, grid, black, scale, shifts[0], shifts[1], threshold);
          const kept = new Set(open);
          const missed = chroma.flatMap((c, k) => (c >= threshold && !kept.has(k) ? [`cell ${k}: ${c}`] : []));
          expect({ seed, threshold, missed: missed.slice(0, 3) }).toEqual({ seed, threshold, missed: [] });
          // raster order, each once
          expect(open.every((k, j) => j === 0 || k > open[j - 1]!)).toBe(true);
          // and it rules out: the cells it keeps are about those that reach the threshold, not the page
          const reach = chroma.filter((c) => c >= threshold).length;
          expect({ seed, threshold, few: open.length <= reach * 1.5 + n * 0.02 }).toEqual({ seed, threshold, few: true });
        }
      }
    });
  }
});

type Screen = [img: RgbRaster, grid: CellGrid, black: number[], scale: number[], red: Shift, blue: Shift, threshold: number];

/** The cells the kernel keeps against the JavaScript screen's (the reference), for one input. */
function same(...c: Screen): { kernel: number[]; reference: number[] } {
  return { kernel: mayBeChromatic(...c), reference: mayBeChromaticReference(...c) };
}

/** The grid `measureColour` lays on a raster (margins 1.5 %, 2 pixels clear of the edges). */
function gridOf(width: number, height: number, cell: number): CellGrid {
  const x0 = Math.max(Math.floor(width * 0.015), 2), y0 = Math.max(Math.floor(height * 0.015), 2);
  const x1 = Math.min(width - Math.floor(width * 0.015), width - 2), y1 = Math.min(height - Math.floor(height * 0.015), height - 2);
  return { x0, y0, x1, y1, cell, cw: Math.floor((x1 - x0) / cell), ch: Math.floor((y1 - y0) / cell) };
}

// shifts at and near the clamp (±1.5), whole pixels, and in between
const SHIFTS: Shift[] = [{ y: -1.5, x: -1.5 }, { y: 1.5, x: 1.5 }, { y: -1.5, x: 1.5 }, { y: 1, x: -1 }, { y: 0, x: 0 }, { y: -0.25, x: 0.7 }, { y: 1.4999, x: -1.4999 }];
const THRESHOLDS = [2, 4, 6, 13];

describe('mayBeChromatic: the kernel keeps exactly the cells the JavaScript screen kept', () => {
  it('on random rasters: odd and even widths, cells of 1 to 5 pixels, shifts up to the clamp, every threshold', () => {
    const next = rng(7);
    for (let t = 0; t < 120; t++) {
      const cell = 1 + (t % 5), width = 5 + cell + Math.floor(next() * 40), height = 5 + cell + Math.floor(next() * 30);
      // paper with specks of any colour: cells on both sides of every test
      const data = Uint8Array.from({ length: width * height * 3 }, () => (next() < 0.7 ? 200 + next() * 40 : next() * 256));
      const grid = { x0: 2, y0: 2, x1: width - 2, y1: height - 2, cell, cw: Math.floor((width - 4) / cell), ch: Math.floor((height - 4) / cell) };
      const red = SHIFTS[t % SHIFTS.length]!, blue = SHIFTS[(t * 3 + 1) % SHIFTS.length]!;
      for (const threshold of THRESHOLDS) {
        const r = same({ data, width, height }, grid, [20, 24, 17], [1 / 215, 1 / 212, 1 / 219], red, blue, threshold);
        expect({ t, cell, width, threshold, kept: r.kernel }).toEqual({ t, cell, width, threshold, kept: r.reference });
      }
    }
  });

  it('on a raster of exactly one cell, reading the raster\'s last byte, whatever lies past it in the kernel\'s memory', () => {
    for (const cell of [1, 2, 3, 4, 5]) {
      // one cell 2 pixels clear of each edge; blue moved back by (−1.5, −1.5) reads the last pixel's blue
      const width = cell + 4, height = cell + 4;
      const grid = { x0: 2, y0: 2, x1: width - 2, y1: height - 2, cell, cw: 1, ch: 1 };
      const kept = (last: number) => {
        const data = new Uint8Array(width * height * 3).fill(200);
        data[data.length - 1] = last;
        const r = same({ data, width, height }, grid, [20, 20, 20], [1 / 180, 1 / 180, 1 / 180], { y: 0, x: 0 }, { y: -1.5, x: -1.5 }, 0.5);
        expect(r.kernel).toEqual(r.reference);
        return r.kernel;
      };
      // the last byte decides: neutral when it is the paper's, blue missing when it is 0
      expect({ cell, paper: kept(200), dark: kept(0) }).toEqual({ cell, paper: [], dark: [0] });
      // what an earlier, larger raster left in the kernel's memory past this one does not count
      const big = { data: new Uint8Array(200 * 200 * 3).fill(255), width: 200, height: 200 };
      mayBeChromatic(big, gridOf(200, 200, cell), [20, 20, 20], [1 / 180, 1 / 180, 1 / 180], { y: 0, x: 0 }, { y: 0, x: 0 }, 6);
      expect({ cell, paper: kept(200) }).toEqual({ cell, paper: [] });
      big.data.fill(0);
      mayBeChromatic(big, gridOf(200, 200, cell), [20, 20, 20], [1 / 180, 1 / 180, 1 / 180], { y: 0, x: 0 }, { y: 0, x: 0 }, 6);
      expect({ cell, dark: kept(0) }).toEqual({ cell, dark: [0] });
    }
  });

  it('on a page that is colour all over (every cell kept: more than the room first given to the cells kept)', () => {
    for (const cell of [1, 2, 3, 4]) {
      const width = 4 + 40 * cell + 1, height = 4 + 30 * cell;
      const data = new Uint8Array(width * height * 3);
      for (let i = 0; i < data.length; i += 3) { data[i] = 200; data[i + 1] = 60; data[i + 2] = 40; }
      const grid = { x0: 2, y0: 2, x1: width - 2, y1: height - 2, cell, cw: 40, ch: 30 };
      const r = same({ data, width, height }, grid, [20, 20, 20], [1 / 200, 1 / 200, 1 / 200], { y: 0.3, x: -0.6 }, { y: -1.5, x: 1.5 }, 6);
      expect(r.kernel).toEqual(r.reference);
      expect(r.kernel.length).toBe(40 * 30);
    }
  });

  it('lets go of the memory a huge preview needed at the next ordinary page, whose cells are right', () => {
    const width = 5000, height = 4600;
    const data = new Uint8Array(width * height * 3).fill(240);
    mayBeChromatic({ data, width, height }, gridOf(width, height, 2), [20, 20, 20], [1 / 220, 1 / 220, 1 / 220], { y: 0, x: 0 }, { y: 0, x: 0 }, 6);
    expect(previewMemoryBytes()).toBeGreaterThan(69_000_000);
    const next = rng(5);
    const small = { data: Uint8Array.from({ length: 61 * 37 * 3 }, () => next() * 256), width: 61, height: 37 };
    const r = same(small, gridOf(61, 37, 3), [20, 24, 17], [1 / 215, 1 / 212, 1 / 219], { y: 0.4, x: -1.2 }, { y: -1, x: 0.5 }, 6);
    expect(r.kernel).toEqual(r.reference);
    expect(previewMemoryBytes()).toBeLessThan(8_000_000);
  });

  it('on wide and tall rasters (rows of cells of either parity, grids that stop short of the edges)', () => {
    const next = rng(11);
    for (const [width, height, cell] of [[31, 9, 2], [32, 9, 2], [41, 10, 3], [44, 10, 3], [9, 61, 2], [10, 71, 3], [7, 7, 3], [6, 6, 2]] as const) {
      const data = Uint8Array.from({ length: width * height * 3 }, () => (next() < 0.5 ? 230 : next() * 256));
      for (const shift of SHIFTS) {
        for (const grid of [gridOf(width, height, cell), { x0: 2, y0: 2, x1: width - 2, y1: height - 2, cell, cw: Math.floor((width - 4) / cell), ch: Math.floor((height - 4) / cell) }]) {
          if (grid.cw < 1 || grid.ch < 1) continue;
          const r = same({ data, width, height }, grid, [30, 28, 33], [1 / 200, 1 / 205, 1 / 190], shift, { y: -shift.y, x: shift.x / 2 }, 6);
          expect({ width, cell, shift, kept: r.kernel }).toEqual({ width, cell, shift, kept: r.reference });
        }
      }
    }
  });

  it('on the colour previews of colour cases and dense colour letters at 200 and 300 dpi', { timeout: 600_000 }, async () => {
    const dir = await colourPreviewPages('colour-screen-pages', 4);
    let pages = 0, cellsKept = 0;
    for await (const { file, page, img } of colourPreviews(dir)) {
      const pxPerMm = previewDpi(page) / 25.4;
      const grid = gridOf(img.width, img.height, Math.max(1, Math.ceil(pxPerMm * 0.6)));
      // the page's paper, a black below it, the page's own registration
      const paper = measureColour(img, pxPerMm).paper;
      const black = paper.map((p) => p * 0.12), scale = paper.map((p, c) => 1 / (p - black[c]!));
      const [red, blue] = registrations(img, grid.x0, grid.y0, grid.x1, grid.y1, black, scale);
      for (const threshold of [3, 6, 13]) {
        const r = same(img, grid, black, scale, red, blue, threshold);
        expect({ file, threshold, kept: r.kernel }).toEqual({ file, threshold, kept: r.reference });
        cellsKept += r.kernel.length;
      }
      pages++;
    }
    expect(pages).toBe(2 * (colourCases().length + 4));
    expect(cellsKept).toBeGreaterThan(0);
  });
});
