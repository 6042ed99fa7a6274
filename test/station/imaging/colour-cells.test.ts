import { describe, expect, it } from 'vitest';
import { CellChroma, CellScratch, registrations, type Shift } from '../../../station/src/imaging/colour-cells.ts';
import { colourPasses } from '../../../station/src/imaging/colour-passes.ts';
import { previewMemoryBytes } from '../../../station/src/imaging/preview-memory.ts';
import { cellChromaReference, registration } from '../../support/colour-reference.ts';
import { rng } from '../../support/make-pages.ts';

/** A 200 × 160 RGB raster: paper, black strokes every 9 pixels with red read `shift` pixels to the right of green, a blue patch, noise. */
function page(shift: number): { data: Uint8Array; width: number; height: number } {
  const width = 200, height = 160;
  const data = new Uint8Array(width * height * 3);
  const next = rng(11);
  const inkAt = (x: number, y: number) => (x % 9 < 3 && y > 20 && y < 140 ? 1 : 0);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 3;
      // green sees the strokes where they are, red `shift` pixels to the right (a linear blend)
      const g = inkAt(x, y);
      const r = (1 - (shift % 1)) * inkAt(x - Math.floor(shift), y) + (shift % 1) * inkAt(x - Math.floor(shift) - 1, y);
      const blue = x > 120 && x < 170 && y > 40 && y < 90;
      const n = () => (next() - 0.5) * 4;
      data[i] = Math.round(240 - 200 * r - (blue ? 150 : 0) + n());
      data[i + 1] = Math.round(240 - 200 * g - (blue ? 90 : 0) + n());
      data[i + 2] = Math.round(240 - 200 * g + n());
    }
  }
  return { data, width, height };
}

const black = [30, 30, 30], scale = [1 / 210, 1 / 210, 1 / 210];

describe('registrations', () => {
  it('finds how far red sits from green, and no shift for blue', () => {
    // red shows at x what green shows at x − 1: R(p) ≈ G(p + s) with s = −1
    const [red, blue] = registrations(page(1), 2, 2, 198, 158, black, scale);
    expect(red.x).toBeCloseTo(-1, 1);
    expect(Math.abs(red.y)).toBeLessThan(0.1);
    expect(Math.abs(blue.x) + Math.abs(blue.y)).toBeLessThan(0.1);
  });

  it('gives the whole-page computation\'s shifts to the last bit, red and blue', () => {
    for (const shift of [0, 0.6, 1, 1.3]) {
      const img = page(shift);
      // stretches of a tinted paper, and a window whose width is odd (the last sample of a row)
      for (const [bl, sc] of [[black, scale], [[41.5, 38.25, 20.125], [1 / 201.5, 1 / 199.75, 1 / 160.875]]] as const) {
        const ours = registrations(img, 3, 2, 196, 157, bl, sc);
        expect(ours).toStrictEqual([registration(img, 3, 2, 196, 157, 0, bl, sc), registration(img, 3, 2, 196, 157, 2, bl, sc)]);
      }
    }
  });
});

describe('CellChroma: figures worked out on first use', () => {
  it('gives every cell the same chroma whatever order the cells are asked in', () => {
    const img = page(0.6);
    const grid = { x0: 2, y0: 2, x1: 198, y1: 158, cell: 3, cw: 65, ch: 52 };
    const n = grid.cw * grid.ch;
    const shifts = registrations(img, grid.x0, grid.y0, grid.x1, grid.y1, black, scale);
    // each on its own working memory: neither can read the other's figures
    const forward = new CellChroma(img, grid, black, scale, shifts, new CellScratch());
    const inOrder = Array.from({ length: n }, (_, k) => forward.at(k));
    const backward = new CellChroma(img, grid, black, scale, shifts, new CellScratch());
    const reversed = Array.from({ length: n }, (_, k) => backward.at(n - 1 - k)).reverse();
    expect(reversed).toEqual(inOrder);
    // asked again, the same (kept, not worked out twice differently)
    expect(Array.from({ length: n }, (_, k) => forward.at(k))).toEqual(inOrder);
    // the blue patch is chromatic, the registered black strokes are not
    expect(forward.at(20 * grid.cw + 48)).toBeGreaterThan(13);
    expect(Math.max(...inOrder.filter((_, k) => k % grid.cw < 35))).toBeLessThan(6);
  });

  it('a new page on the same working memory does not read the last page\'s figures', () => {
    const grid = { x0: 2, y0: 2, x1: 198, y1: 158, cell: 3, cw: 65, ch: 52 };
    const mem = new CellScratch();
    const k = 20 * grid.cw + 48; // in the blue patch
    const blue = page(0);
    const first = new CellChroma(blue, grid, black, scale, registrations(blue, 2, 2, 198, 158, black, scale), mem).at(k);
    // the same page without its blue patch (paper where it was)
    const plain = page(0);
    for (let y = 41; y < 90; y++) for (let x = 121; x < 170; x++) plain.data.set([240, 240, 240], (y * 200 + x) * 3);
    const second = new CellChroma(plain, grid, black, scale, registrations(plain, 2, 2, 198, 158, black, scale), mem).at(k);
    expect(first).toBeGreaterThan(13);
    expect(second).toBeLessThan(3);
  });
});

describe('CellChroma: the kernel\'s figures', () => {
  // shifts at and near the clamp (±1.5), whole pixels, and in between
  const shifts: [Shift, Shift][] = [
    [{ y: 0.3, x: -0.6 }, { y: -0.2, x: 0.1 }], [{ y: -1.5, x: -1.5 }, { y: 1.5, x: 1.5 }], [{ y: 1, x: -1 }, { y: 0, x: 0 }], [{ y: 1.4999, x: -1.4999 }, { y: -0.25, x: 0.7 }],
  ];

  it('are the whole-grid JavaScript\'s to the last bit: every cell, cells of 1 to 5 pixels, shifts up to the clamp, asked at once or one at a time', () => {
    const img = page(0.6);
    for (const cell of [1, 2, 3, 4, 5]) {
      for (const [t, sh] of shifts.entries()) {
        const grid = { x0: 2, y0: 2, x1: 198, y1: 158, cell, cw: Math.floor(196 / cell), ch: Math.floor(156 / cell) };
        const n = grid.cw * grid.ch;
        const expected = Array.from(cellChromaReference(img, grid, black, scale, sh));
        const all = new CellChroma(img, grid, black, scale, sh, new CellScratch());
        all.prepare(Array.from({ length: n }, (_, k) => k));
        expect(Array.from({ length: n }, (_, k) => all.at(k)), `cells of ${cell}, shifts ${t}`).toStrictEqual(expected);
        // one at a time, every 7th cell (first and last rows and columns among them)
        const one = new CellChroma(img, grid, black, scale, sh, new CellScratch());
        for (let k = 0; k < n; k += 7) expect(one.at(k), `cells of ${cell}, shifts ${t}, cell ${k}`).toBe(expected[k]);
      }
    }
  });

  it('are the whole-grid JavaScript\'s on grids of one row, one column and one cell, reaching the raster\'s last pixels', () => {
    const next = rng(5);
    for (const [cw, ch, cell] of [[1, 1, 1], [1, 1, 3], [1, 4, 2], [5, 1, 2], [2, 2, 5], [3, 3, 1]] as const) {
      // the grid 2 pixels clear of the edges; reads moved back by up to (±1.5, ±1.5)
      const width = cw * cell + 4, height = ch * cell + 4;
      const data = Uint8Array.from({ length: width * height * 3 }, () => (next() < 0.6 ? 200 + next() * 40 : next() * 256));
      const img = { data, width, height };
      const grid = { x0: 2, y0: 2, x1: width - 2, y1: height - 2, cell, cw, ch };
      for (const sh of shifts) {
        const expected = Array.from(cellChromaReference(img, grid, black, scale, sh));
        const cells = new CellChroma(img, grid, black, scale, sh, new CellScratch());
        cells.prepare(Array.from({ length: cw * ch }, (_, k) => cw * ch - 1 - k));
        expect(Array.from({ length: cw * ch }, (_, k) => cells.at(k)), `${cw} × ${ch} cells of ${cell}`).toStrictEqual(expected);
      }
    }
  });

  it('are the whole-grid JavaScript\'s for a stretch that is not finite (a NaN indexes the tables\' first entry, as `| 0` does: no trap)', () => {
    const img = page(0.6);
    const grid = { x0: 2, y0: 2, x1: 198, y1: 158, cell: 3, cw: 65, ch: 52 };
    const n = grid.cw * grid.ch, sh = shifts[0]!;
    for (const sc of [[Infinity, 1 / 210, 1 / 210], [1 / 210, NaN, -Infinity]]) {
      const expected = Array.from(cellChromaReference(img, grid, black, sc, sh));
      const cells = new CellChroma(img, grid, black, sc, sh, new CellScratch());
      cells.prepare(Array.from({ length: n }, (_, k) => k));
      expect(Array.from({ length: n }, (_, k) => cells.at(k)), String(sc)).toStrictEqual(expected);
    }
  });

  it('are the whole-grid JavaScript\'s again after a huge preview\'s memory was let go (the chroma tables copied into the new memory)', () => {
    const img = page(0.6);
    const grid = { x0: 2, y0: 2, x1: 198, y1: 158, cell: 3, cw: 65, ch: 52 };
    const n = grid.cw * grid.ch, sh = shifts[0]!;
    const expected = Array.from(cellChromaReference(img, grid, black, scale, sh));
    const every = () => {
      const cells = new CellChroma(img, grid, black, scale, sh, new CellScratch());
      cells.prepare(Array.from({ length: n }, (_, k) => k));
      return Array.from({ length: n }, (_, k) => cells.at(k));
    };
    expect(every()).toStrictEqual(expected);
    colourPasses({ data: new Uint8Array(5000 * 4600 * 3).fill(240), width: 5000, height: 4600 });
    expect(previewMemoryBytes()).toBeGreaterThan(69_000_000);
    expect(every()).toStrictEqual(expected);
    expect(previewMemoryBytes()).toBeLessThan(8_000_000);
  });
});
