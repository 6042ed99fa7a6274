/** The one Romanian count rule («20 de pagini»), used by the station, the server and both web apps. */
import { describe, expect, it } from 'vitest';
import { countRo, pixelSizeRo, takesDe } from '../../shared/src/count-ro.ts';

describe('countRo', () => {
  it('puts «de» after numbers ending in 00 or 20–99, not after 0, 1–19 or 101–119', () => {
    const pages = (n: number) => countRo(n, 'pagină', 'pagini');
    expect([0, 1, 2, 19, 20, 21, 99, 100, 101, 119, 120, 200, 1000, 1019, 1020].map(pages)).toEqual([
      '0 pagini', '1 pagină', '2 pagini', '19 pagini', '20 de pagini', '21 de pagini', '99 de pagini', '100 de pagini',
      '101 pagini', '119 pagini', '120 de pagini', '200 de pagini', '1000 de pagini', '1019 pagini', '1020 de pagini',
    ]);
  });

  it('pixelSizeRo: the pixels agree with the number before them', () => {
    expect([[30001, 1], [600, 2], [30000, 19], [30000, 20], [5, 30000], [7, 101]].map(([w, h]) => pixelSizeRo(w!, h!))).toEqual([
      '30001 × 1 pixel', '600 × 2 pixeli', '30000 × 19 pixeli', '30000 × 20 de pixeli', '5 × 30000 de pixeli', '7 × 101 pixeli',
    ]);
  });

  it('takesDe is the same rule alone (for a number written apart from its noun)', () => {
    expect([0, 1, 19, 20, 100, 101, 120].map(takesDe)).toEqual([false, false, false, true, true, false, true]);
  });
});
