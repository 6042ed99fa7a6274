import { describe, expect, it } from 'vitest';
import { rasterFromRgba } from '../../../station/src/pdf-input/page-raster.ts';

/** An RGBA canvas of `width` × `height`, white, with `paint(x, y)` giving the pixels that are not. */
function canvas(width: number, height: number, paint: (x: number, y: number) => [number, number, number] | undefined): Uint8ClampedArray {
  const rgba = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const c = paint(x, y);
      if (c) rgba.set([...c, 255], (y * width + x) * 4);
    }
  }
  return rgba;
}

describe('a rendered page becomes what it is: colour, gray or black and white', () => {
  it('a blue signature of 0.1 % of the page keeps the page in colour; gray text alone does not', () => {
    const signed = rasterFromRgba(canvas(100, 100, (x, y) => (y === 50 && x < 10 ? [20, 40, 200] : x === y ? [0, 0, 0] : undefined)), 100, 100, false);
    expect([signed.channels, signed.bitsPerComponent, signed.data.length]).toEqual([3, 8, 30_000]);
    expect(Array.from(signed.data.subarray((50 * 100) * 3, (50 * 100) * 3 + 3))).toEqual([20, 40, 200]);

    const gray = rasterFromRgba(canvas(100, 100, (x, y) => (x === y ? [90, 90, 96] : undefined)), 100, 100, false);
    expect([gray.channels, gray.bitsPerComponent, gray.data[0], gray.data[1]]).toEqual([1, 8, 91, 255]);
  });

  it('a page of bitonal images is thresholded to 1 bit (1 = black) unless it shows real grays', () => {
    // an anti-aliased edge pixel (100) among black and white: taken as black
    const text = rasterFromRgba(canvas(50, 2, (x, y) => (x < 3 && y === 0 ? [0, 0, 0] : x === 3 && y === 0 ? [100, 100, 100] : undefined)), 50, 2, true);
    expect([text.channels, text.bitsPerComponent, text.data.length, text.data[0], text.data.slice(1).every((b) => b === 0)]).toEqual([1, 1, 14, 0b11110000, true]);

    const shaded = rasterFromRgba(canvas(10, 10, (x) => (x < 5 ? [128, 128, 128] : undefined)), 10, 10, true);
    expect([shaded.channels, shaded.bitsPerComponent]).toEqual([1, 8]);
  });
});
