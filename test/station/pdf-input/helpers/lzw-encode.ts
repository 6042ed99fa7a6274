/** A plain LZW encoder (PDF/TIFF flavour, MSB first) to build LZWDecode test streams. */
export function lzwEncode(input: Uint8Array, earlyChange: 0 | 1 = 1): Uint8Array {
  const out: number[] = [];
  let bitBuf = 0;
  let bitCount = 0;
  let codeLen = 9;
  const write = (code: number): void => {
    bitBuf = (bitBuf << codeLen) | code;
    bitCount += codeLen;
    while (bitCount >= 8) {
      out.push((bitBuf >>> (bitCount - 8)) & 0xff);
      bitCount -= 8;
    }
    bitBuf &= (1 << bitCount) - 1;
  };
  const widen = (): void => {
    if (next + earlyChange > 1 << codeLen && codeLen < 12) codeLen++;
  };
  let table = new Map<number, number>(); // prefix code × 256 + byte → code
  let next = 258;
  write(256);
  let w = -1;
  for (const byte of input) {
    if (w < 0) {
      w = byte;
      continue;
    }
    const key = w * 256 + byte;
    const known = table.get(key);
    if (known !== undefined) {
      w = known;
      continue;
    }
    write(w);
    table.set(key, next++);
    widen();
    if (next + earlyChange >= 4095) {
      write(256);
      table = new Map();
      next = 258;
      codeLen = 9;
    }
    w = byte;
  }
  if (w >= 0) {
    write(w);
    next++; // the decoder adds an entry on reading this code, and may widen before the end code
    widen();
  }
  write(257);
  if (bitCount > 0) out.push((bitBuf << (8 - bitCount)) & 0xff);
  return Uint8Array.from(out);
}
