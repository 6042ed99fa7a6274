/**
 * Minimal single-page, single-strip, little-endian bilevel TIFF writer, so that CCITT G4 data taken
 * out of a PDF (or produced by encodeG4) can be handed to sharp / libvips / libtiff for decoding.
 */
import { StationError } from '../../../shared/src/errors.ts';
import { encodeG4 } from './ccitt-g4-encode.ts';

export interface TiffResolution {
  /** Horizontal resolution in dots per inch. */
  xDpi: number;
  /** Vertical resolution in dots per inch. */
  yDpi: number;
}

const SHORT = 3;
const LONG = 4;
const RATIONAL = 5;

interface Entry {
  tag: number;
  type: typeof SHORT | typeof LONG | typeof RATIONAL;
  value: number;
}

/**
 * Wraps raw CCITT G4 (T.6) data in a TIFF (Compression=4).
 * @param blackIs1 true when the data decodes to 1 = black (PBM convention, as encodeG4 produces and as
 *   PDF `/BlackIs1 true` states); written as PhotometricInterpretation 0 (WhiteIsZero), else 1.
 */
export function wrapG4AsTiff(
  data: Uint8Array, width: number, height: number, blackIs1: boolean, resolution?: TiffResolution,
): Uint8Array {
  return singleStripBilevelTiff(data, width, height, 4, blackIs1 ? 0 : 1, resolution);
}

/** Encodes a packed PBM-convention bitmap (1 = black, rows of ceil(width/8) bytes) as a G4 TIFF. */
export function packedToTiffG4(
  packed: Uint8Array, width: number, height: number, resolution?: TiffResolution,
): Uint8Array {
  return wrapG4AsTiff(encodeG4(packed, width, height), width, height, true, resolution);
}

/** Wraps a packed PBM-convention bitmap uncompressed (Compression=1, WhiteIsZero). */
export function wrapPackedAsTiff(
  packed: Uint8Array, width: number, height: number, resolution?: TiffResolution,
): Uint8Array {
  const size = Math.ceil(width / 8) * height;
  if (packed.length < size) {
    throw new StationError('INTERNAL', 'Imaginea are mai puțini octeți decât dimensiunile ei.', {
      width, height, expected: size, actual: packed.length,
    });
  }
  return singleStripBilevelTiff(packed.subarray(0, size), width, height, 1, 0, resolution);
}

function singleStripBilevelTiff(
  strip: Uint8Array, width: number, height: number, compression: 1 | 4, photometric: 0 | 1,
  resolution: TiffResolution | undefined,
): Uint8Array {
  for (const [name, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 0xffffffff) {
      throw new StationError('INTERNAL', 'Dimensiunile imaginii TIFF nu sunt valide.', { [name]: v });
    }
  }
  const entries: Entry[] = [
    { tag: 256, type: LONG, value: width }, // ImageWidth
    { tag: 257, type: LONG, value: height }, // ImageLength
    { tag: 258, type: SHORT, value: 1 }, // BitsPerSample
    { tag: 259, type: SHORT, value: compression }, // Compression
    { tag: 262, type: SHORT, value: photometric }, // PhotometricInterpretation
    { tag: 266, type: SHORT, value: 1 }, // FillOrder: most significant bit first
    { tag: 273, type: LONG, value: 0 }, // StripOffsets, patched below
    { tag: 277, type: SHORT, value: 1 }, // SamplesPerPixel
    { tag: 278, type: LONG, value: height }, // RowsPerStrip
    { tag: 279, type: LONG, value: strip.length }, // StripByteCounts
  ];
  if (resolution) {
    entries.push(
      { tag: 282, type: RATIONAL, value: resolution.xDpi }, // XResolution
      { tag: 283, type: RATIONAL, value: resolution.yDpi }, // YResolution
      { tag: 296, type: SHORT, value: 2 }, // ResolutionUnit: inch
    );
  }

  const ifdOffset = 8;
  const ifdSize = 2 + entries.length * 12 + 4;
  let extraOffset = ifdOffset + ifdSize; // out-of-line values (rationals)
  const rationals = entries.filter((e) => e.type === RATIONAL).length;
  const dataOffset = extraOffset + rationals * 8;
  const out = new Uint8Array(dataOffset + strip.length);
  const view = new DataView(out.buffer);

  out.set([0x49, 0x49, 42, 0]); // "II", 42
  view.setUint32(4, ifdOffset, true);
  view.setUint16(ifdOffset, entries.length, true);
  entries.forEach((e, i) => {
    const p = ifdOffset + 2 + i * 12;
    view.setUint16(p, e.tag, true);
    view.setUint16(p + 2, e.type, true);
    view.setUint32(p + 4, 1, true);
    if (e.tag === 273) {
      view.setUint32(p + 8, dataOffset, true);
    } else if (e.type === SHORT) {
      view.setUint16(p + 8, e.value, true);
    } else if (e.type === LONG) {
      view.setUint32(p + 8, e.value, true);
    } else {
      const [num, den] = toRational(e.value);
      view.setUint32(p + 8, extraOffset, true);
      view.setUint32(extraOffset, num, true);
      view.setUint32(extraOffset + 4, den, true);
      extraOffset += 8;
    }
  });
  view.setUint32(ifdOffset + 2 + entries.length * 12, 0, true); // no next IFD
  out.set(strip, dataOffset);
  return out;
}

function toRational(value: number): [number, number] {
  if (!(value > 0) || !Number.isFinite(value)) {
    throw new StationError('INTERNAL', 'Rezoluția imaginii TIFF nu este validă.', { value });
  }
  const den = Number.isInteger(value) ? 1 : 1000;
  return [Math.min(0xffffffff, Math.round(value * den)), den];
}
