/**
 * CCITT fax decoder (ITU-T T.4 Group 3 one- and two-dimensional, and T.6 Group 4) into a packed
 * bitmap in PBM convention (rows of ceil(width / 8) bytes, most significant bit first, 1 = black).
 *
 * Takes the parameters of a PDF `/CCITTFaxDecode` filter (K, EncodedByteAlign, EndOfLine,
 * EndOfBlock, BlackIs1, Columns, Rows) and the TIFF ones (Compression 2 = byte-aligned rows with no
 * EOL, Compression 3 with T4Options, FillOrder 2). Tolerant in the ways fax data needs: fill bits
 * before an EOL, EOLs present or not, a row whose code is damaged is replaced by the row above when
 * an EOL follows to resynchronise (fax machines do the same), and RTC / EOFB end the data.
 * A stream that cannot be decoded throws StationError INPUT_CORRUPT.
 */
import { StationError } from '../../../shared/src/errors.ts';
import {
  BLACK_MAKEUP, BLACK_TERMINATING, EXTENDED_MAKEUP, VERTICAL_CODE, VERTICAL_LEN, WHITE_MAKEUP, WHITE_TERMINATING,
} from './ccitt-codes.ts';

export interface CcittDecodeParams {
  /** Pixels per row (PDF /Columns, TIFF ImageWidth). */
  columns: number;
  /** Rows expected (PDF /Rows, TIFF ImageLength); 0 or absent: until the data ends. */
  rows?: number;
  /** PDF /K: < 0 pure 2-D (Group 4), 0 pure 1-D (Group 3), > 0 mixed (Group 3 2-D; TIFF T4Options bit 0). */
  k: number;
  /** Each row starts on a byte boundary unless an EOL precedes it (PDF /EncodedByteAlign; TIFF Compression 2). */
  encodedByteAlign?: boolean;
  /**
   * PDF /BlackIs1. The result is what a DeviceGray image without /Decode shows, in PBM convention:
   * false (the default) → black-coded runs are 1 (black); true → they are 0 (the image is inverted).
   * For a TIFF: PhotometricInterpretation 0 (WhiteIsZero) ↔ false, 1 (BlackIsZero) ↔ true.
   */
  blackIs1?: boolean;
  /** Bits are stored least significant first in each byte (TIFF FillOrder 2). */
  lsbFirst?: boolean;
}

export interface CcittBitmap {
  /** PBM convention: rows of ceil(width / 8) bytes, 1 = black. */
  packed: Uint8Array;
  width: number;
  height: number;
  /** Rows that could not be decoded and were replaced by the row above (G3 with EOLs only). */
  damagedRows: number;
}

/** Longest code (black make-up) in bits; lookup tables are indexed by this many bits. */
const LOOKUP_BITS = 13;
const MAX_COLUMNS = 1 << 20;
/** A decoded page never exceeds this many pixels (128 MB packed). */
const MAX_PIXELS = 2 ** 30;

/** Lookup of run-length codes: entry = (length << 16) | run, 0 = no code. */
function runLookup(terminating: string[], makeup: string[]): Uint32Array {
  const table = new Uint32Array(1 << LOOKUP_BITS);
  const add = (bits: string, run: number) => {
    const shift = LOOKUP_BITS - bits.length;
    const base = parseInt(bits, 2) << shift;
    for (let i = 0; i < 1 << shift; i++) table[base + i] = (bits.length << 16) | run;
  };
  terminating.forEach((bits, run) => add(bits, run));
  makeup.forEach((bits, i) => add(bits, (i + 1) * 64));
  EXTENDED_MAKEUP.forEach((bits, i) => add(bits, 1792 + i * 64));
  return table;
}

const WHITE = runLookup(WHITE_TERMINATING, WHITE_MAKEUP);
const BLACK = runLookup(BLACK_TERMINATING, BLACK_MAKEUP);

/** 2-D mode codes, looked up on 7 bits: entry = (length << 8) | mode. */
const M_PASS = 1;
const M_HORIZONTAL = 2;
const M_VERTICAL = 10; // + (a1 - b1), i.e. 7..13
const MODES = (() => {
  const table = new Uint16Array(128);
  const add = (code: number, len: number, mode: number) => {
    const shift = 7 - len;
    for (let i = 0; i < 1 << shift; i++) table[(code << shift) + i] = (len << 8) | mode;
  };
  add(0b0001, 4, M_PASS);
  add(0b001, 3, M_HORIZONTAL);
  for (let d = -3; d <= 3; d++) add(VERTICAL_CODE[d + 3]!, VERTICAL_LEN[d + 3]!, M_VERTICAL + d);
  return table;
})();

class Bad extends Error {}

class BitReader {
  pos = 0; // bit position
  readonly end: number;
  constructor(private readonly data: Uint8Array) {
    this.end = data.length * 8;
  }
  /** The next `n` bits (n ≤ 24), zeros past the end. */
  peek(n: number): number {
    return this.peekAt(0, n);
  }
  /** `n` bits (n ≤ 24) starting `ahead` bits after the position, zeros past the end. */
  peekAt(ahead: number, n: number): number {
    const at = this.pos + ahead;
    const byte = at >>> 3;
    const d = this.data;
    const word = ((d[byte] ?? 0) << 24) | ((d[byte + 1] ?? 0) << 16) | ((d[byte + 2] ?? 0) << 8) | (d[byte + 3] ?? 0);
    return ((word << (at & 7)) >>> (32 - n)) & ((1 << n) - 1);
  }
  skip(n: number): void {
    this.pos += n;
  }
  align(): void {
    this.pos = (this.pos + 7) & ~7;
  }
  get done(): boolean {
    return this.pos >= this.end;
  }
}

/** Reads one run (make-up codes and the terminating code) of the colour `table`. */
function readRun(r: BitReader, table: Uint32Array): number {
  let run = 0;
  for (;;) {
    if (r.done) throw new Bad('end of data inside a run');
    const e = table[r.peek(LOOKUP_BITS)]!;
    if (e === 0) throw new Bad('invalid run code');
    r.skip(e >>> 16);
    const len = e & 0xffff;
    run += len;
    if (len < 64) return run;
  }
}

/** One row coded 1-D (modified Huffman): alternating white and black runs. */
function decode1D(r: BitReader, width: number, cur: Int32Array): number {
  let n = 0;
  let a0 = 0;
  let color = 0;
  while (a0 < width) {
    a0 += readRun(r, color === 0 ? WHITE : BLACK);
    if (a0 > width) throw new Bad('row longer than the width');
    if (a0 < width) cur[n++] = a0; // a run that ends at the width is no change
    color ^= 1;
  }
  return terminate(cur, n, width);
}

/** One row coded 2-D against the changing elements of the reference row `ref`. */
function decode2D(r: BitReader, width: number, ref: Int32Array, cur: Int32Array): number {
  let n = 0;
  let a0 = -1;
  let color = 0;
  let ib = 0;
  while (a0 < width) {
    const e = MODES[r.peek(7)]!;
    if (e === 0 || r.done) throw new Bad('invalid mode code');
    r.skip(e >>> 8);
    const mode = e & 0xff;
    while (ref[ib]! <= a0) ib++;
    const jb = ib + ((ib ^ color) & 1);
    const b1 = ref[jb]!;
    const b2 = ref[jb + 1]!;
    if (mode === M_PASS) {
      a0 = b2;
    } else if (mode === M_HORIZONTAL) {
      const start = a0 < 0 ? 0 : a0;
      const a1 = start + readRun(r, color === 0 ? WHITE : BLACK);
      const a2 = a1 + readRun(r, color === 0 ? BLACK : WHITE);
      if (a2 > width) throw new Bad('row longer than the width');
      cur[n++] = a1;
      cur[n++] = a2;
      a0 = a2;
    } else {
      const a1 = b1 + (mode - M_VERTICAL);
      if (a1 < 0 || a1 > width || a1 < a0) throw new Bad('vertical code out of the row');
      cur[n++] = a1;
      a0 = a1;
      color ^= 1;
    }
  }
  // changes at the width itself are not changes
  while (n > 0 && cur[n - 1]! >= width) n--;
  return terminate(cur, n, width);
}

function terminate(cur: Int32Array, n: number, width: number): number {
  cur[n] = width;
  cur[n + 1] = width;
  cur[n + 2] = width;
  return n;
}

/** Writes the row given by its changing elements (even indexes start black) into `out`. */
function fillRow(out: Uint8Array, rowStart: number, cur: Int32Array, n: number): void {
  for (let i = 0; i < n; i += 2) {
    const from = cur[i]!;
    const to = cur[i + 1]!;
    for (let x = from; x < to; x++) out[rowStart + (x >> 3)]! |= 0x80 >> (x & 7);
  }
}

const REVERSED = (() => {
  const t = new Uint8Array(256);
  for (let i = 0; i < 256; i++) {
    let v = 0;
    for (let b = 0; b < 8; b++) if (i & (1 << b)) v |= 0x80 >> b;
    t[i] = v;
  }
  return t;
})();

function corrupt(reason: string, details: Record<string, unknown>): StationError {
  return new StationError('INPUT_CORRUPT', `Imaginea CCITT (fax) este deteriorată: ${reason}.`, details);
}

/** Decodes CCITT G3 (1-D, 2-D) or G4 data; see CcittDecodeParams. */
export function decodeCcittFax(input: Uint8Array, p: CcittDecodeParams): CcittBitmap {
  const width = p.columns;
  if (!Number.isInteger(width) || width < 1 || width > MAX_COLUMNS) throw corrupt('lățime nevalidă', { columns: width });
  const wantRows = p.rows && p.rows > 0 ? p.rows : 0;
  const data = p.lsbFirst ? input.map((b) => REVERSED[b]!) : input;
  const r = new BitReader(data);
  const stride = (width + 7) >> 3;
  // every coded row costs at least one bit: a hostile /Rows cannot make us allocate more than the data allows
  const maxRows = Math.min(Math.floor(MAX_PIXELS / width), data.length * 8 + 1);
  if (wantRows > maxRows * 1.2 + 16) throw corrupt(`${wantRows} rânduri nu încap în ${data.length} octeți`, { rows: wantRows, bytes: data.length });
  let out = new Uint8Array(stride * Math.max(16, Math.min(wantRows || 1024, maxRows)));
  let ref: Int32Array = terminateNew(width);
  let cur: Int32Array = new Int32Array(width + 4);
  let rows = 0;
  let damaged = 0;
  const g4 = p.k < 0;

  while (!wantRows || rows < wantRows) {
    const start = rowStart(r, p);
    if (start === 'end') break;
    let twoD = g4;
    if (p.k > 0) {
      twoD = r.peek(1) === 0; // the tag bit: 1 = next row coded 1-D
      r.skip(1);
    }

    if (rows >= out.length / stride) {
      if (rows >= maxRows) throw corrupt('prea multe rânduri', { rows, columns: width });
      const grown = new Uint8Array(out.length * 2);
      grown.set(out);
      out = grown;
    }
    const rowAt = rows * stride;
    const at = r.pos;
    let n: number;
    try {
      n = twoD ? decode2D(r, width, ref, cur) : decode1D(r, width, cur);
    } catch (e) {
      if (!(e instanceof Bad)) throw e;
      // resynchronise on the next EOL when the coding has them; otherwise the data is unusable
      if (g4 || !resync(r, at)) {
        if (rows > 0 && !wantRows) break; // trailing garbage after the last row
        throw corrupt(`rândul ${rows + 1} nu poate fi citit`, { row: rows + 1, reason: e.message });
      }
      damaged++;
      if (rows > 0) out.copyWithin(rowAt, rowAt - stride, rowAt);
      rows++;
      continue; // the reference row stays the last good one
    }
    fillRow(out, rowAt, cur, n);
    const t = ref;
    ref = cur;
    cur = t;
    rows++;
  }
  if (rows === 0) throw corrupt('nu conține niciun rând', { bytes: input.length });
  if (wantRows && rows < wantRows) {
    // a fax that ends early: the rest of the page is white, as a fax machine prints it
    if (damaged + (wantRows - rows) > Math.max(8, wantRows / 10)) {
      throw corrupt(`are ${rows} rânduri din ${wantRows}`, { rows, expected: wantRows });
    }
    if (out.length < wantRows * stride) {
      const grown = new Uint8Array(wantRows * stride);
      grown.set(out);
      out = grown;
    }
    rows = wantRows;
  }
  if (damaged > Math.max(8, rows / 10)) throw corrupt(`${damaged} rânduri din ${rows} nu pot fi citite`, { damaged, rows });
  const packed = out.length === rows * stride ? out : out.slice(0, rows * stride);
  if (p.blackIs1) for (let i = 0; i < packed.length; i++) packed[i] = ~packed[i]! & 0xff;
  return { packed, width, height: rows, damagedRows: damaged };
}

/** Number of zero bits from the reader's position (at most 64), or Infinity when only zeros remain. */
function zerosAhead(r: BitReader): number {
  let z = 0;
  while (z < 64) {
    if (r.pos + z >= r.end) return Infinity;
    const bits = r.peekAt(z, 16);
    if (bits !== 0) return z + Math.clz32(bits) - 16;
    z += 16;
  }
  return z;
}

/**
 * Before a row: fill bits, EOLs, alignment. Returns 'end' at the end of the data, at RTC (six EOLs)
 * or EOFB (two EOLs); leaves the reader on the row's first code (or on its tag bit when K > 0).
 * Alignment follows xpdf, which reads both ways PDF writers align: a row starts on a byte boundary
 * unless an EOL was just read (EOLs are not followed by alignment).
 */
function rowStart(r: BitReader, p: CcittDecodeParams): 'row' | 'end' {
  let eols = 0;
  for (;;) {
    if (p.encodedByteAlign && eols === 0 && zerosAhead(r) < 11) r.align();
    if (r.done) return 'end';
    const z = zerosAhead(r);
    if (z === Infinity) return 'end';
    if (z < 11) return eols >= 2 ? 'end' : 'row';
    r.skip(z + 1); // fill bits and the EOL
    if (++eols >= 2 && p.k <= 0) return 'end';
    if (p.k > 0) {
      // mixed coding: a tag bit follows every EOL; an EOL right after the tag bit is RTC
      const pos = r.pos;
      r.skip(1);
      const again = zerosAhead(r);
      r.pos = pos;
      if (again >= 11 && again !== Infinity) {
        r.skip(1);
        if (eols >= 2) return 'end';
        continue;
      }
      return 'row';
    }
  }
}

function terminateNew(width: number): Int32Array {
  const ref = new Int32Array(width + 4);
  terminate(ref, 0, width);
  return ref;
}

/** Moves to the next EOL after `from`; false when there is none. */
function resync(r: BitReader, from: number): boolean {
  r.pos = from + 1;
  while (!r.done) {
    if (r.peek(12) === 1) return true;
    r.skip(1);
  }
  return false;
}
