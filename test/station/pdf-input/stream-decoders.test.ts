import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ascii85Decode, asciiHexDecode } from '../../../station/src/pdf-input/ascii-filters.ts';
import { inflateBounded } from '../../../station/src/pdf-input/flate-decode.ts';
import { lzwDecode } from '../../../station/src/pdf-input/lzw-decode.ts';
import { PdfInputProblem } from '../../../station/src/pdf-input/pdf-input-problem.ts';
import { undoPredictor } from '../../../station/src/pdf-input/predictor.ts';
import { runLengthDecode } from '../../../station/src/pdf-input/run-length-decode.ts';
import { lzwEncode } from './helpers/lzw-encode.ts';

function noisy(n: number, seed = 7): Uint8Array {
  const out = new Uint8Array(n);
  let s = seed;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    out[i] = i % 97 < 60 ? (i >> 4) & 0xff : s >> 23; // runs and noise, to fill the LZW table
  }
  return out;
}

describe('LZWDecode', () => {
  it('round-trips with EarlyChange 1 and 0, across table resets', () => {
    const input = noisy(200_000);
    for (const early of [1, 0] as const) {
      expect(lzwDecode(lzwEncode(input, early), early, 1 << 20)).toEqual(input);
    }
  });

  it('decodes the example of the PDF reference', () => {
    // 45 45 45 45 45 65 45 45 45 66 → codes 256 45 258 258 65 259 66 257 (9-bit)
    const encoded = Uint8Array.from([0x80, 0x0b, 0x60, 0x50, 0x22, 0x0c, 0x0c, 0x85, 0x01]);
    expect(Array.from(lzwDecode(encoded, 1, 100))).toEqual([45, 45, 45, 45, 45, 65, 45, 45, 45, 66]);
  });

  it('stops at the output bound', () => {
    const bomb = lzwEncode(new Uint8Array(5_000_000));
    expect(() => lzwDecode(bomb, 1, 1_000_000)).toThrow(PdfInputProblem);
  });

  it('rejects a code that is not yet in the table', () => {
    expect(() => lzwDecode(Uint8Array.from([0x80, 0x3f, 0xf0, 0x00]), 1, 100)).toThrow(PdfInputProblem);
  });
});

describe('FlateDecode', () => {
  it('inflates, tolerates a missing checksum, and refuses a bomb', () => {
    const input = noisy(50_000);
    const z = deflateSync(input);
    expect(inflateBounded(z, 1 << 20)).toEqual(input);
    expect(inflateBounded(z.subarray(0, z.length - 4), 1 << 20)).toEqual(input);
    const bomb = deflateSync(new Uint8Array(10_000_000));
    expect(() => inflateBounded(bomb, 1_000_000)).toThrow(/depășesc dimensiunea/);
    expect(() => inflateBounded(Uint8Array.from([1, 2, 3, 4, 5, 6]), 100)).toThrow(/deteriorată/);
  });
});

describe('predictors', () => {
  it('undoes TIFF predictor 2 at 8, 16 and 1 bits', () => {
    const row8 = Uint8Array.from([10, 20, 30, 5, 5, 5, 250, 10, 0]); // 3 RGB pixels, differenced
    expect(Array.from(undoPredictor(row8, { predictor: 2, colors: 3, bitsPerComponent: 8, columns: 3 }))).toEqual([10, 20, 30, 15, 25, 35, 9, 35, 35]);
    const row16 = Uint8Array.from([0x01, 0x00, 0x00, 0x10]); // 0x0100, +0x0010
    expect(Array.from(undoPredictor(row16, { predictor: 2, colors: 1, bitsPerComponent: 16, columns: 2 }))).toEqual([0x01, 0x00, 0x01, 0x10]);
    // 1-bit: samples 1,0,0,1,... differenced with XOR semantics (sum modulo 2)
    const bits = Uint8Array.from([0b11010000]); // diffs 1 1 0 1 → values 1 0 0 1
    expect(undoPredictor(bits, { predictor: 2, colors: 1, bitsPerComponent: 1, columns: 4 })[0]! >> 4).toBe(0b1001);
  });

  it('undoes each PNG row filter', () => {
    // Two rows of 2 gray pixels; row tags 1 (Sub) and 4 (Paeth), then 2 (Up) and 3 (Average)
    const data = Uint8Array.from([1, 10, 5, 4, 3, 3, 2, 1, 1, 3, 2, 2]);
    const out = undoPredictor(data, { predictor: 15, colors: 1, bitsPerComponent: 8, columns: 2 });
    // row0 Sub: 10, 15; row1 Paeth: 13 (a=0,b=10,c=0 → b), 18 (a=13,b=15,c=10 → p=18 → b=15? pa=5,pb=3,pc=8 → 15)+3
    expect(Array.from(out.subarray(0, 4))).toEqual([10, 15, 13, 18]);
    // row2 Up: 14, 19; row3 Average: 2+(0+14)/2=9, 2+(9+19)/2=16
    expect(Array.from(out.subarray(4))).toEqual([14, 19, 9, 16]);
    expect(() => undoPredictor(Uint8Array.from([9, 0]), { predictor: 10, colors: 1, bitsPerComponent: 8, columns: 1 })).toThrow(PdfInputProblem);
  });
});

describe('ASCII filters and RunLengthDecode', () => {
  it('decodes ASCIIHex with white space and an odd digit', () => {
    expect(Array.from(asciiHexDecode(new TextEncoder().encode('48 65\n6c6C7>')))).toEqual([0x48, 0x65, 0x6c, 0x6c, 0x70]);
  });

  it('decodes ASCII85 with z and a partial group', () => {
    const text = new TextEncoder().encode('87cURD]i,"Ebo80z~>');
    expect(Buffer.from(ascii85Decode(text)).toString('latin1')).toBe('Hello World!\0\0\0\0');
    expect(Buffer.from(ascii85Decode(new TextEncoder().encode('87cURDZ~>'))).toString('latin1')).toBe('Hello');
  });

  it('decodes RunLength and bounds it', () => {
    expect(Array.from(runLengthDecode(Uint8Array.from([2, 1, 2, 3, 254, 9, 128]), 100))).toEqual([1, 2, 3, 9, 9, 9]);
    const bomb = new Uint8Array(20_000).fill(129); // pairs (129, 129): 128 copies each
    expect(() => runLengthDecode(bomb, 100_000)).toThrow(PdfInputProblem);
  });
});
