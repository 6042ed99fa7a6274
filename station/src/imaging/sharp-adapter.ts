/**
 * Thin adapter over sharp: decodes to small grayscale rasters (JPEG shrink-on-load does most of
 * the work), re-encodes continuous-tone pages, and turns libvips failures into INPUT_CORRUPT.
 */
import sharp, { type Sharp } from 'sharp';
import { StationError } from '../../../shared/src/errors.ts';
import type { GrayImage } from '../barcode/zxing-reader.ts';

sharp.cache(false); // pages are seen once; the cache only costs memory

export interface RawPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
}

export function corruptImage(label: string, err: unknown): StationError {
  const reason = err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : String(err);
  return new StationError('INPUT_CORRUPT', `${label}: imaginea este deteriorată sau incompletă.`, { reason }, { cause: err });
}

export function openEncoded(bytes: Uint8Array, page?: number): Sharp {
  return sharp(bytes, { failOn: 'warning', page, limitInputPixels: 30_000 * 30_000, sequentialRead: true });
}

export function openRaw(px: RawPixels): Sharp {
  return sharp(px.data, { raw: { width: px.width, height: px.height, channels: px.channels } });
}

/** Grayscale raster reduced by `factor` (1 = full size), white behind any transparency. */
export async function toGray(img: Sharp, width: number, factor: number, label: string): Promise<GrayImage> {
  try {
    let pipe = img.flatten({ background: '#ffffff' });
    if (factor > 1) pipe = pipe.resize({ width: Math.max(1, Math.round(width / factor)), kernel: 'linear' });
    const { data, info } = await pipe.grayscale().raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
  } catch (err) {
    throw corruptImage(label, err);
  }
}

/** RGB raster reduced by `factor` (CMYK turned to sRGB, white behind any transparency). */
/**
 * The page's RGB pixels at 1/`factor`, as a plain Uint8Array view of sharp's Buffer: V8 reads a Buffer
 * slower in the pixel loops this raster goes through (the gray preview, the colour measure).
 */
export async function toRgb(img: Sharp, width: number, factor: number, label: string): Promise<{ data: Uint8Array; width: number; height: number; channels: 3 }> {
  try {
    let pipe = img.flatten({ background: '#ffffff' });
    if (factor > 1) pipe = pipe.resize({ width: Math.max(1, Math.round(width / factor)), kernel: 'linear' });
    const { data, info } = await pipe.toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) throw new Error(`expected 3 channels, got ${info.channels}`);
    return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height, channels: 3 };
  } catch (err) {
    throw corruptImage(label, err);
  }
}

/**
 * Per sRGB 8-bit value, its linear light weighted by each Rec. 709 coefficient, in 1/16 steps of
 * FROM_LINEAR's index: red's at [v], green's at [256 + v], blue's at [512 + v] (one table, one base).
 */
const LINEAR_STEPS = 4095;
const WEIGHTED = Int32Array.from({ length: 768 }, (_, j) => {
  const v = (j & 255) / 255;
  return Math.round([0.2126, 0.7152, 0.0722][j >> 8]! * (v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4) * LINEAR_STEPS * 16);
});
/** Linear light (0..4095) → sRGB 8-bit; 65,536 long so that an index masked to 16 bits needs no other check. */
const FROM_LINEAR = new Uint8Array(65536);
for (let i = 0; i <= LINEAR_STEPS + 1; i++) {
  const v = Math.min(1, i / LINEAR_STEPS);
  FROM_LINEAR[i] = Math.round(255 * (v <= 0.0031308 ? 12.92 * v : 1.055 * v ** (1 / 2.4) - 0.055));
}
/** A Uint32Array reads its bytes least significant first on this machine. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** One pixel's gray tone from its red, green and blue. */
const toneOf = (r: number, g: number, b: number) => FROM_LINEAR[((WEIGHTED[r]! + WEIGHTED[256 | g]! + WEIGHTED[512 | b]! + 8) >> 4) & 0xffff]!;

/**
 * The gray raster of an RGB one, the tones libvips gives (luminance in linear light, Rec. 709
 * weights, back to sRGB; within one level), in this thread: about 2 ms for a 75 dpi A4 preview,
 * where a second libvips pipeline costs five. Four pixels (three 32-bit words) a step when the
 * bytes start on a word boundary (as `toRgb` hands them out): a quarter of the reads.
 */
export function grayOfRgb(rgb: { data: Uint8Array; width: number; height: number }): GrayImage {
  const n = rgb.width * rgb.height;
  const out = new Uint8Array(n);
  // a plain Uint8Array (as `toRgb` hands out): reading a Buffer would make this loop twice as slow
  const d = rgb.data;
  let o = 0;
  if (LITTLE_ENDIAN && d.byteOffset % 4 === 0 && n >= 4 && d.length >= n * 3) {
    const words = new Uint32Array(d.buffer, d.byteOffset, (n >> 2) * 3);
    for (let w = 0; w < words.length; w += 3, o += 4) {
      const a = words[w]!, b = words[w + 1]!, c = words[w + 2]!;
      out[o] = FROM_LINEAR[((WEIGHTED[a & 255]! + WEIGHTED[256 | ((a >>> 8) & 255)]! + WEIGHTED[512 | ((a >>> 16) & 255)]! + 8) >> 4) & 0xffff]!;
      out[o + 1] = FROM_LINEAR[((WEIGHTED[a >>> 24]! + WEIGHTED[256 | (b & 255)]! + WEIGHTED[512 | ((b >>> 8) & 255)]! + 8) >> 4) & 0xffff]!;
      out[o + 2] = FROM_LINEAR[((WEIGHTED[(b >>> 16) & 255]! + WEIGHTED[256 | (b >>> 24)]! + WEIGHTED[512 | (c & 255)]! + 8) >> 4) & 0xffff]!;
      out[o + 3] = FROM_LINEAR[((WEIGHTED[(c >>> 8) & 255]! + WEIGHTED[256 | ((c >>> 16) & 255)]! + WEIGHTED[512 | (c >>> 24)]! + 8) >> 4) & 0xffff]!;
    }
  }
  for (let i = o * 3; o < n; i += 3, o++) out[o] = toneOf(d[i]!, d[i + 1]!, d[i + 2]!);
  return { data: out, width: rgb.width, height: rgb.height };
}

/** Full-size pixels, gray or RGB, alpha flattened on white. */
export async function toPixels(img: Sharp, label: string): Promise<RawPixels> {
  try {
    // libvips hands out sRGB unless told otherwise: keep gray (and bitonal) pages one channel
    const meta = await img.metadata();
    const gray = (meta.channels ?? 3) <= 2 && meta.space !== 'cmyk';
    const flat = img.flatten({ background: '#ffffff' });
    const { data, info } = await (gray ? flat.toColourspace('b-w') : flat).raw().toBuffer({ resolveWithObject: true });
    const channels = info.channels >= 3 ? 3 : 1;
    const px = new Uint8Array(data.buffer, data.byteOffset, data.length);
    if (info.channels === channels) return { data: px, width: info.width, height: info.height, channels };
    // drop an alpha or extra channel left over
    const out = new Uint8Array(info.width * info.height * channels);
    for (let i = 0, o = 0; o < out.length; i += info.channels) for (let c = 0; c < channels; c++) out[o++] = px[i + c]!;
    return { data: out, width: info.width, height: info.height, channels };
  } catch (err) {
    throw corruptImage(label, err);
  }
}

export async function encodeJpeg(px: RawPixels, quality: number): Promise<Uint8Array> {
  // without b-w, libvips writes a one-channel raster as a three-component JPEG (the PDF says DeviceGray)
  const img = px.channels === 1 ? openRaw(px).toColourspace('b-w') : openRaw(px);
  const buf = await img.jpeg({ quality, chromaSubsampling: '4:2:0', mozjpeg: false }).toBuffer();
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
}

/** Packs an 8-bit gray raster into 1-bit rows (1 = black) at the 50 % threshold. */
export function packBitonal(gray: Uint8Array, width: number, height: number): Uint8Array {
  const rowBytes = Math.ceil(width / 8);
  const out = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) {
    const i = y * width;
    const o = y * rowBytes;
    for (let x = 0; x < width; x++) if (gray[i + x]! < 128) out[o + (x >> 3)]! |= 0x80 >> (x & 7);
  }
  return out;
}
