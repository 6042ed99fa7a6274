/**
 * What a JPEG's header says about its size and colour, read from its markers without decoding: the
 * frame size and number of components (SOF) and the Adobe APP14 marker. Adobe software (Photoshop, Acrobat, most RIPs and
 * some scanner drivers) stores CMYK and YCCK JPEGs with inverted samples and marks them with APP14;
 * a PDF showing such a JPEG needs `/Decode [1 0 1 0 1 0 1 0]`, as PDF readers and libjpeg users do.
 */
export interface JpegColour {
  /** Components in the frame header (1 gray, 3 YCbCr/RGB, 4 CMYK/YCCK); 0 when no frame header was found. */
  components: number;
  /** Frame size from the frame header (0 when none was found). */
  width: number;
  height: number;
  /** The APP14 «Adobe» transform flag (0 none/CMYK, 1 YCbCr, 2 YCCK), null without the marker. */
  adobeTransform: number | null;
}

const SOF = new Set([0xc0, 0xc1, 0xc2, 0xc3, 0xc5, 0xc6, 0xc7, 0xc9, 0xca, 0xcb, 0xcd, 0xce, 0xcf]);

export function readJpegColour(bytes: Uint8Array): JpegColour {
  const out: JpegColour = { components: 0, width: 0, height: 0, adobeTransform: null };
  let p = 2; // after SOI
  while (p + 4 <= bytes.length) {
    if (bytes[p] !== 0xff) break;
    const marker = bytes[p + 1]!;
    if (marker === 0xff) {
      p++; // fill byte
      continue;
    }
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      p += 2;
      continue;
    }
    if (marker === 0xd9 || marker === 0xda) break; // end of image, start of scan: the header is over
    const len = (bytes[p + 2]! << 8) | bytes[p + 3]!;
    if (len < 2 || p + 2 + len > bytes.length) break;
    const seg = p + 4;
    if (SOF.has(marker) && len >= 8) {
      out.height = (bytes[seg + 1]! << 8) | bytes[seg + 2]!;
      out.width = (bytes[seg + 3]! << 8) | bytes[seg + 4]!;
      out.components = bytes[seg + 5]!;
    }
    if (marker === 0xee && len >= 14 && String.fromCharCode(...bytes.subarray(seg, seg + 5)) === 'Adobe') out.adobeTransform = bytes[seg + 11]!;
    p += 2 + len;
  }
  return out;
}

/** True when a four-component JPEG holds Adobe's inverted CMYK (or YCCK) samples. */
export function isAdobeInvertedCmyk(c: JpegColour): boolean {
  return c.components === 4 && c.adobeTransform !== null;
}
