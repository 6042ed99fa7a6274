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

/**
 * A JPEG file decoded at 1/`shrink` by libjpeg's own DCT scaling (shrink-on-load), nothing resized
 * after: floor(width / shrink) × floor(height / shrink) pixels. A file name and not the bytes: sharp
 * exposes no shrink-on-load for a buffer (only inside a resize, where sharp 0.35 halves it when the
 * shrink is exactly 2, 4 or 8: its 1/2 is a full decode and a reduce), while libvips takes load options
 * in a file name, `page.jpg[shrink=2]` — the last bracket group of the name is the options, so a name
 * with brackets of its own (`a[1].jpg`) stays whole. The caller makes sure the file still holds the
 * bytes it read (`pipeline/stages/jpeg-readers.ts`).
 */
export function openJpegShrunk(file: string, shrink: 2 | 4 | 8): Sharp {
  return sharp(`${file}[shrink=${shrink}]`, { failOn: 'warning', limitInputPixels: 30_000 * 30_000, sequentialRead: true });
}

export function openRaw(px: RawPixels): Sharp {
  return sharp(px.data, { raw: { width: px.width, height: px.height, channels: px.channels } });
}

/** Grayscale raster reduced by `factor` (1 = full size), white behind any transparency. */
export async function toGray(img: Sharp, width: number, factor: number, label: string): Promise<GrayImage> {
  try {
    let pipe = img.flatten({ background: '#ffffff' });
    if (factor > 1) pipe = pipe.resize({ width: Math.max(1, Math.round(width / factor)), kernel: 'linear' });
    return await grayRaw(pipe);
  } catch (err) {
    throw corruptImage(label, err);
  }
}

/** `pipe`'s pixels as one gray byte each, a plain Uint8Array view of sharp's Buffer. */
async function grayRaw(pipe: Sharp): Promise<GrayImage> {
  const { data, info } = await pipe.grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.length), width: info.width, height: info.height };
}

/**
 * The full-size gray pixels of one rectangle (`x0 ≤ x < x1`, `y0 ≤ y < y1`, inside the image, not
 * empty): the same values `toGray(img, width, 1)` gives there (the gray conversion is per pixel), with
 * only the rows down to `y1` decoded (sequential read) and only the rectangle converted. The rectangle
 * is checked by the caller (`pipeline/full-area-reader.ts`): a bad one here would call the page damaged.
 */
export async function toGrayArea(img: Sharp, r: { x0: number; y0: number; x1: number; y1: number }, label: string): Promise<GrayImage> {
  try {
    return await grayRaw(img.flatten({ background: '#ffffff' }).extract({ left: r.x0, top: r.y0, width: r.x1 - r.x0, height: r.y1 - r.y0 }));
  } catch (err) {
    throw corruptImage(label, err);
  }
}

/**
 * The page's RGB pixels at 1/`factor` (CMYK turned to sRGB, white behind any transparency), as a
 * plain Uint8Array view of sharp's Buffer: V8 reads a Buffer slower in the pixel loops this raster
 * goes through (the colour measure's cells). Its gray preview: `gray-of-rgb.ts`.
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
