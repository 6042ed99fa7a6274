/**
 * fullAreaReader checks its rectangle once, at the top: whole pixels, inside the raster, not empty;
 * anything else is INTERNAL (a caller's bug), and nothing is decoded for it.
 */
import { describe, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import type { PixelRect } from '../../../station/src/barcode/gray-crop.ts';
import { fullAreaReader } from '../../../station/src/pipeline/full-area-reader.ts';
import type { GrayImage } from '../../../station/src/barcode/zxing-reader.ts';

const W = 100;
const H = 80;

function reader(): { read: (r: PixelRect) => Promise<unknown>; decodes: { areas: number; whole: number } } {
  const decodes = { areas: 0, whole: 0 };
  const raster = (w: number, h: number): GrayImage => ({ data: new Uint8Array(w * h), width: w, height: h });
  const area = fullAreaReader(W, H, { started: () => undefined, decode: async () => (decodes.whole++, raster(W, H)) }, async (r) => (decodes.areas++, raster(r.x1 - r.x0, r.y1 - r.y0)));
  return { read: area.read, decodes };
}

describe('fullAreaReader: the rectangle asked for', () => {
  const bad: [string, PixelRect][] = [
    ['not whole pixels', { x0: 10.5, y0: 0, x1: 20, y1: 10 }],
    ['NaN', { x0: 0, y0: Number.NaN, x1: 20, y1: 10 }],
    ['left of the raster', { x0: -1, y0: 0, x1: 20, y1: 10 }],
    ['above the raster', { x0: 0, y0: -3, x1: 20, y1: 10 }],
    ['empty across', { x0: 20, y0: 0, x1: 20, y1: 10 }],
    ['empty down', { x0: 0, y0: 10, x1: 20, y1: 10 }],
    ['reversed', { x0: 30, y0: 0, x1: 20, y1: 10 }],
    ['past the right edge', { x0: 0, y0: 0, x1: W + 1, y1: 10 }],
    ['past the bottom edge', { x0: 0, y0: 0, x1: 20, y1: H + 1 }],
  ];
  for (const [what, r] of bad) {
    it(`${what}: INTERNAL, nothing decoded`, async () => {
      const { read, decodes } = reader();
      const err = await read(r).then(() => null, (e: unknown) => e);
      expect(isStationError(err, 'INTERNAL'), String(err)).toBe(true);
      expect(decodes).toEqual({ areas: 0, whole: 0 });
    });
  }

  it('the whole raster and a one-pixel corner are fine', async () => {
    const { read, decodes } = reader();
    await read({ x0: W - 1, y0: 0, x1: W, y1: 1 });
    await read({ x0: 0, y0: 0, x1: W, y1: H });
    expect(decodes).toEqual({ areas: 1, whole: 1 });
  });
});
