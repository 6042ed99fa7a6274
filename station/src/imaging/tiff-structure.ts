/**
 * Structure-only TIFF reader (classic TIFF, both byte orders): the image file directories and the
 * fields a bilevel scanning pipeline needs, never the pixels. Built for hostile input: every offset
 * is bounds-checked, directory chains are capped and checked for loops, and every failure is a
 * StationError (INPUT_CORRUPT, or INPUT_UNSUPPORTED for BigTIFF).
 */
import { StationError } from '../../../shared/src/errors.ts';

export interface TiffIfd {
  /** Offset of the directory in the file. */
  offset: number;
  newSubfileType: number;
  width: number;
  height: number;
  bitsPerSample: number[];
  samplesPerPixel: number;
  compression: number;
  /** Absent in some fax TIFFs; readers then assume 0 (WhiteIsZero) for bilevel data. */
  photometric: number | undefined;
  fillOrder: number;
  planarConfig: number;
  /** Clamped to `height`. */
  rowsPerStrip: number;
  stripOffsets: number[];
  /** Empty when the (required, but sometimes omitted) tag is missing. */
  stripByteCounts: number[];
  tileWidth?: number;
  tileHeight?: number;
  tileOffsets?: number[];
  tileByteCounts?: number[];
  t4Options: number;
  t6Options: number;
  xResolution: number | undefined;
  yResolution: number | undefined;
  /** 1 none, 2 inch, 3 centimetre. */
  resolutionUnit: number;
  predictor: number;
  /** Orientation tag (274): 1 = row 0 top, column 0 left … 8; 1 when absent or out of range. */
  orientation: number;
  extraSamples: number[];
}

/** More directories than any real scan batch; beyond this the chain is treated as corrupt. */
export const MAX_IFDS = 10_000;

const TYPE_SIZES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };

interface Entry {
  tag: number;
  type: number;
  count: number;
  /** Absolute offset of the value bytes (inline or out of line), bounds-checked when the tag is used. */
  valueOffset: number;
}

function corrupt(reason: string, details: Record<string, unknown> = {}): StationError {
  return new StationError('INPUT_CORRUPT', `Fișierul TIFF este deteriorat: ${reason}.`, details);
}

class Reader {
  private readonly view: DataView;
  /** Values left to read: directories that all point at one huge array must not cost O(IFDs × size). */
  private budget: number;
  constructor(readonly bytes: Uint8Array, readonly little: boolean) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.budget = bytes.length + 1_000_000;
  }
  spend(values: number): void {
    this.budget -= values;
    if (this.budget < 0) throw corrupt('directoarele de imagine cer prea multe valori');
  }
  get length(): number {
    return this.bytes.length;
  }
  check(offset: number, size: number, what: string): void {
    if (offset < 0 || size < 0 || offset + size > this.bytes.length) {
      throw corrupt(`${what} indică în afara fișierului`, { offset, size, fileSize: this.bytes.length });
    }
  }
  u16(offset: number): number {
    return this.view.getUint16(offset, this.little);
  }
  u32(offset: number): number {
    return this.view.getUint32(offset, this.little);
  }
}

export function parseTiff(bytes: Uint8Array): TiffIfd[] {
  if (bytes.length < 8) throw corrupt('antetul lipsește sau este incomplet', { fileSize: bytes.length });
  const order = String.fromCharCode(bytes[0]!, bytes[1]!);
  if (order !== 'II' && order !== 'MM') throw corrupt('antetul nu este de tip TIFF', { order });
  const r = new Reader(bytes, order === 'II');
  const magic = r.u16(2);
  if (magic === 43) {
    throw new StationError('INPUT_UNSUPPORTED', 'Fișierele BigTIFF nu sunt acceptate.', { magic });
  }
  if (magic !== 42) throw corrupt('antetul nu este de tip TIFF', { magic });

  const ifds: TiffIfd[] = [];
  const seen = new Set<number>();
  let next = r.u32(4);
  if (next === 0) throw corrupt('fișierul nu conține nicio imagine');
  while (next !== 0) {
    if (seen.has(next)) throw corrupt('directoarele de imagine formează o buclă', { offset: next });
    if (ifds.length >= MAX_IFDS) throw corrupt('prea multe directoare de imagine', { max: MAX_IFDS });
    seen.add(next);
    r.check(next, 2, `directorul paginii ${ifds.length + 1}`);
    const count = r.u16(next);
    r.check(next + 2, count * 12 + 4, `directorul paginii ${ifds.length + 1}`);
    ifds.push(readIfd(r, next, count, ifds.length));
    next = r.u32(next + 2 + count * 12);
  }
  return ifds;
}

function readIfd(r: Reader, offset: number, count: number, index: number): TiffIfd {
  const entries = new Map<number, Entry>();
  for (let i = 0; i < count; i++) {
    const p = offset + 2 + i * 12;
    const tag = r.u16(p);
    const type = r.u16(p + 2);
    const n = r.u32(p + 4);
    const size = TYPE_SIZES[type];
    if (size === undefined || entries.has(tag)) continue; // unknown types and duplicates are ignored
    entries.set(tag, { tag, type, count: n, valueOffset: size * n <= 4 ? p + 8 : r.u32(p + 8) });
  }
  /** Entries of the tags this reader uses; other tags are never read, so never checked. */
  const entry = (tag: number): Entry | undefined => {
    const e = entries.get(tag);
    if (e) r.check(e.valueOffset, TYPE_SIZES[e.type]! * e.count, `eticheta ${tag} din pagina ${index + 1}`);
    return e;
  };

  const uints = (tag: number): number[] | undefined => {
    const e = entry(tag);
    return e && readUints(r, e, index);
  };
  const uint = (tag: number, fallback: number): number => uints(tag)?.[0] ?? fallback;
  const rational = (tag: number): number | undefined => {
    const e = entry(tag);
    if (!e || e.type !== 5 || e.count < 1) return undefined;
    const den = r.u32(e.valueOffset + 4);
    return den === 0 ? undefined : r.u32(e.valueOffset) / den;
  };

  const width = uint(256, 0);
  const height = uint(257, 0);
  if (width === 0 || height === 0) {
    throw corrupt(`pagina ${index + 1} nu are dimensiuni valide`, { page: index + 1, width, height });
  }
  const samplesPerPixel = uint(277, 1);
  const tileWidth = uints(322)?.[0];
  const tileHeight = uints(323)?.[0];
  const tiled = tileWidth !== undefined || tileHeight !== undefined;
  const ifd: TiffIfd = {
    offset,
    newSubfileType: uint(254, 0),
    width,
    height,
    bitsPerSample: uints(258) ?? new Array<number>(samplesPerPixel).fill(1),
    samplesPerPixel,
    compression: uint(259, 1),
    photometric: uints(262)?.[0],
    fillOrder: uint(266, 1),
    planarConfig: uint(284, 1),
    rowsPerStrip: Math.min(uint(278, 0xffffffff), height),
    stripOffsets: uints(273) ?? [],
    stripByteCounts: uints(279) ?? [],
    t4Options: uint(292, 0),
    t6Options: uint(293, 0),
    xResolution: rational(282),
    yResolution: rational(283),
    resolutionUnit: uint(296, 2),
    predictor: uint(317, 1),
    orientation: orientationOf(uints(274)?.[0]),
    extraSamples: uints(338) ?? [],
  };
  if (tiled) {
    if (!tileWidth || !tileHeight) throw corrupt(`pagina ${index + 1} are dale fără dimensiuni`, { page: index + 1 });
    ifd.tileWidth = tileWidth;
    ifd.tileHeight = tileHeight;
    ifd.tileOffsets = uints(324) ?? [];
    ifd.tileByteCounts = uints(325) ?? [];
    checkChunks(r, ifd.tileOffsets, ifd.tileByteCounts, 'dalele', index);
  } else {
    if (ifd.rowsPerStrip === 0) throw corrupt(`pagina ${index + 1} are 0 rânduri pe bandă`, { page: index + 1 });
    checkChunks(r, ifd.stripOffsets, ifd.stripByteCounts, 'benzile', index);
  }
  return ifd;
}

function orientationOf(v: number | undefined): number {
  return v !== undefined && v >= 1 && v <= 8 ? v : 1;
}

/** Reads an unsigned integer array (BYTE, SHORT or LONG). */
function readUints(r: Reader, e: Entry, index: number): number[] {
  const size = TYPE_SIZES[e.type];
  if (e.type !== 1 && e.type !== 3 && e.type !== 4) {
    throw corrupt(`eticheta ${e.tag} din pagina ${index + 1} are un tip nepotrivit`, { tag: e.tag, type: e.type });
  }
  r.spend(e.count);
  const out = new Array<number>(e.count);
  for (let i = 0; i < e.count; i++) {
    const p = e.valueOffset + i * size!;
    out[i] = e.type === 1 ? r.bytes[p]! : e.type === 3 ? r.u16(p) : r.u32(p);
  }
  return out;
}

function checkChunks(r: Reader, offsets: number[], counts: number[], what: string, index: number): void {
  if (offsets.length === 0) throw corrupt(`pagina ${index + 1} nu indică datele imaginii`, { page: index + 1 });
  if (counts.length === 0) return;
  if (counts.length !== offsets.length) {
    throw corrupt(`pagina ${index + 1} are un număr inconsecvent de benzi`, {
      page: index + 1, offsets: offsets.length, byteCounts: counts.length,
    });
  }
  for (let i = 0; i < offsets.length; i++) {
    r.check(offsets[i]!, counts[i]!, `${what} paginii ${index + 1}`);
  }
}

/**
 * Returns the raw CCITT G4 data of a page that can be copied into a PDF unchanged: Compression=4,
 * 1 bit per pixel, FillOrder 1, not tiled, every row in strip 0, no uncompressed-mode extension.
 * `data` is a view into `bytes`. `blackIs1` is true when the data decodes to 1 = black
 * (PhotometricInterpretation 0, WhiteIsZero; also assumed when the tag is absent), false for 1.
 * Returns null when the page needs decoding and re-encoding instead.
 */
export function g4Passthrough(bytes: Uint8Array, ifd: TiffIfd): { data: Uint8Array; blackIs1: boolean } | null {
  if (ifd.compression !== 4 || ifd.tileWidth !== undefined || ifd.tileHeight !== undefined) return null;
  if (ifd.samplesPerPixel !== 1 || ifd.bitsPerSample.length !== 1 || ifd.bitsPerSample[0] !== 1) return null;
  if (ifd.fillOrder !== 1 || (ifd.t6Options & 2) !== 0) return null;
  const photometric = ifd.photometric ?? 0;
  if (photometric !== 0 && photometric !== 1) return null;
  if (ifd.rowsPerStrip < ifd.height) return null;
  const offset = ifd.stripOffsets[0];
  const count = ifd.stripByteCounts[0];
  if (offset === undefined || count === undefined || count === 0 || offset + count > bytes.length) return null;
  return { data: bytes.subarray(offset, offset + count), blackIs1: photometric === 0 };
}
