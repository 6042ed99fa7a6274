import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { grayOfRgb } from '../../../station/src/imaging/sharp-adapter.ts';
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
