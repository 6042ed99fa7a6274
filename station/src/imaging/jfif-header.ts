/**
 * What libvips' header read (sharp's `metadata()`) says about an ordinary scanner JPEG — its size,
 * components, resolution and orientation — read from the markers in this thread: a libvips header
 * read costs about 0.3 ms of CPU a page, a tenth of everything the split does beside the decode and
 * the pixel work. Only for a JPEG whose resolution can come from nowhere but its JFIF marker (no EXIF:
 * libvips takes the resolution and the orientation from EXIF when there is one); any other JPEG is
 * left to libvips (null). The resolution follows libvips' rule exactly (checked against sharp in
 * `test/station/imaging/jfif-header.test.ts`): 72 dpi unless a JFIF marker states a density in
 * inches or centimetres whose two values are not 1, sharp rounding pixels a millimetre × 25.4.
 */

export interface JfifHeader {
  width: number;
  height: number;
  /** 1 (gray) or 3 (YCbCr/RGB): any other JPEG is libvips' to read. */
  channels: 1 | 3;
  /** Dots per inch as sharp's `metadata().density` gives it (an integer), undefined when libvips would state none. */
  density: number | undefined;
}

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);
/** libvips' resolution when the file states none: 72 dpi, in pixels a millimetre. */
const DEFAULT_XRES = 72 / 25.4;

const startsWith = (bytes: Uint8Array, at: number, text: string) => {
  for (let i = 0; i < text.length; i++) if (bytes[at + i] !== text.charCodeAt(i)) return false;
  return true;
};

/** The header of a JPEG libvips would read the same way, or null (EXIF, several JFIF markers, an unusual frame: ask libvips). */
export function readJfifHeader(bytes: Uint8Array): JfifHeader | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  let frame: { width: number; height: number; components: number } | null = null;
  let jfif: { unit: number; x: number; y: number } | null = null;
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
    if (SOF.has(marker)) {
      if (frame || len < 8) return null;
      frame = { height: (bytes[seg + 1]! << 8) | bytes[seg + 2]!, width: (bytes[seg + 3]! << 8) | bytes[seg + 4]!, components: bytes[seg + 5]! };
    } else if (marker === 0xe0 && len >= 7 && startsWith(bytes, seg, 'JFIF\0')) {
      // libjpeg reads every JFIF marker (the last one wins) and warns about unusual ones: not ours to guess
      if (jfif || len < 16 || bytes[seg + 5] !== 1) return null;
      jfif = { unit: bytes[seg + 7]!, x: (bytes[seg + 8]! << 8) | bytes[seg + 9]!, y: (bytes[seg + 10]! << 8) | bytes[seg + 11]! };
    } else if (marker === 0xe1 && len >= 6 && startsWith(bytes, seg, 'Exif')) {
      return null; // resolution and orientation may come from EXIF
    }
    p += 2 + len;
  }
  if (!frame || frame.width < 1 || frame.height < 1 || (frame.components !== 1 && frame.components !== 3)) return null;
  // libvips (jpeg2vips.c): the JFIF density counts only when neither value is 1 (an aspect ratio of 1:1)
  let xres = DEFAULT_XRES;
  if (jfif && jfif.x !== 1 && jfif.y !== 1) {
    if (jfif.unit === 1) xres = jfif.x / 25.4;
    else if (jfif.unit === 2) xres = jfif.x / 10;
  }
  // sharp: a density only above 1 pixel a millimetre, rounded to an integer
  const density = xres > 1 ? Math.round(xres * 25.4) : undefined;
  return { width: frame.width, height: frame.height, channels: frame.components, density };
}
