import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCATOR, locateBarcodeLike } from '../../../station/src/barcode/barcode-locator.ts';
import type { GrayImage } from '../../../station/src/barcode/zxing-reader.ts';

function page(w = 620, h = 877): GrayImage {
  return { data: new Uint8Array(w * h).fill(245), width: w, height: h };
}
function bars(img: GrayImage, x0: number, y0: number, w: number, h: number, vertical: boolean): void {
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      const t = vertical ? x - x0 : y - y0;
      if ((t >> 1) % 3 === 0) img.data[y * img.width + x] = 20;
    }
  }
}

describe('locateBarcodeLike', () => {
  it('finds a patch of parallel bars, vertical or horizontal', () => {
    const a = page();
    bars(a, 150, 100, 240, 60, true);
    expect(locateBarcodeLike(a, DEFAULT_LOCATOR)).toMatchObject({ candidate: true });
    const b = page();
    bars(b, 100, 200, 60, 240, false);
    expect(locateBarcodeLike(b, DEFAULT_LOCATOR)).toMatchObject({ candidate: true });
  });

  it('does not take a blank page, a thin rule or text-like texture for a barcode', () => {
    expect(locateBarcodeLike(page()).candidate).toBe(false);
    const rule = page();
    bars(rule, 60, 400, 500, 2, false);
    expect(locateBarcodeLike(rule).candidate).toBe(false);
    // «text»: small glyph boxes changing in both directions
    const text = page();
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let line = 0; line < 40; line++) {
      for (let x = 60; x < 560; x += 7) {
        if (rnd() < 0.2) continue;
        const y0 = 80 + line * 18;
        for (let y = y0; y < y0 + 9; y++) for (let xx = x; xx < x + 5; xx++) if (rnd() < 0.55) text.data[y * text.width + xx] = 30;
      }
    }
    expect(locateBarcodeLike(text).candidate).toBe(false);
  });

  it('reports the size of the largest patch and copes with tiny images', () => {
    const small = page();
    bars(small, 100, 100, 40, 24, true);
    const r = locateBarcodeLike(small);
    expect(r.largestPatch).toBeGreaterThan(0);
    expect(r.largestPatch).toBeLessThan(DEFAULT_LOCATOR.minBlocks);
    expect(locateBarcodeLike({ data: new Uint8Array(100), width: 10, height: 10 })).toEqual({ candidate: false, largestPatch: 0, regions: [] });
  });
});
