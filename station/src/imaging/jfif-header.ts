/**
 * What libvips' header read (sharp's `metadata()`) says about an ordinary scanner JPEG — its size,
 * components, resolution and orientation — read from the markers in this thread: a libvips header
 * read costs about 0.3 ms of CPU a page. Only for a JPEG whose resolution and orientation come
 * plainly from one JFIF marker or from one EXIF block's first directory (not both); any other JPEG
 * is left to libvips (null). The rules are libvips' exactly (checked against sharp in
 * `test/station/imaging/jfif-header.test.ts`): 72 dpi unless a JFIF marker states a density in
 * inches or centimetres whose two values are not 1, or EXIF states both resolutions (see
 * `readExifIfd0`); sharp rounds pixels a millimetre × 25.4.
 */

export interface JfifHeader {
  width: number;
  height: number;
  /** 1 (gray) or 3 (YCbCr/RGB): any other JPEG is libvips' to read. */
  channels: 1 | 3;
  /** Dots per inch as sharp's `metadata().density` gives it (an integer), undefined when libvips would state none. */
  density: number | undefined;
  /** The EXIF Orientation (1–8) when the file has one, as sharp's `metadata().orientation`. */
  orientation?: number;
}

/** The frames libjpeg reads a header of (baseline, extended, progressive, lossless; Huffman or arithmetic). */
const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc9, 0xca, 0xcb]);
/** The other markers libjpeg takes before a scan (tables, restart interval, DNL, APPn, comment); any other one fails its header read. */
const KNOWN = (m: number) => m === 0xc4 || m === 0xcc || m === 0xdb || m === 0xdc || m === 0xdd || (m >= 0xe0 && m <= 0xef) || m === 0xfe;
/** libjpeg's largest side (JPEG_MAX_DIMENSION): a larger frame fails its header read. */
const MAX_SIDE = 65500;
/** libvips' resolution when the file states none: 72 dpi, in pixels a millimetre. */
const DEFAULT_XRES = 72 / 25.4;

const startsWith = (bytes: Uint8Array, at: number, text: string) => {
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
};

/** The header of a JPEG libvips would read the same way, or null (two JFIF or EXIF markers, both, an unusual frame: ask libvips). */
export function readJfifHeader(bytes: Uint8Array): JfifHeader | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let frame: { width: number; height: number; components: number } | null = null;
  let jfif: { unit: number; x: number; y: number } | null = null;
  let exif: ExifIfd0 | null = null;
  let p = 2;
  for (;;) {
    if (p + 4 > bytes.length || bytes[p] !== 0xff) return null;
    const marker = bytes[p + 1]!;
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    if (marker === 0xda) break; // start of scan: the header is over
    if (marker === 0xd8 || marker === 0xd9 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) return null;
    const len = (bytes[p + 2]! << 8) | bytes[p + 3]!;
    if (len < 2 || p + 2 + len > bytes.length) return null;
    const seg = p + 4;
    if (!SOF.has(marker) && !KNOWN(marker)) return null; // a hierarchical frame, a reserved marker: libvips fails it
    if (SOF.has(marker)) {
      if (frame || len < 8) return null;
      frame = { height: (bytes[seg + 1]! << 8) | bytes[seg + 2]!, width: (bytes[seg + 3]! << 8) | bytes[seg + 4]!, components: bytes[seg + 5]! };
    } else if (marker === 0xe0 && len >= 7 && startsWith(bytes, seg, 'JFIF\0')) {
      // libjpeg reads every JFIF marker (the last one wins) and warns about unusual ones: not ours to guess
      if (jfif || len < 16 || bytes[seg + 5] !== 1) return null;
      jfif = { unit: bytes[seg + 7]!, x: (bytes[seg + 8]! << 8) | bytes[seg + 9]!, y: (bytes[seg + 10]! << 8) | bytes[seg + 11]! };
    } else if (marker === 0xe1 && startsWith(bytes, seg, 'Exif') && !startsWith(bytes, seg, 'Exif\0\0')) {
      return null;
    } else if (marker === 0xe1 && startsWith(bytes, seg, 'Exif\0\0')) {
      // resolution and orientation from EXIF: read here only when IFD0 states them plainly
      if (exif) return null;
      exif = readExifIfd0(bytes.subarray(seg + 6, p + 2 + len));
      if (!exif) return null;
    }
    p += 2 + len;
  }
  if (!frame || frame.width < 1 || frame.height < 1 || frame.width > MAX_SIDE || frame.height > MAX_SIDE || (frame.components !== 1 && frame.components !== 3)) return null;
  // both markers: which one libvips believes is not worth guessing here
  if (jfif && exif) return null;
  // libvips (jpeg2vips.c): the JFIF density counts only when neither value is 1 (an aspect ratio of 1:1)
  let xres = DEFAULT_XRES;
  if (jfif && jfif.x !== 1 && jfif.y !== 1) {
    if (jfif.unit === 1) xres = jfif.x / 25.4;
    else if (jfif.unit === 2) xres = jfif.x / 10;
  }
  if (exif?.xres !== undefined) xres = exif.xres;
  // sharp: a density only above 1 pixel a millimetre, rounded to a C int (one beyond it: libvips' to say)
  const density = xres > 1 ? Math.round(xres * 25.4) : undefined;
  if (density !== undefined && density > 2 ** 31 - 1) return null;
  return { width: frame.width, height: frame.height, channels: frame.components, density, ...(exif?.orientation !== undefined ? { orientation: exif.orientation } : {}) };
}

interface ExifIfd0 {
  /** Pixels a millimetre when IFD0 states both resolutions in a unit libvips takes, as libvips works it out. */
  xres?: number;
  /** The Orientation tag (1–8) when there is one. */
  orientation?: number;
}

const TAG_ORIENTATION = 0x112;
const TAG_X_RESOLUTION = 0x11a;
const TAG_Y_RESOLUTION = 0x11b;
const TAG_RESOLUTION_UNIT = 0x128;
const SHORT = 3;
const RATIONAL = 5;

/**
 * IFD0 of an EXIF block (`tiff`: from its byte-order mark) as libvips reads it (checked against sharp
 * in the test): both resolutions needed; ResolutionUnit absent or 2 inches, 3 centimetres, 1 «none»
 * (the values taken as pixels a millimetre); any other unit leaves the resolution as it was. Null for
 * anything unusual (another type or count than the specification's, an orientation outside 1–8, a
 * damaged directory): libvips then.
 */
function readExifIfd0(tiff: Uint8Array): ExifIfd0 | null {
  if (tiff.length < 8) return null;
  const le = tiff[0] === 0x49 && tiff[1] === 0x49;
  if (!le && !(tiff[0] === 0x4d && tiff[1] === 0x4d)) return null;
  const u16 = (o: number) => (le ? tiff[o]! | (tiff[o + 1]! << 8) : (tiff[o]! << 8) | tiff[o + 1]!);
  const u32 = (o: number) => (le ? (tiff[o]! | (tiff[o + 1]! << 8) | (tiff[o + 2]! << 16)) + tiff[o + 3]! * 2 ** 24 : ((tiff[o + 1]! << 16) | (tiff[o + 2]! << 8) | tiff[o + 3]!) + tiff[o]! * 2 ** 24);
  if (u16(2) !== 42) return null;
  const ifd = u32(4);
  if (ifd < 8 || ifd + 2 > tiff.length) return null;
  const count = u16(ifd);
  if (ifd + 2 + count * 12 + 4 > tiff.length) return null;
  let x: number | undefined;
  let y: number | undefined;
  let unit: number | undefined;
  let orientation: number | undefined;
  const rational = (e: number): number | null => {
    if (u16(e + 2) !== RATIONAL || u32(e + 4) !== 1) return null;
    const at = u32(e + 8);
    if (at + 8 > tiff.length) return null;
    const den = u32(at + 4);
    return den === 0 ? 0 : u32(at) / den;
  };
  const short = (e: number): number | null => (u16(e + 2) === SHORT && u32(e + 4) === 1 ? u16(e + 8) : null);
  for (let i = 0; i < count; i++) {
    const e = ifd + 2 + i * 12;
    const tag = u16(e);
    // a tag twice: libexif keeps the first, any later one is not ours to guess
    if ((tag === TAG_X_RESOLUTION && x !== undefined) || (tag === TAG_Y_RESOLUTION && y !== undefined) || (tag === TAG_RESOLUTION_UNIT && unit !== undefined) || (tag === TAG_ORIENTATION && orientation !== undefined)) return null;
    if (tag === TAG_X_RESOLUTION || tag === TAG_Y_RESOLUTION) {
      const v = rational(e);
      if (v === null) return null;
      if (tag === TAG_X_RESOLUTION) x = v;
      else y = v;
    } else if (tag === TAG_RESOLUTION_UNIT || tag === TAG_ORIENTATION) {
      const v = short(e);
      if (v === null) return null;
      if (tag === TAG_RESOLUTION_UNIT) unit = v;
      else orientation = v;
    }
  }
  if (orientation !== undefined && (orientation < 1 || orientation > 8)) return null;
  const out: ExifIfd0 = orientation !== undefined ? { orientation } : {};
  if (x === undefined || y === undefined) return out;
  if (unit === undefined || unit === 2) out.xres = x / 25.4;
  else if (unit === 3) out.xres = x / 10;
  else if (unit === 1) out.xres = x;
  return out;
}
