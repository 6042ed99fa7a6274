import { describe, expect, it } from 'vitest';
import { CellChroma, CellScratch, registrations } from '../../../station/src/imaging/colour-cells.ts';
import { mayBeChromatic } from '../../../station/src/imaging/colour-screen.ts';
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
