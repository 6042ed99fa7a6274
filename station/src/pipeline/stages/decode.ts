/**
 * Stage «decode» (per page): from a raw page to a small grayscale preview for analysis and the
 * compressed image that goes into the PDF. JPEG and CCITT data are kept as they are; bitonal
 * pages are stored as CCITT G4; other continuous-tone pages as JPEG (or Flate when lossless).
 */
import { deflateSync } from 'node:zlib';
import { StationError } from '../../../../shared/src/errors.ts';
import type { GrayImage } from '../../barcode/zxing-reader.ts';
import { encodeG4 } from '../../imaging/ccitt-g4-encode.ts';
import { wrapG4AsTiff } from '../../imaging/g4-tiff-wrap.ts';
import { readJfifHeader } from '../../imaging/jfif-header.ts';
import { isAdobeInvertedCmyk, readJpegColour } from '../../imaging/jpeg-markers.ts';
import { parsePnm, unpackBitmap } from '../../imaging/pnm.ts';
import { corruptImage, encodeJpeg, openEncoded, openRaw, packBitonal, toGray, toPixels, toRgb, type RawPixels } from '../../imaging/sharp-adapter.ts';
import type { PixelRect } from '../../barcode/gray-crop.ts';
import { fullAreaReader } from '../full-area-reader.ts';
import { grayOfRgb } from '../../imaging/gray-of-rgb.ts';
import { orientPixels, swapsSides, turnOf } from '../../imaging/orientation.ts';
import { decodeTiffFax, extractTiffPage, isFaxGroup3 } from '../../imaging/tiff-page.ts';
import { g4Passthrough, type TiffIfd } from '../../imaging/tiff-structure.ts';
import type { ColourPreview, DecodedPage, EmbedImage } from '../page-types.ts';
import { jpegReaders } from './jpeg-readers.ts';
import { measurePage } from './page-measure.ts';
import { plausibleDpi, resolution } from './page-resolution.ts';
import type { RawPage } from './read-pages.ts';
import type { InkOptions } from '../../imaging/ink-measure.ts';
import type { PreviewInput } from '../preview-look.ts';
import type { MeasuredAndLooked } from '../page-work.ts';
import { namingPage } from '../page-error.ts';

export { guessDpi } from './page-resolution.ts';
export { measurePage, type PageSize } from './page-measure.ts';

export interface DecodeSettings {
  jpegQuality: number;
  lossless: boolean;
  assumedDpi: number;
}

export function previewFactor(dpi: number): number {
  return dpi >= 280 ? 4 : dpi >= 140 ? 2 : 1;
}
export function detailFactor(dpi: number): number {
  return dpi >= 280 ? 2 : 1;
}

/**
 * Pixel values a page may hold and still be stored as black and white: exactly 0 and 255 when the
 * storage must be lossless, values within 16 of them otherwise (invisible, and JPEG would move them more).
 */
const BITONAL_SLACK = { lossless: 0, lossy: 16 };
/** Largest difference between the channels of a pixel for an RGB page to be stored as gray. */
const GRAY_SLACK = { lossless: 0, lossy: 6 };

function isBitonal(px: RawPixels, lossless: boolean): boolean {
  if (px.channels !== 1) return false;
  const slack = lossless ? BITONAL_SLACK.lossless : BITONAL_SLACK.lossy;
  const lo = slack;
  const hi = 255 - slack;
  const d = px.data;
  for (let i = 0; i < d.length; i++) if (d[i]! > lo && d[i]! < hi) return false;
  return true;
}

/** Whether every pixel of an RGB raster has its channels within `slack` of each other (stops at the first that has not). */
function allGray(d: Uint8Array, n: number, slack: number): boolean {
  for (let i = 0, end = n * 3; i < end; i += 3) {
    const r = d[i]!, g = d[i + 1]!, b = d[i + 2]!;
    // |r − g|, |g − b|, |r − b| all within slack is max − min within slack
    if (r - g > slack || g - r > slack || g - b > slack || b - g > slack || r - b > slack || b - r > slack) return false;
  }
  return true;
}

/**
 * An RGB page whose pixels are all gray, as one channel (the channels' mean); null when it has colour.
 * Looked at first, converted only then: a colour page (most of those that reach here) costs no
 * raster of its own (a scanner's colour A4 page at 300 dpi: 8.7 MB of fresh memory was written up to
 * its first coloured pixel; ~1 ms a page less on the bench's colour letters as scanimage hands them over).
 */
function asGray(px: RawPixels, lossless: boolean): RawPixels | null {
  if (px.channels !== 3) return null;
  const slack = lossless ? GRAY_SLACK.lossless : GRAY_SLACK.lossy;
  const d = px.data;
  const n = px.width * px.height;
  if (!allGray(d, n, slack)) return null;
  const out = new Uint8Array(n);
  for (let i = 0, o = 0; o < n; i += 3, o++) out[o] = Math.round((d[i]! + d[i + 1]! + d[i + 2]!) / 3);
  return { data: out, width: px.width, height: px.height, channels: 1 };
}

/**
 * How a decoded page is stored: a page that is really black and white (whatever its file said) as
 * CCITT G4, a page that is really gray as one channel, colour as colour; JPEG or, with `lossless`, Flate.
 */
async function continuousEmbed(input: RawPixels, s: DecodeSettings): Promise<EmbedImage> {
  const px = asGray(input, s.lossless) ?? input;
  if (isBitonal(px, s.lossless)) return { filter: 'CCITTFaxDecode', data: encodeG4(packBitonal(px.data, px.width, px.height), px.width, px.height), width: px.width, height: px.height, k: -1, blackIs1: false };
  if (s.lossless) return { filter: 'FlateDecode', data: deflateSync(px.data, { level: 6 }), width: px.width, height: px.height, components: px.channels, bitsPerComponent: 8 };
  return { filter: 'DCTDecode', data: await encodeJpeg(px, s.jpegQuality), width: px.width, height: px.height, components: px.channels };
}

interface Parts {
  rotation?: 0 | 90 | 180 | 270;
  width: number;
  height: number;
  dpiX: number;
  dpiY: number;
  embed: EmbedImage;
  gray: (factor: number) => Promise<GrayImage>;
  /** JPEG (libvips decodes it from the top): the full-size gray of one rectangle alone, the same pixels `gray(1)` has there. */
  grayArea?: (r: PixelRect) => Promise<GrayImage>;
  /** Multi-channel inputs: the page reduced by `factor`, in RGB (the preview is made from it, one decode). */
  rgb?: (factor: number) => Promise<ColourPreview>;
}

async function fromPixels(px: RawPixels, dpiX: number, dpiY: number, s: DecodeSettings, label: string): Promise<Parts> {
  const rgb = px.channels === 3 ? (f: number) => toRgb(openRaw(px), px.width, f, label) : undefined;
  return { width: px.width, height: px.height, dpiX, dpiY, embed: await continuousEmbed(px, s), gray: (f) => toGray(openRaw(px), px.width, f, label), rgb };
}

async function fromBitmap(packed: Uint8Array, width: number, height: number, dpiX: number, dpiY: number, label: string): Promise<Parts> {
  const gray: RawPixels = { data: unpackBitmap(packed, width, height), width, height, channels: 1 };
  const embed: EmbedImage = { filter: 'CCITTFaxDecode', data: encodeG4(packed, width, height), width, height, k: -1, blackIs1: false };
  return { width, height, dpiX, dpiY, embed, gray: (f) => toGray(openRaw(gray), width, f, label) };
}

/** The first channel of an RGB raster (a bitonal page libvips handed out as RGB). */
function toOneChannel(px: RawPixels): Uint8Array {
  const out = new Uint8Array(px.width * px.height);
  for (let i = 0; i < out.length; i++) out[i] = px.data[i * px.channels]!;
  return out;
}

/** Turns decoded pixels upright as the TIFF or EXIF Orientation tag says (dpi follow the sides). */
function upright(px: RawPixels, dpiX: number, dpiY: number, orientation: number): { px: RawPixels; dpiX: number; dpiY: number } {
  if (orientation === 1) return { px, dpiX, dpiY };
  const o = orientPixels(px.data, px.width, px.height, px.channels, orientation);
  const swap = swapsSides(orientation);
  return { px: { ...o, channels: px.channels }, dpiX: swap ? dpiY : dpiX, dpiY: swap ? dpiX : dpiY };
}

async function decodeTiffPage(bytes: Uint8Array, ifd: TiffIfd, page: number, scannerDpi: number | undefined, s: DecodeSettings, label: string): Promise<Parts> {
  const unit = ifd.resolutionUnit === 3 ? 2.54 : 1;
  const dpiX = resolution(ifd.xResolution !== undefined ? ifd.xResolution * unit : undefined, scannerDpi, ifd.width, ifd.height, s.assumedDpi);
  const dpiY = plausibleDpi(ifd.yResolution !== undefined ? ifd.yResolution * unit : undefined) ?? dpiX;
  // the page alone: opening it does not walk the file's whole directory chain again
  const single = extractTiffPage(bytes, ifd);
  const open = () => (single ? openEncoded(single) : openEncoded(bytes, page));
  const turn = turnOf(ifd.orientation);
  const g4 = turn !== null ? g4Passthrough(bytes, ifd) : null;
  if (g4 && turn !== null) {
    // make sure the strip really decodes before trusting it
    const check = await toGray(open(), ifd.width, 8, label);
    if (check.width < 1) throw corruptImage(label, 'empty');
    // PDF's /BlackIs1 false means ordinary fax polarity, which is what a WhiteIsZero TIFF holds;
    // a turned page keeps its G4 data and the PDF page is turned (/Rotate) instead
    const embed: EmbedImage = { filter: 'CCITTFaxDecode', data: g4.data, width: ifd.width, height: ifd.height, k: -1, blackIs1: !g4.blackIs1 };
    return { rotation: turn, width: ifd.width, height: ifd.height, dpiX, dpiY, embed, gray: (f) => toGray(open(), ifd.width, f, label) };
  }
  if (isFaxGroup3(ifd) && (ifd.t4Options & 2) === 0) {
    // Group 3 fax: decoded here (EOLs or none, fill bits, either bit order), stored as G4 at full
    // resolution; libtiff gets a second chance at a page this decoder refuses
    const bm = await Promise.resolve().then(() => decodeTiffFax(bytes, ifd, label)).catch(async (e: unknown) => {
      const px = await toPixels(open(), label).catch(() => Promise.reject(e));
      return { packed: packBitonal(px.channels === 1 ? px.data : toOneChannel(px), px.width, px.height), width: px.width, height: px.height };
    });
    if (ifd.orientation === 1) return fromBitmap(bm.packed, bm.width, bm.height, dpiX, dpiY, label);
    const up = upright({ data: unpackBitmap(bm.packed, bm.width, bm.height), width: bm.width, height: bm.height, channels: 1 }, dpiX, dpiY, ifd.orientation);
    return fromPixels(up.px, up.dpiX, up.dpiY, s, label);
  }
  // everything else, G4 that cannot be copied as it is included, is decoded by libvips/libtiff
  const px = await toPixels(open(), label);
  const up = upright(px, dpiX, dpiY, ifd.orientation);
  return fromPixels(up.px, up.dpiX, up.dpiY, s, label);
}

async function decodeParts(raw: RawPage, s: DecodeSettings): Promise<Parts> {
  const { source, label } = raw;
  switch (source.format) {
    case 'jpeg': {
      // an ordinary scanner JPEG's header read here, as libvips reads it; EXIF and anything unusual by libvips
      const meta: { width?: number; height?: number; density?: number; orientation?: number; space?: string; channels?: number } =
        readJfifHeader(source.bytes) ?? (await openEncoded(source.bytes).metadata().catch((e) => Promise.reject(corruptImage(label, e))));
      const { width = 0, height = 0 } = meta;
      const dpi = resolution(meta.density, raw.dpi, width, height, s.assumedDpi);
      // EXIF Orientation: a turned JPEG keeps its bytes and the PDF page is turned; a mirrored one is stored upright
      const orientation = meta.orientation ?? 1;
      const turn = turnOf(orientation);
      if (turn === null) {
        const up = upright(await toPixels(openEncoded(source.bytes), label), dpi, dpi, orientation);
        return fromPixels(up.px, up.dpiX, up.dpiY, s, label);
      }
      const colour = readJpegColour(source.bytes);
      const components = meta.space === 'cmyk' || colour.components === 4 ? 4 : (meta.channels ?? 1) >= 3 ? 3 : 1;
      // Adobe CMYK / YCCK is kept as it is, with the /Decode that turns its inverted samples back
      const embed: EmbedImage = { filter: 'DCTDecode', data: source.bytes, width, height, components, invertedCmyk: isAdobeInvertedCmyk(colour) };
      // the file itself, read again at a reduced scale (libjpeg's DCT scaling) while it still holds these bytes
      const disk = source.onDisk && { file: raw.origin.file, stamp: source.onDisk, previewScale: previewFactor(dpi) };
      return { rotation: turn, width, height, dpiX: dpi, dpiY: dpi, embed, ...jpegReaders(source.bytes, width, height, components, label, disk) };
    }
    case 'png': {
      const meta = await openEncoded(source.bytes).metadata().catch((e) => Promise.reject(corruptImage(label, e)));
      const px = await toPixels(openEncoded(source.bytes), label);
      const dpi = resolution(meta.density, raw.dpi, px.width, px.height, s.assumedDpi);
      return fromPixels(px, dpi, dpi, s, label);
    }
    case 'tiff':
      return decodeTiffPage(source.bytes, source.ifd, source.page, raw.dpi, s, label);
    case 'pnm': {
      const img = parsePnm(source.bytes, label);
      if (img.kind === 'bitmap') {
        // PNM states no resolution: the scanner's (scanimage --resolution) when known
        const dpi = resolution(undefined, raw.dpi, img.width, img.height, s.assumedDpi);
        return fromBitmap(img.packed, img.width, img.height, dpi, dpi, label);
      }
      const dpi = resolution(undefined, raw.dpi, img.width, img.height, s.assumedDpi);
      return fromPixels({ data: img.data, width: img.width, height: img.height, channels: img.channels }, dpi, dpi, s, label);
    }
    case 'pdf': {
      const im = source.image;
      if (im.kind === 'jpeg') {
        const embed: EmbedImage = { filter: 'DCTDecode', data: im.data, width: im.width, height: im.height, components: im.components };
        return { rotation: im.rotation, width: im.width, height: im.height, dpiX: im.dpiX, dpiY: im.dpiY, embed, ...jpegReaders(im.data, im.width, im.height, im.components, label) };
      }
      if (im.kind === 'ccitt') {
        // only G4 reaches here: the PDF reader decodes Group 3 (and G4 with EOLs or byte-aligned rows) to a bitmap
        const tiff = wrapG4AsTiff(im.data, im.width, im.height, !im.blackIs1); // PDF BlackIs1 false = fax polarity = WhiteIsZero
        const embed: EmbedImage = { filter: 'CCITTFaxDecode', data: im.data, width: im.width, height: im.height, k: im.k, blackIs1: im.blackIs1, encodedByteAlign: im.encodedByteAlign };
        return { rotation: im.rotation, width: im.width, height: im.height, dpiX: im.dpiX, dpiY: im.dpiY, embed, gray: (f) => toGray(openEncoded(tiff), im.width, f, label) };
      }
      if (im.kind === 'jbig2') {
        // JBIG2 goes into the PDF as it is (with its globals); pdf.js's decoding of it feeds the analysis
        const gray: RawPixels = { data: unpackBitmap(im.bitmap, im.width, im.height), width: im.width, height: im.height, channels: 1 };
        const embed: EmbedImage = { filter: 'JBIG2Decode', data: im.data, globals: im.globals, inverted: im.inverted, width: im.width, height: im.height };
        return { rotation: im.rotation, width: im.width, height: im.height, dpiX: im.dpiX, dpiY: im.dpiY, embed, gray: (f) => toGray(openRaw(gray), im.width, f, label) };
      }
      // decoded samples, or the page rendered as a viewer shows it (gray, colour or bitonal)
      const parts = im.bitsPerComponent === 1
        ? await fromBitmap(im.data, im.width, im.height, im.dpiX, im.dpiY, label)
        : await fromPixels({ data: im.data, width: im.width, height: im.height, channels: im.channels }, im.dpiX, im.dpiY, s, label);
      return { ...parts, rotation: im.rotation };
    }
  }
}

/** Where a page's preview work runs when not in this thread (`page-workers.ts`), with the ink settings of the blank check. */
export interface PreviewLooker {
  /**
   * `pixels`: the input's pixels handed back, used in place of the input's own; `at`: the preview's
   * resolution and whether it is the full one (the first barcode look's, when the looker takes it).
   */
  measure(input: PreviewInput, at: { dpi: number; thorough: boolean }): Promise<MeasuredAndLooked>;
  ink: InkOptions;
}

/**
 * With `looker`, the gray preview of a colour page, its colour and the ink of any page are worked out
 * there (`measured`), not in this thread. A page's own error that names no page (a kernel's
 * INPUT_TOO_LARGE) is named as this page's for every caller: the pipeline, the web app's page
 * images, the review's corrections (`namingPage`).
 */
export async function decodePage(raw: RawPage, s: DecodeSettings, looker?: PreviewLooker): Promise<DecodedPage> {
  try {
    return await decodeUnnamed(raw, s, looker);
  } catch (err) {
    throw namingPage(raw.label, err);
  }
}

async function decodeUnnamed(raw: RawPage, s: DecodeSettings, looker?: PreviewLooker): Promise<DecodedPage> {
  await measurePage(raw);
  const parts = await decodeParts(raw, s);
  if (parts.width < 1 || parts.height < 1) throw new StationError('INPUT_CORRUPT', `${raw.label}: imaginea nu are dimensiuni valide.`);
  const dpi = Math.min(parts.dpiX, parts.dpiY);
  const previewScale = previewFactor(dpi);
  // a colour page is decoded once at the preview's scale, in colour; its gray preview is made from that
  let colourPreview = parts.rgb ? await parts.rgb(previewScale) : undefined;
  let preview: GrayImage;
  let measured: DecodedPage['measured'];
  if (looker) {
    const gray = colourPreview ? undefined : await parts.gray(previewScale);
    const m = await looker.measure({ ...(colourPreview ? { rgb: colourPreview } : { gray }), pxPerMm: dpi / previewScale / 25.4, ink: looker.ink }, { dpi: dpi / previewScale, thorough: previewScale === 1 });
    if (colourPreview) colourPreview = { ...colourPreview, data: m.pixels };
    preview = m.preview ?? { ...gray!, data: m.pixels };
    measured = { colour: m.colour, inkRatio: m.inkRatio, ...(m.look ? { look: m.look } : {}) };
  } else {
    preview = colourPreview ? grayOfRgb(colourPreview) : await parts.gray(previewScale);
  }
  // each scale is decoded at most once: at 200 dpi the detail image is the full one
  const rasters = new Map<number, Promise<GrayImage>>([[previewScale, Promise.resolve(preview)]]);
  const rasterAt = (factor: number): Promise<GrayImage> => {
    let r = rasters.get(factor);
    if (!r) rasters.set(factor, (r = parts.gray(factor)));
    return r;
  };
  // a window of the full raster: the whole raster itself when decoded already (not copied), else an area decoded alone (`full-area-reader.ts`)
  const fullArea = parts.grayArea && fullAreaReader(parts.width, parts.height, () => rasters.get(1), parts.grayArea);
  return {
    seq: raw.seq,
    origin: raw.origin,
    label: raw.label,
    width: parts.width,
    height: parts.height,
    dpiX: parts.dpiX,
    dpiY: parts.dpiY,
    rotation: parts.rotation ?? 0,
    preview,
    previewScale,
    ...(colourPreview ? { colourPreview } : {}),
    ...(measured ? { measured } : {}),
    detail: () => rasterAt(detailFactor(dpi)),
    full: () => rasterAt(1),
    ...(fullArea ? { fullArea } : {}),
    embed: parts.embed,
  };
}
