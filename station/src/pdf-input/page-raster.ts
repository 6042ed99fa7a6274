/**
 * From a rendered RGBA canvas to what the page is: RGB when it is in colour, 8-bit gray
 * otherwise, packed 1-bit when it is made of bitonal images and the rendering shows only black
 * and white (thresholded, 1 = black).
 */
export interface PageRaster {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
  bitsPerComponent: 1 | 8;
}

/** A pixel is coloured when two of its channels differ by more than this. */
const CHROMA = 40;
/** A page is in colour when more than this share of its pixels is coloured (a stamp, a logo, a signature in blue). */
const COLOURED_SHARE = 0.0005;
/** A rendering of bitonal images is thresholded when at most this share of pixels is mid-gray (edges). */
const MID_TONE_SHARE = 0.03;

const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

export function rasterFromRgba(rgba: Uint8ClampedArray | Uint8Array, width: number, height: number, bitonalImages: boolean): PageRaster {
  const pixels = width * height;
  const aligned = rgba.byteOffset % 4 === 0 ? rgba : rgba.slice();
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, pixels);
  const gray = new Uint8Array(pixels);
  let coloured = 0;
  let midTones = 0;
  for (let i = 0; i < pixels; i++) {
    const v = words[i]!;
    const r = littleEndian ? v & 0xff : v >>> 24;
    const g = littleEndian ? (v >>> 8) & 0xff : (v >>> 16) & 0xff;
    const b = littleEndian ? (v >>> 16) & 0xff : (v >>> 8) & 0xff;
    const y = (r * 77 + g * 150 + b * 29 + 128) >> 8;
    gray[i] = y;
    if (Math.max(r, g, b) - Math.min(r, g, b) > CHROMA) coloured++;
    if (y > 64 && y < 192) midTones++;
  }
  if (coloured > pixels * COLOURED_SHARE) {
    const rgb = new Uint8Array(pixels * 3);
    for (let i = 0, o = 0; i < pixels * 4; i += 4, o += 3) {
      rgb[o] = aligned[i]!;
      rgb[o + 1] = aligned[i + 1]!;
      rgb[o + 2] = aligned[i + 2]!;
    }
    return { data: rgb, width, height, channels: 3, bitsPerComponent: 8 };
  }
  if (bitonalImages && midTones <= pixels * MID_TONE_SHARE) return { data: threshold(gray, width, height), width, height, channels: 1, bitsPerComponent: 1 };
  return { data: gray, width, height, channels: 1, bitsPerComponent: 8 };
}

/** Packed rows, MSB first, 1 = black (gray below 128). */
export function threshold(gray: Uint8Array, width: number, height: number): Uint8Array {
  const rowBytes = Math.ceil(width / 8);
  const out = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const at = y * rowBytes;
    for (let x = 0; x < width; x++) if (gray[row + x]! < 128) out[at + (x >> 3)]! |= 0x80 >> (x & 7);
  }
  return out;
}
