/**
 * One page of a (multi-page) TIFF, on its own: a standalone single-directory TIFF built from the
 * page's directory, so that decoding page 9,000 of a fax archive costs what decoding page 1 does
 * (libtiff, under libvips, walks and counts the whole directory chain every time a file is opened).
 * Also the strip-by-strip CCITT decoding of Group 3 (and Group 4) pages.
 */
import { StationError } from '../../../shared/src/errors.ts';
import { decodeCcittFax, type CcittBitmap } from './ccitt-g3-decode.ts';
import type { TiffIfd } from './tiff-structure.ts';

const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };
/** Tags whose values are offsets to other structures this copy does not carry. */
const DROPPED = new Set([288, 289, 330, 400, 513, 514, 34665, 34853, 40965]);
const OFFSET_TAGS: Record<number, number> = { 273: 279, 324: 325 }; // strip / tile offsets → byte counts

interface OutEntry { tag: number; type: number; count: number; value: Uint8Array; offsets?: number[] }

/**
 * A standalone TIFF holding only the page whose directory is `ifd` (same byte order, same tags
 * except links to other directories, strips or tiles copied). Old-style JPEG (Compression 6)
 * cannot be carried this way: null, and the caller opens the whole file.
 */
export function extractTiffPage(bytes: Uint8Array, ifd: TiffIfd): Uint8Array | null {
  if (ifd.compression === 6) return null;
  const little = bytes[0] === 0x49;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const u16 = (o: number) => view.getUint16(o, little);
  const u32 = (o: number) => view.getUint32(o, little);
  const count = u16(ifd.offset);
  const entries: OutEntry[] = [];
  const seen = new Set<number>();
  const chunks = ifd.tileOffsets ?? ifd.stripOffsets;
  const chunkCounts = ifd.tileByteCounts ?? ifd.stripByteCounts;
  for (let i = 0; i < count; i++) {
    const p = ifd.offset + 2 + i * 12;
    const tag = u16(p);
    const type = u16(p + 2);
    const n = u32(p + 4);
    const size = TYPE_SIZES[type];
    if (size === undefined || DROPPED.has(tag) || seen.has(tag)) continue;
    seen.add(tag);
    if (tag in OFFSET_TAGS) {
      entries.push({ tag, type: 4, count: chunks.length, value: new Uint8Array(0), offsets: chunks });
      continue;
    }
    if (tag === 279 || tag === 325) {
      const counts = chunkCounts.length > 0 ? chunkCounts : chunks.map((o) => bytes.length - o); // missing counts: to the end
      entries.push({ tag, type: 4, count: counts.length, value: longs(counts, little) });
      continue;
    }
    const len = size * n;
    const at = len <= 4 ? p + 8 : u32(p + 8);
    if (at + len > bytes.length) continue; // a broken tag the decoder does not need
    entries.push({ tag, type, count: n, value: bytes.subarray(at, at + len) });
  }
  if (!entries.some((e) => e.tag === 279 || e.tag === 325)) {
    const counts = chunks.map((o, i) => chunkCounts[i] ?? bytes.length - o);
    entries.push({ tag: ifd.tileOffsets ? 325 : 279, type: 4, count: counts.length, value: longs(counts, little) });
    entries.sort((a, b) => a.tag - b.tag);
  }

  const ifdSize = 2 + entries.length * 12 + 4;
  let extra = 8 + ifdSize;
  const extraStart = extra;
  for (const e of entries) if (!e.offsets && e.value.length > 4) extra += (e.value.length + 1) & ~1;
  const offsetsArrays = entries.filter((e) => e.offsets && e.count > 1).reduce((n, e) => n + e.count * 4, 0);
  const dataStart = extra + offsetsArrays;
  const sizes = chunks.map((o, i) => Math.max(0, Math.min(chunkCounts[i] ?? bytes.length - o, bytes.length - o)));
  const total = dataStart + sizes.reduce((a, b) => a + b, 0);
  const out = new Uint8Array(total);
  const w = new DataView(out.buffer);
  out.set(little ? [0x49, 0x49, 42, 0] : [0x4d, 0x4d, 0, 42]);
  w.setUint32(4, 8, little);
  w.setUint16(8, entries.length, little);
  let extraAt = extraStart;
  let offsetsAt = extra;
  let dataAt = dataStart;
  const newOffsets = sizes.map((size, i) => {
    out.set(bytes.subarray(chunks[i]!, chunks[i]! + size), dataAt);
    const at = dataAt;
    dataAt += size;
    return at;
  });
  entries.forEach((e, i) => {
    const p = 10 + i * 12;
    w.setUint16(p, e.tag, little);
    w.setUint16(p + 2, e.type, little);
    w.setUint32(p + 4, e.count, little);
    if (e.offsets) {
      if (e.count === 1) w.setUint32(p + 8, newOffsets[0]!, little);
      else {
        w.setUint32(p + 8, offsetsAt, little);
        out.set(longs(newOffsets, little), offsetsAt);
        offsetsAt += e.count * 4;
      }
    } else if (e.value.length <= 4) {
      out.set(e.value, p + 8);
    } else {
      w.setUint32(p + 8, extraAt, little);
      out.set(e.value, extraAt);
      extraAt += (e.value.length + 1) & ~1;
    }
  });
  w.setUint32(10 + entries.length * 12, 0, little); // no next directory
  return out;
}

function longs(values: number[], little: boolean): Uint8Array {
  const out = new Uint8Array(values.length * 4);
  const w = new DataView(out.buffer);
  values.forEach((v, i) => w.setUint32(i * 4, v, little));
  return out;
}

/** True for the CCITT codings the station decodes itself: Group 3 (Compression 2 and 3). */
export function isFaxGroup3(ifd: TiffIfd): boolean {
  return (ifd.compression === 2 || ifd.compression === 3) && ifd.tileWidth === undefined;
}

/**
 * Decodes a CCITT page (Compression 2, 3 with T4Options, or 4) strip by strip into a packed bitmap,
 * 1 = black as the page shows (PhotometricInterpretation and FillOrder applied).
 */
export function decodeTiffFax(bytes: Uint8Array, ifd: TiffIfd, label: string): CcittBitmap {
  if (ifd.samplesPerPixel !== 1 || (ifd.bitsPerSample[0] ?? 1) !== 1) {
    throw new StationError('INPUT_CORRUPT', `${label}: imaginea fax nu are 1 bit pe pixel.`, { bitsPerSample: ifd.bitsPerSample });
  }
  if (ifd.compression === 3 && (ifd.t4Options & 2) !== 0) {
    throw new StationError('INPUT_UNSUPPORTED', `${label}: imaginea fax folosește modul necomprimat CCITT, care nu este acceptat.`, { t4Options: ifd.t4Options });
  }
  const stride = (ifd.width + 7) >> 3;
  const packed = new Uint8Array(stride * ifd.height);
  const k = ifd.compression === 4 ? -1 : ifd.compression === 3 && (ifd.t4Options & 1) !== 0 ? 1 : 0;
  const blackIs1 = (ifd.photometric ?? 0) === 1;
  let damagedRows = 0;
  for (let i = 0, row = 0; i < ifd.stripOffsets.length && row < ifd.height; i++) {
    const rows = Math.min(ifd.rowsPerStrip, ifd.height - row);
    const start = ifd.stripOffsets[i]!;
    const end = ifd.stripByteCounts[i] !== undefined ? start + ifd.stripByteCounts[i]! : bytes.length;
    try {
      const bm = decodeCcittFax(bytes.subarray(start, end), { columns: ifd.width, rows, k, encodedByteAlign: ifd.compression === 2, lsbFirst: ifd.fillOrder === 2, blackIs1 });
      packed.set(bm.packed.subarray(0, rows * stride), row * stride);
      damagedRows += bm.damagedRows;
    } catch (e) {
      if (e instanceof StationError) throw new StationError(e.code, `${label}: ${e.message}`, { ...e.details, strip: i }, { cause: e });
      throw e;
    }
    row += rows;
  }
  return { packed, width: ifd.width, height: ifd.height, damagedRows };
}
