import { corruptImage } from './pdf-input-problem.ts';

const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09 || c === 0x0c || c === 0x00;

/** ASCIIHexDecode: hex digit pairs up to `>`, white space ignored, an odd last digit padded with 0. */
export function asciiHexDecode(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil(input.length / 2));
  let n = 0;
  let high = -1;
  for (const c of input) {
    if (c === 0x3e) break; // '>'
    if (isSpace(c)) continue;
    const v = hexValue(c);
    if (v < 0) throw corruptImage({ filter: 'ASCIIHexDecode' });
    if (high < 0) high = v;
    else {
      out[n++] = (high << 4) | v;
      high = -1;
    }
  }
  if (high >= 0) out[n++] = high << 4;
  return out.subarray(0, n);
}

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** ASCII85Decode: base-85 groups up to `~>`, `z` for four zero bytes. */
export function ascii85Decode(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(Math.ceil((input.length * 4) / 5) + 4 * countZ(input));
  let n = 0;
  const group = [0, 0, 0, 0, 0];
  let g = 0;
  for (const c of input) {
    if (c === 0x7e) break; // '~'
    if (isSpace(c)) continue;
    if (c === 0x7a && g === 0) {
      out.fill(0, n, n + 4);
      n += 4;
      continue;
    }
    if (c < 0x21 || c > 0x75) throw corruptImage({ filter: 'ASCII85Decode' });
    group[g++] = c - 0x21;
    if (g === 5) {
      n = writeGroup(group, 4, out, n);
      g = 0;
    }
  }
  if (g === 1) throw corruptImage({ filter: 'ASCII85Decode' });
  if (g > 1) {
    for (let i = g; i < 5; i++) group[i] = 84;
    n = writeGroup(group, g - 1, out, n);
  }
  return out.subarray(0, n);
}

function countZ(input: Uint8Array): number {
  let z = 0;
  for (const c of input) if (c === 0x7a) z++;
  return z;
}

function writeGroup(group: number[], bytes: number, out: Uint8Array, n: number): number {
  let value = 0;
  for (const d of group) value = value * 85 + d;
  if (value > 0xffffffff) throw corruptImage({ filter: 'ASCII85Decode' });
  for (let i = 0; i < bytes; i++) out[n++] = (value >>> (24 - 8 * i)) & 0xff;
  return n;
}
