/** Thumbnails from the preview raster: the PNG decodes (sharp) to the reduced size, turned the right way. */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { encodeGrayPng, reduceGray, thumbnailPng, turnGray } from '../../../station/src/web/gray-thumbnail.ts';

const raster = (w: number, h: number, f: (x: number, y: number) => number) => {
  const data = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) data[y * w + x] = f(x, y);
  return { data, width: w, height: h };
};

describe('gray thumbnails', () => {
  it('box-reduces by an integer factor (averages, not samples)', () => {
    const r = reduceGray(raster(8, 4, (x) => (x % 2 ? 200 : 0)), 4);
    expect([r.width, r.height]).toEqual([4, 2]);
    expect([...r.data]).toEqual(Array(8).fill(100));
  });

  it('turns clockwise: the top-left corner goes to the top-right at 90°, bottom-left at 270°', () => {
    const img = raster(3, 2, (x, y) => (x === 0 && y === 0 ? 9 : 0));
    const t90 = turnGray(img, 90);
    expect([t90.width, t90.height]).toEqual([2, 3]);
    expect(t90.data[1]).toBe(9);
    const t270 = turnGray(img, 270);
    expect(t270.data[2 * 2]).toBe(9);
    expect(turnGray(img, 180).data[5]).toBe(9);
  });

  it('writes a PNG that decodes to the same pixels', async () => {
    const img = raster(5, 3, (x, y) => x * 40 + y);
    const png = encodeGrayPng(img);
    expect((await sharp(png).metadata()).channels).toBe(1);
    const { data, info } = await sharp(png).extractChannel(0).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([5, 3]);
    expect([...data]).toEqual([...img.data]);
    const meta = await sharp(thumbnailPng(raster(620, 877, () => 255), 90, 150)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 219, 155]);
  });
});
