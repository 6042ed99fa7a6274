import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { grayOfRgb } from '../../../station/src/imaging/gray-of-rgb.ts';
import { rng } from '../../support/make-pages.ts';

describe('grayOfRgb', () => {
  it('gives the tones libvips gives (within one level), read from a Buffer that starts inside a bigger one', async () => {
    const [width, height] = [61, 37];
    const r = rng(16);
    // paper, black and gray ink, blue and red strokes, and noise: every kind of pixel a colour preview has
    const rgb = Buffer.alloc(width * height * 3);
    for (let i = 0; i < rgb.length; i += 3) {
      const kind = Math.floor(r() * 5);
      const v = Math.floor(r() * 256);
      const px = kind === 0 ? [245, 243, 240] : kind === 1 ? [v, v, v] : kind === 2 ? [30, 60, 200] : kind === 3 ? [210, 40, 35] : [v, Math.floor(r() * 256), Math.floor(r() * 256)];
      rgb.set(px, i);
    }
    // sharp hands out Buffers; one that is a slice of a larger allocation has a non-zero byteOffset
    const host = Buffer.alloc(rgb.length + 7 + 11, 0x80);
    rgb.copy(host, 7);
    const slice = host.subarray(7, 7 + rgb.length);
    expect(slice.byteOffset).toBeGreaterThan(0);

    const ours = grayOfRgb({ data: slice, width, height });
    const theirs = await sharp(rgb, { raw: { width, height, channels: 3 } }).toColourspace('b-w').raw().toBuffer();
    expect(ours.data.length).toBe(width * height);
    let worst = 0;
    for (let i = 0; i < theirs.length; i++) worst = Math.max(worst, Math.abs(ours.data[i]! - theirs[i]!));
    expect(worst).toBeLessThanOrEqual(1);
  });
});

describe('grayOfRgb: every pixel\'s tone, exactly', () => {
  // the tones as the formula gives them, one pixel at a time (Rec. 709 in linear light, back to sRGB, in 1/4095 steps)
  const linear = (v: number) => (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
  const weight = (k: number, v: number) => Math.round(k * linear(v / 255) * 4095 * 16);
  const toSrgb = (i: number) => {
    const v = Math.min(1, i / 4095);
    return Math.round(255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055));
  };
  const tone = (r: number, g: number, b: number) => toSrgb((weight(0.2126, r) + weight(0.7152, g) + weight(0.0722, b) + 8) >> 4);

  it('gives every pixel its tone, whether the bytes start on a word boundary or not, whatever the pixel count', () => {
    const r = rng(7);
    for (const [width, height] of [[1, 1], [3, 1], [5, 3], [61, 37], [64, 9]] as const) {
      const n = width * height;
      const host = new Uint8Array(n * 3 + 8);
      for (let i = 0; i < host.length; i++) host[i] = Math.floor(r() * 256);
      for (const offset of [0, 4, 1, 3]) {
        const data = host.subarray(offset, offset + n * 3);
        const ours = grayOfRgb({ data, width, height }).data;
        const expected = Uint8Array.from({ length: n }, (_, p) => tone(data[p * 3]!, data[p * 3 + 1]!, data[p * 3 + 2]!));
        expect(ours, `${width} × ${height} from byte ${offset}`).toEqual(expected);
      }
    }
  });

  it('gives every tone again after a huge preview\'s memory was let go (the new memory\'s tables filled anew)', () => {
    const huge = { data: new Uint8Array(5000 * 4600 * 3).fill(240), width: 5000, height: 4600 };
    expect(grayOfRgb(huge).data[5000 * 4600 - 1]).toBe(tone(240, 240, 240));
    const r = rng(11);
    const data = Uint8Array.from({ length: 61 * 37 * 3 }, () => Math.floor(r() * 256));
    const expected = Uint8Array.from({ length: 61 * 37 }, (_, p) => tone(data[p * 3]!, data[p * 3 + 1]!, data[p * 3 + 2]!));
    expect(grayOfRgb({ data, width: 61, height: 37 }).data).toEqual(expected);
  });

  it('reads no further than the bytes given (a raster shorter than its size: the missing pixels black, as one pixel at a time gave)', () => {
    const host = new Uint8Array(64).fill(200);
    const data = host.subarray(0, 30); // 10 pixels of a 4 × 4 raster
    const gray = grayOfRgb({ data, width: 4, height: 4 }).data;
    expect(Array.from(gray.subarray(10))).toEqual([0, 0, 0, 0, 0, 0]);
    expect(gray[0]).toBe(tone(200, 200, 200));
  });

  it('gives every pixel its tone across the kernel\'s chunks (a raster of more than 2^20 pixels), and a 1-pixel raster after it', () => {
    const [width, height] = [1031, 1021]; // 1,052,651 pixels: a whole chunk, then 4,075 (not a multiple of 4)
    const r = rng(21);
    const data = new Uint8Array(width * height * 3);
    for (let i = 0; i < data.length; i++) data[i] = Math.floor(r() * 256);
    const ours = grayOfRgb({ data, width, height }).data;
    const expected = Uint8Array.from({ length: width * height }, (_, p) => tone(data[p * 3]!, data[p * 3 + 1]!, data[p * 3 + 2]!));
    expect(ours.length).toBe(expected.length);
    expect(Buffer.compare(ours, expected)).toBe(0);
    // the kernel's memory still holds the large raster's pixels: only this one's are read
    expect(Array.from(grayOfRgb({ data: Uint8Array.of(10, 200, 30), width: 1, height: 1 }).data)).toEqual([tone(10, 200, 30)]);
  });

  it('gives each of the 256 gray levels and the pure channels their tones', () => {
    const width = 256, height = 4;
    const data = new Uint8Array(width * height * 3);
    for (let v = 0; v < 256; v++) {
      data.set([v, v, v], v * 3);
      data.set([v, 0, 0], (width + v) * 3);
      data.set([0, v, 0], (2 * width + v) * 3);
      data.set([0, 0, v], (3 * width + v) * 3);
    }
    const ours = grayOfRgb({ data, width, height }).data;
    for (let p = 0; p < width * height; p++) expect(ours[p]).toBe(tone(data[p * 3]!, data[p * 3 + 1]!, data[p * 3 + 2]!));
  });

  it('gives each of the 16,777,216 colours its tone (every red with every green and blue pair the kernel adds up in one table)', () => {
    // the formula's weights and back-conversion as tables: the same numbers `tone` gives, a pixel in a few steps
    const w = [0.2126, 0.7152, 0.0722].map((k) => Array.from({ length: 256 }, (_, v) => weight(k, v)));
    const back = Uint8Array.from({ length: 4096 }, (_, i) => toSrgb(i));
    const [width, height] = [1024, 1024];
    const data = new Uint8Array(width * height * 3);
    const expected = new Uint8Array(width * height);
    for (let chunk = 0; chunk < 16; chunk++) {
      for (let p = 0; p < width * height; p++) {
        const c = chunk * width * height + p;
        const [r, g, b] = [c & 255, (c >> 8) & 255, c >> 16];
        data[p * 3] = r;
        data[p * 3 + 1] = g;
        data[p * 3 + 2] = b;
        expected[p] = back[(w[0]![r]! + w[1]![g]! + w[2]![b]! + 8) >> 4]!;
      }
      expect(Buffer.compare(grayOfRgb({ data, width, height }).data, expected), `colours from ${chunk << 20}`).toBe(0);
    }
  });
});
