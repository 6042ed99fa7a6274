import { describe, expect, it } from 'vitest';
import { smoothInPlace } from '../../../station/src/imaging/smooth-binomial.ts';

/** `img` smoothed, as a raster of its own. */
const smoothBinomial = <T extends { data: Uint8Array; width: number; height: number }>(img: T, c: 1 | 3): T => {
  const copy = { ...img, data: img.data.slice() };
  smoothInPlace(copy, c);
  return copy;
};

/** The same smoothing written plainly: [1 2 1] across (the byte `c` before and after), then down, edges repeated, (sum + 8) >> 4. */
function reference(data: Uint8Array, width: number, height: number, c: number): Uint8Array {
  const stride = width * c;
  const at = (x: number, y: number) => data[Math.min(height - 1, Math.max(0, y)) * stride + x]!;
  const across = (x: number, y: number) => {
    const left = x - c >= 0 ? at(x - c, y) : at(x, y);
    const right = x + c < stride ? at(x + c, y) : at(x, y);
    return left + 2 * at(x, y) + right;
  };
  const out = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < stride; x++) out[y * stride + x] = (across(x, y - 1) + 2 * across(x, y) + across(x, y + 1) + 8) >> 4;
  return out;
}

function random(n: number, seed: number): Uint8Array {
  let s = seed;
  return Uint8Array.from({ length: n }, () => ((s = (s * 1103515245 + 12345) >>> 0) >>> 24));
}

describe('binomial smoothing (smoothInPlace)', () => {
  it('gives the plain computation\'s bytes for every size, gray and RGB, vector body and scalar edges alike', () => {
    for (const c of [1, 3] as const) {
      for (const width of [1, 2, 3, 5, 15, 16, 17, 18, 31, 33, 64, 101]) {
        for (const height of [1, 2, 3, 7]) {
          const data = random(width * height * c, width * 31 + height * 7 + c);
          const got = smoothBinomial({ data, width, height }, c);
          expect({ c, width, height, same: Buffer.from(got.data).equals(Buffer.from(reference(data, width, height, c))) }).toEqual({ c, width, height, same: true });
        }
      }
    }
  });

  it('spreads one black pixel on white as the kernel says, keeps a flat raster flat and leaves its input alone', () => {
    const data = new Uint8Array(25).fill(255);
    data[12] = 0;
    const got = smoothBinomial({ data, width: 5, height: 5 }, 1);
    // centre 255 − 255·4/16, edge neighbours 255 − 255·2/16, corners 255 − 255/16 (rounded: (sum + 8) >> 4)
    expect(Array.from(got.data.subarray(5, 20))).toEqual([255, 239, 223, 239, 255, 255, 223, 191, 223, 255, 255, 239, 223, 239, 255]);
    expect(data[12]).toBe(0);
    const flat = smoothBinomial({ data: new Uint8Array(3 * 40 * 9).fill(77), width: 40, height: 9 }, 3);
    expect(flat.data.every((v) => v === 77)).toBe(true);
  });

  it('keeps each channel apart: a red pixel stays red, only spread', () => {
    const width = 20, height = 3;
    const data = new Uint8Array(width * height * 3);
    const p = (1 * width + 10) * 3;
    data[p] = 255;
    const got = smoothBinomial({ data, width, height }, 3).data;
    for (let i = 0; i < got.length; i += 3) expect([got[i + 1], got[i + 2]]).toEqual([0, 0]);
    expect(got[p]).toBe((255 * 4 + 8) >> 4);
  });

  it('refuses a raster shorter than its size', () => {
    expect(() => smoothBinomial({ data: new Uint8Array(10), width: 4, height: 4 }, 1)).toThrow(RangeError);
  });

  it('smoothInPlace writes the smoothed bytes over the raster\'s own', () => {
    const data = random(33 * 7 * 3, 5);
    const want = reference(data, 33, 7, 3);
    const img = { data: data.slice(), width: 33, height: 7 };
    const before = img.data;
    smoothInPlace(img, 3);
    expect(img.data).toBe(before);
    expect(Buffer.from(img.data).equals(Buffer.from(want))).toBe(true);
  });
});
