/**
 * The blobs of inked cells, found run by run, are those a flood fill from each cell finds (8-connected),
 * with the same measures and in the same order (their first cell, row by row): on shapes whose runs
 * join only lower down (a U, a spiral, a comb), cells touching by a corner only, and random grids.
 */
import { describe, expect, it } from 'vitest';
import { cellBlobs, type CellBlob, type CellMeasures } from '../../../station/src/barcode/cell-blobs.ts';
import { rng } from '../../support/make-pages.ts';

const MIN_SUM = 40;
const MIN_PEAK = 60;

/** The flood fill the run-by-run search replaced: from each inked cell not yet seen, its 8 neighbours. */
function referenceBlobs(g: CellMeasures): CellBlob[] {
  const { sum, peak, cw, ch } = g;
  const inked = (k: number) => sum[k]! >= MIN_SUM || peak[k]! >= MIN_PEAK;
  const seen = new Uint8Array(cw * ch);
  const out: CellBlob[] = [];
  for (let start = 0; start < cw * ch; start++) {
    if (!inked(start) || seen[start]) continue;
    const b: CellBlob = { cells: 0, total: 0, darkest: 0, minX: cw, maxX: -1, minY: ch, maxY: -1 };
    const stack = [start];
    seen[start] = 1;
    while (stack.length > 0) {
      const k = stack.pop()!;
      const x = k % cw;
      const y = (k - x) / cw;
      b.cells++;
      b.total += sum[k]!;
      b.darkest = Math.max(b.darkest, peak[k]!);
      b.minX = Math.min(b.minX, x);
      b.maxX = Math.max(b.maxX, x);
      b.minY = Math.min(b.minY, y);
      b.maxY = Math.max(b.maxY, y);
      for (let ny = Math.max(0, y - 1); ny <= Math.min(ch - 1, y + 1); ny++) {
        for (let nx = Math.max(0, x - 1); nx <= Math.min(cw - 1, x + 1); nx++) {
          const n = ny * cw + nx;
          if (inked(n) && !seen[n]) {
            seen[n] = 1;
            stack.push(n);
          }
        }
      }
    }
    out.push(b);
  }
  return out;
}

/** A grid drawn with `#` (inked by its sum), `*` (inked by its peak only) and `.` (paper), measures varying by cell. */
function grid(rows: string[]): CellMeasures {
  const cw = rows[0]!.length;
  const ch = rows.length;
  const sum = new Int32Array(cw * ch);
  const peak = new Uint8Array(cw * ch);
  rows.forEach((row, y) => [...row].forEach((c, x) => {
    const k = y * cw + x;
    sum[k] = c === '#' ? MIN_SUM + ((k * 7) % 50) : (k * 3) % MIN_SUM;
    peak[k] = c === '*' ? MIN_PEAK + (k % 40) : c === '#' ? (k * 11) % 255 : k % MIN_PEAK;
  }));
  return { sum, peak, cw, ch };
}

describe('cellBlobs', () => {
  it('shapes whose runs join only further down, and cells touching by a corner', () => {
    const shapes = [
      ['#...#', '#...#', '#...#', '#####'],
      ['#.#.#.#', '#.#.#.#', '#######', '.......', '*.....*'],
      ['#######', '......#', '#####.#', '#...#.#', '#.#.#.#', '#.###.#', '#.....#', '#######'],
      ['#.#.#', '.#.#.', '#.#.#'],
      ['*..*', '.**.', '.**.', '*..*'],
      ['.....', '.....'],
      ['#####', '#####'],
      ['..#', '.#.', '#..', '...', '#.#', '...', '.#.'],
    ];
    for (const rows of shapes) {
      const g = grid(rows);
      expect(cellBlobs(g, MIN_SUM, MIN_PEAK), rows.join('/')).toEqual(referenceBlobs(g));
    }
  });

  it('random grids of every density', () => {
    const r = rng(41);
    for (let round = 0; round < 200; round++) {
      const cw = 1 + Math.floor(r() * 60);
      const ch = 1 + Math.floor(r() * 40);
      const density = r();
      const rows = Array.from({ length: ch }, () => Array.from({ length: cw }, () => (r() < density ? (r() < 0.8 ? '#' : '*') : '.')).join(''));
      const g = grid(rows);
      expect(cellBlobs(g, MIN_SUM, MIN_PEAK), `round ${round}`).toEqual(referenceBlobs(g));
    }
  });

  it('a large grid after a small one, and a small one after it (the arrays kept from call to call)', () => {
    const r = rng(5);
    for (const [cw, ch] of [[3, 2], [160, 230], [4, 4], [200, 10]] as const) {
      const rows = Array.from({ length: ch }, () => Array.from({ length: cw }, () => (r() < 0.45 ? '#' : '.')).join(''));
      const g = grid(rows);
      expect(cellBlobs(g, MIN_SUM, MIN_PEAK)).toEqual(referenceBlobs(g));
    }
  });
});
