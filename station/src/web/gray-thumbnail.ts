/**
 * A page thumbnail straight from the decode stage's grayscale preview, in plain JavaScript: an
 * integer box reduction, a quarter turn when the page says so, and an 8-bit gray PNG (zlib at
 * its fastest level). About 1 ms of CPU a page — a sharp JPEG pipeline costs twice that, mostly
 * in setting it up — so the split keeps its pace with the web app open.
 */
import { constants, crc32, deflateSync } from 'node:zlib';
import type { GrayImage } from '../barcode/zxing-reader.ts';

/** Box-averages by an integer factor so the result is about `width` pixels wide. */
export function reduceGray(img: GrayImage, width: number): GrayImage {
  const f = Math.max(1, Math.floor(img.width / width));
  if (f === 1) return img;
  const ow = Math.floor(img.width / f);
  const oh = Math.max(1, Math.floor(img.height / f));
  const out = new Uint8Array(ow * oh);
  const n = f * f;
  const src = img.data;
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let sum = 0;
      for (let dy = 0; dy < f; dy++) {
        const row = (y * f + dy) * img.width + x * f;
        for (let dx = 0; dx < f; dx++) sum += src[row + dx]!;
      }
      out[y * ow + x] = (sum / n) | 0;
    }
  }
  return { data: out, width: ow, height: oh };
}

/** Turns a raster clockwise by 0, 90, 180 or 270 degrees. */
export function turnGray(img: GrayImage, degrees: number): GrayImage {
  const { width: w, height: h, data } = img;
  if (degrees === 180) return { width: w, height: h, data: data.slice().reverse() };
  if (degrees !== 90 && degrees !== 270) return img;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x]!;
      if (degrees === 90) out[x * h + (h - 1 - y)] = v;
      else out[(w - 1 - x) * h + y] = v;
    }
  }
  return { width: h, height: w, data: out };
}

function chunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])) >>> 0, 0);
  return Buffer.concat([head, body, crc]);
}

/** An 8-bit PNG of a gray (1 channel) or RGB (3 channels) raster, rows top to bottom. */
export function encodePng(data: Uint8Array, width: number, height: number, channels: 1 | 3): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 3 ? 2 : 0; // truecolour or grayscale
  const row = width * channels;
  const raw = Buffer.alloc((row + 1) * height);
  for (let y = 0; y < height; y++) raw.set(data.subarray(y * row, (y + 1) * row), y * (row + 1) + 1); // filter 0
  const idat = deflateSync(raw, { level: constants.Z_BEST_SPEED });
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', new Uint8Array(0))]);
}

/** An 8-bit grayscale PNG of the raster. */
export function encodeGrayPng(img: GrayImage): Buffer {
  return encodePng(img.data, img.width, img.height, 1);
}

export function thumbnailPng(preview: GrayImage, rotation: number, width: number): Buffer {
  return encodeGrayPng(turnGray(reduceGray(preview, width), rotation));
}
