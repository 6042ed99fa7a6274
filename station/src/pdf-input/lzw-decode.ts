import { corruptImage, PdfInputProblem } from './pdf-input-problem.ts';

const CLEAR = 256;
const END = 257;
const FIRST_FREE = 258;
const TABLE_SIZE = 4096;

/**
 * LZWDecode as PDF defines it (TIFF-style, MSB first, 9 to 12-bit codes). With `earlyChange` 1
 * (the PDF default) the code width grows one code early. Output is bounded by `maxOutput`.
 */
export function lzwDecode(input: Uint8Array, earlyChange: 0 | 1, maxOutput: number): Uint8Array {
  const prefix = new Int16Array(TABLE_SIZE);
  const suffix = new Uint8Array(TABLE_SIZE);
  const first = new Uint8Array(TABLE_SIZE);
  const length = new Uint16Array(TABLE_SIZE);
  for (let i = 0; i < 256; i++) {
    prefix[i] = -1;
    suffix[i] = i;
    first[i] = i;
    length[i] = 1;
  }
  let out = new Uint8Array(Math.min(maxOutput, Math.max(4096, input.length * 3)));
  let outLen = 0;
  let bitBuf = 0;
  let bitCount = 0;
  let pos = 0;
  let codeLen = 9;
  let next = FIRST_FREE;
  let prev = -1;

  for (;;) {
    while (bitCount < codeLen && pos < input.length) {
      bitBuf = ((bitBuf << 8) | input[pos++]!) & 0xffffff;
      bitCount += 8;
    }
    if (bitCount < codeLen) break; // end of data without an end code: accepted, as viewers do
    const code = (bitBuf >>> (bitCount - codeLen)) & ((1 << codeLen) - 1);
    bitCount -= codeLen;
    if (code === CLEAR) {
      codeLen = 9;
      next = FIRST_FREE;
      prev = -1;
      continue;
    }
    if (code === END) break;
    if (prev === -1) {
      if (code > 255) throw corruptImage({ filter: 'LZWDecode' });
    } else {
      if (code > next || (code === next && next >= TABLE_SIZE)) throw corruptImage({ filter: 'LZWDecode' });
      if (next < TABLE_SIZE) {
        prefix[next] = prev;
        suffix[next] = code === next ? first[prev]! : first[code]!;
        first[next] = first[prev]!;
        length[next] = length[prev]! + 1;
        next++;
      }
      if (next + earlyChange >= 1 << codeLen && codeLen < 12) codeLen++;
    }
    const n = length[code]!;
    if (outLen + n > out.length) {
      if (outLen + n > maxOutput) throw tooLarge(maxOutput);
      const grown = new Uint8Array(Math.min(maxOutput, Math.max(outLen + n, out.length * 2)));
      grown.set(out.subarray(0, outLen));
      out = grown;
    }
    for (let c = code, at = outLen + n - 1; c >= 0; c = prefix[c]!, at--) out[at] = suffix[c]!;
    outLen += n;
    prev = code;
  }
  return out.subarray(0, outLen);
}

function tooLarge(maxOutput: number): PdfInputProblem {
  return new PdfInputProblem('INPUT_CORRUPT', 'datele comprimate depășesc dimensiunea așteptată (fișier deteriorat sau rău intenționat)', { filter: 'LZWDecode', maxOutput });
}
