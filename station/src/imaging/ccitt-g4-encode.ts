/**
 * CCITT Group 4 (ITU-T T.6) encoder for bitonal pages.
 *
 * Input is a packed bitmap in PBM convention: rows of `ceil(width / 8)` bytes, most significant bit
 * first, bit 1 = black. Padding bits at the end of a row are ignored.
 *
 * Output is a T.6 stream terminated by EOFB and padded to a byte. Black-coded runs are the 1 bits of
 * the input, so the stream decodes (libtiff, or PDF `/BlackIs1 true`) back to the same PBM bits:
 *  - TIFF: Compression=4 with PhotometricInterpretation=0 (WhiteIsZero);
 *  - PDF: `/Filter /CCITTFaxDecode /DecodeParms << /K -1 /Columns w /Rows h /BlackIs1 true >>`, which
 *    yields 1 = black, so a DeviceGray image also needs `/Decode [1 0]` (equivalently: `/BlackIs1 false`
 *    and no `/Decode`).
 *
 * The coder works on changing elements (positions where the colour flips) rather than on pixels, and
 * finds them by skipping whole 32-bit words that are all white or all black.
 */
import { StationError } from '../../../shared/src/errors.ts';

import {
  BLACK_MAKEUP, BLACK_TERMINATING, EOL, EXTENDED_MAKEUP, HORIZONTAL, PASS, VERTICAL_CODE, VERTICAL_LEN, WHITE_MAKEUP, WHITE_TERMINATING,
} from './ccitt-codes.ts';

/** Longest make-up run; longer runs repeat it (T.4 §4.1.1.1). */
const MAX_MAKEUP = 2560;

interface RunTable {
  /** Terminating codes for 0..63. */
  termCode: Uint16Array;
  termLen: Uint8Array;
  /** Make-up codes indexed by run / 64, for 1..40 (64..2560). */
  makeupCode: Uint16Array;
  makeupLen: Uint8Array;
}

function buildRunTable(terminating: string[], makeup: string[]): RunTable {
  const table: RunTable = {
    termCode: new Uint16Array(64),
    termLen: new Uint8Array(64),
    makeupCode: new Uint16Array(MAX_MAKEUP / 64 + 1),
    makeupLen: new Uint8Array(MAX_MAKEUP / 64 + 1),
  };
  terminating.forEach((bits, run) => {
    table.termCode[run] = parseInt(bits, 2);
    table.termLen[run] = bits.length;
  });
  [...makeup, ...EXTENDED_MAKEUP].forEach((bits, i) => {
    table.makeupCode[i + 1] = parseInt(bits, 2);
    table.makeupLen[i + 1] = bits.length;
  });
  return table;
}

const WHITE = buildRunTable(WHITE_TERMINATING, WHITE_MAKEUP);
const BLACK = buildRunTable(BLACK_TERMINATING, BLACK_MAKEUP);

class BitWriter {
  buf: Uint8Array;
  pos = 0;
  private acc = 0;
  private nbits = 0;

  constructor(initialBytes: number) {
    this.buf = new Uint8Array(Math.max(64, initialBytes));
  }

  /** Makes room for at least `bytes` more bytes. */
  ensure(bytes: number): void {
    const need = this.pos + bytes;
    if (need <= this.buf.length) return;
    const grown = new Uint8Array(Math.max(need, this.buf.length * 2));
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
  }

  /** Writes the low `len` bits of `code` (len <= 24). Capacity must have been ensured. */
  put(code: number, len: number): void {
    const free = 32 - this.nbits;
    if (len < free) {
      this.acc = (this.acc << len) | code;
      this.nbits += len;
      return;
    }
    const rest = len - free;
    const word = (this.acc << free) | (code >>> rest);
    const buf = this.buf;
    const pos = this.pos;
    buf[pos] = word >>> 24;
    buf[pos + 1] = word >>> 16;
    buf[pos + 2] = word >>> 8;
    buf[pos + 3] = word;
    this.pos = pos + 4;
    this.acc = code & ((1 << rest) - 1);
    this.nbits = rest;
  }

  /** Pads the last byte with zero bits and returns a copy of the written bytes. */
  finish(): Uint8Array {
    while (this.nbits > 0) {
      const take = Math.min(8, this.nbits);
      this.nbits -= take;
      this.buf[this.pos++] = ((this.acc >>> this.nbits) << (8 - take)) & 0xff;
    }
    return this.buf.slice(0, this.pos);
  }
}

function putRun(w: BitWriter, run: number, table: RunTable): void {
  while (run >= MAX_MAKEUP + 64) {
    w.put(table.makeupCode[MAX_MAKEUP / 64]!, table.makeupLen[MAX_MAKEUP / 64]!);
    run -= MAX_MAKEUP;
  }
  if (run >= 64) {
    const m = run >> 6;
    w.put(table.makeupCode[m]!, table.makeupLen[m]!);
    run &= 63;
  }
  w.put(table.termCode[run]!, table.termLen[run]!);
}

/**
 * Writes the changing elements of one row into `out` (positions where a pixel differs from the one
 * before it; the pixel before the row is white) followed by three `width` sentinels.
 * Returns the number of real changing elements; even indexes are changes to black.
 * Reads big-endian 32-bit words so that runs of all-white or all-black words are skipped at once and
 * `clz32` gives the next pixel of the other colour directly. Padding bits after `width` are ignored.
 */
function findChanges(view: DataView, start: number, stride: number, width: number, out: Int32Array): number {
  let n = 0;
  let flip = 0; // 0 while looking for a black pixel, -1 (all ones) while looking for a white one
  let i = 0;
  let mask = -1; // bits of the current word not yet examined
  const whole = stride & ~3;
  while (i < stride) {
    let word: number;
    if (i < whole) {
      word = view.getUint32(start + i);
    } else {
      word = 0;
      for (let k = 0; k < 4; k++) word = (word << 8) | (i + k < stride ? view.getUint8(start + i + k) : 0);
    }
    const x = (word ^ flip) & mask;
    if (x === 0) {
      i += 4;
      mask = -1;
      continue;
    }
    const bit = Math.clz32(x);
    const pos = (i << 3) + bit;
    if (pos >= width) break;
    out[n++] = pos;
    flip = ~flip;
    if (bit === 31) {
      i += 4;
      mask = -1;
    } else {
      mask = -1 >>> (bit + 1);
    }
  }
  out[n] = width;
  out[n + 1] = width;
  out[n + 2] = width;
  return n;
}

/** Upper bound, in bytes, of the code emitted for one row. */
function rowBudget(nCur: number, nRef: number, width: number): number {
  // Each mode step consumes at least one changing element of either line and costs at most
  // 3 + 2 × (13 + 12) bits, plus 12 bits per extra 2560-run make-up code.
  const bits = (nCur + nRef + 2) * 53 + 24 * (Math.floor(width / MAX_MAKEUP) + 1);
  return (bits >> 3) + 8;
}

/** Codes one row (T.6 §2.2) from its changing elements and those of the reference row. */
function encodeRow(w: BitWriter, cur: Int32Array, ref: Int32Array, width: number): void {
  let a0 = -1; // imaginary white pixel before the row
  let color = 0; // colour of a0: 0 white, 1 black
  let ia = 0; // index in cur of a1
  let ib = 0; // index in ref of the first changing element right of a0
  while (true) {
    while (cur[ia]! <= a0) ia++;
    while (ref[ib]! <= a0) ib++;
    // b1 must have the colour opposite to a0: changes to black sit at even indexes.
    const jb = ib + ((ib ^ color) & 1);
    const a1 = cur[ia]!;
    const b1 = ref[jb]!;
    const b2 = ref[jb + 1]!;
    if (b2 < a1) {
      w.put(PASS, 4);
      a0 = b2;
    } else {
      const d = a1 - b1;
      if (d >= -3 && d <= 3) {
        w.put(VERTICAL_CODE[d + 3]!, VERTICAL_LEN[d + 3]!);
        a0 = a1;
        color ^= 1;
      } else {
        const a2 = cur[ia + 1]!;
        const run0 = a1 - (a0 < 0 ? 0 : a0);
        w.put(HORIZONTAL, 3);
        putRun(w, run0, color === 0 ? WHITE : BLACK);
        putRun(w, a2 - a1, color === 0 ? BLACK : WHITE);
        a0 = a2;
      }
    }
    if (a0 >= width) break;
  }
}

export function encodeG4(packed: Uint8Array, width: number, height: number): Uint8Array {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new StationError('INTERNAL', 'Dimensiunile imaginii de codat CCITT G4 nu sunt valide.', { width, height });
  }
  const stride = Math.ceil(width / 8);
  if (packed.length < stride * height) {
    throw new StationError('INTERNAL', 'Imaginea de codat CCITT G4 are mai puțini octeți decât dimensiunile ei.', {
      width, height, expected: stride * height, actual: packed.length,
    });
  }

  const w = new BitWriter((stride * height) >> 4);
  let ref = new Int32Array(width + 4);
  let cur = new Int32Array(width + 4);
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  let nRef = findChanges(new DataView(new ArrayBuffer(stride)), 0, stride, width, ref); // imaginary white line

  for (let y = 0; y < height; y++) {
    const nCur = findChanges(view, y * stride, stride, width, cur);
    w.ensure(rowBudget(nCur, nRef, width));

    encodeRow(w, cur, ref, width);

    const t = ref;
    ref = cur;
    cur = t;
    nRef = nCur;
  }

  w.ensure(8);
  w.put(EOL, 12);
  w.put(EOL, 12);
  return w.finish();
}
