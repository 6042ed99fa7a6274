import { describe, expect, it } from 'vitest';
import { measureColour, type RgbRaster } from '../../../station/src/imaging/colour-content.ts';
import { colourPasses } from '../../../station/src/imaging/colour-passes.ts';
import { grayOfRgb } from '../../../station/src/imaging/gray-of-rgb.ts';
import { grayPasses } from '../../../station/src/imaging/gray-passes.ts';
import { heldPage, smoothedPreview } from '../../../station/src/imaging/preview-memory.ts';
import { smoothInPlace } from '../../../station/src/imaging/smooth-binomial.ts';
import { sharingPreviews } from '../../../station/src/imaging/raster-hold.ts';
import { rng } from '../../support/make-pages.ts';

/** A 100 dpi colour page: tinted noisy paper, black strokes, a red stamp and a blue line. */
function page(seed: number, width = 301, height = 397): RgbRaster {
  const r = rng(seed);
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const n = Math.floor(r() * 7) - 3;
      let px = [238 + n, 236 + n, 229 + n];
      if (y % 23 < 3 && x % 41 < 30) px = [25 + n, 24 + n, 27 + n];
      if ((x - 200) ** 2 + (y - 300) ** 2 < 30 ** 2) px = [205 + n, 45 + n, 40 + n];
      if (Math.abs(x - y / 2 - 40) < 1.5) px = [35 + n, 60 + n, 190 + n];
      data.set(px, (y * width + x) * 3);
    }
  }
  return { data, width, height };
}
const PX_PER_MM = 100 / 25.4;

describe('one copy of a colour preview for the gray preview, the colour passes and the screen', () => {
  it('copies the preview once within sharingPreviews and gives the same tones and figures as copying it for each', () => {
    const img = page(3);
    const grayAlone = grayOfRgb(img);
    const alone = measureColour(img, PX_PER_MM);
    expect(alone.colour).toBe(true);
    const before = heldPage();
    const shared = sharingPreviews(() => ({ gray: grayOfRgb(img), m: measureColour({ ...img }, PX_PER_MM) }));
    expect(heldPage() - before).toBe(1);
    expect(shared.gray.data).toStrictEqual(grayAlone.data);
    expect(shared.m).toStrictEqual(alone);
  });

  it('one scope for both memories: within sharingPreviews the colour preview and the gray one made from it are each copied once', () => {
    const img = page(9);
    const before = heldPage();
    sharingPreviews(() => {
      const gray = grayOfRgb(img);
      const passes = grayPasses(gray);
      measureColour(img, PX_PER_MM);
      expect(grayPasses(gray)).toBe(passes); // the look's read of the gray preview: not copied again
    });
    expect(heldPage() - before).toBe(1);
    // after it, each is copied again
    const gray = grayOfRgb(img);
    expect(grayPasses(gray)).not.toBe(grayPasses(gray));
    expect(heldPage() - before).toBe(2);
  });

  it('copies a raster again outside sharingPreviews (its bytes may have changed in place)', () => {
    const img = page(4);
    const first = grayOfRgb(img);
    img.data.fill(0, 0, img.width * 3 * 10);
    const second = grayOfRgb(img);
    expect(second.data.subarray(0, img.width * 10).every((v) => v === 0)).toBe(true);
    expect(second.data.subarray(img.width * 10)).toStrictEqual(first.data.subarray(img.width * 10));
    const grayOf = page(5);
    const before = heldPage();
    grayOfRgb(grayOf);
    measureColour(grayOf, PX_PER_MM);
    // the gray preview's copy, then the colour measure's own (its passes and screen share it)
    expect(heldPage() - before).toBe(2);
  });

  it('keeps the guard: within sharingPreviews another page copied in makes the first page\'s passes throw', () => {
    const a = page(6), b = page(7, 120, 90);
    sharingPreviews(() => {
      const passes = colourPasses(a);
      expect(colourPasses(a).current()).toBe(true);
      expect(passes.current()).toBe(true);
      grayOfRgb(b);
      expect(passes.current()).toBe(false);
      expect(() => passes.count(0, 0, 20, 15)).toThrow(/another page/);
    });
  });

  it('gives a raster shorter than its size black past its pixels within sharingPreviews too', () => {
    const img = page(8, 20, 10);
    const short = { data: img.data.subarray(0, 20 * 10 * 3 - 4), width: 20, height: 10 };
    const g = sharingPreviews(() => grayOfRgb(short));
    expect(g.data.subarray(0, 198)).toStrictEqual(grayOfRgb(img).data.subarray(0, 198));
    expect(Array.from(g.data.subarray(198))).toStrictEqual([0, 0]);
  });

  it('smooths a preview where the kernels hold it: the same figures as a smoothed copy, the gray preview\'s copy used without a copy of its own, the preview itself untouched', () => {
    const img = page(11);
    const own = img.data.slice();
    const copy = { ...img, data: img.data.slice() };
    smoothInPlace(copy, 3);
    const want = measureColour(copy, PX_PER_MM);
    // alone: its source copied in and smoothed there
    expect(measureColour(smoothedPreview(img), PX_PER_MM)).toStrictEqual(want);
    const grayAlone = grayOfRgb(img);
    const before = heldPage();
    const shared = sharingPreviews(() => {
      const gray = grayOfRgb(img);
      const m = measureColour(smoothedPreview(img), PX_PER_MM);
      // the smoothing wrote over the held copy: the preview is copied in again for its own gray
      const again = grayOfRgb(img);
      return { gray, m, again };
    });
    // the gray preview's copy, its smoothing in place (no second copy), the preview copied in again
    expect(heldPage() - before).toBe(3);
    expect(shared.m).toStrictEqual(want);
    expect(shared.gray.data).toStrictEqual(grayAlone.data);
    expect(shared.again.data).toStrictEqual(grayAlone.data);
    expect(img.data).toStrictEqual(own);
    expect(want.peakChroma).not.toBe(measureColour(img, PX_PER_MM).peakChroma);
  });
});
