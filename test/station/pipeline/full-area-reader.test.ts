/**
 * fullAreaReader checks its rectangle once, at the top: whole pixels, inside the raster, not empty;
 * anything else is INTERNAL (a caller's bug), and nothing is decoded for it. A rectangle is decoded
 * alone wherever it lies (never the whole raster for it), unless the whole raster or the last area holds it.
 */
import { describe, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import type { PixelRect } from '../../../station/src/barcode/gray-crop.ts';
import type { AreaRaster } from '../../../station/src/barcode/full-windows.ts';
import { fullAreaReader } from '../../../station/src/pipeline/full-area-reader.ts';
import type { GrayImage } from '../../../station/src/barcode/zxing-reader.ts';

const W = 100;
const H = 80;

const raster = (w: number, h: number): GrayImage => ({ data: new Uint8Array(w * h), width: w, height: h });

/** `whole`: the whole raster once `full()` decoded it (undefined: not yet). */
function reader(whole: { img?: Promise<GrayImage> } = {}): { read: (r: PixelRect) => Promise<AreaRaster>; decodes: { areas: number } } {
  const decodes = { areas: 0 };
  const area = fullAreaReader(W, H, () => whole.img, async (r) => (decodes.areas++, raster(r.x1 - r.x0, r.y1 - r.y0)));
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
      expect(decodes).toEqual({ areas: 0 });
    });
  }

  it('the whole raster and a one-pixel corner are fine', async () => {
    const { read, decodes } = reader();
    await read({ x0: W - 1, y0: 0, x1: W, y1: 1 });
    await read({ x0: 0, y0: 0, x1: W, y1: H });
    expect(decodes).toEqual({ areas: 2 });
  });
});

describe('fullAreaReader: what is decoded', () => {
  it('an area low on the page is decoded alone, as one near the top (the whole raster only when full() asks for it)', async () => {
    const { read, decodes } = reader();
    const low = await read({ x0: 10, y0: H - 10, x1: 40, y1: H });
    expect([low.x, low.y, low.img.width, low.img.height]).toEqual([10, H - 10, 30, 10]);
    const inside = await read({ x0: 20, y0: H - 5, x1: 30, y1: H });
    expect(inside.img).toBe(low.img); // inside the last area: served from it
    expect(decodes).toEqual({ areas: 1 });
  });

  it('once the whole raster is decoded, it serves every rectangle, nothing decoded again', async () => {
    const whole = raster(W, H);
    const { read, decodes } = reader({ img: Promise.resolve(whole) });
    const got = await read({ x0: 10, y0: H - 10, x1: 40, y1: H });
    expect([got.img, got.x, got.y]).toEqual([whole, 0, 0]);
    expect(decodes).toEqual({ areas: 0 });
  });
});
