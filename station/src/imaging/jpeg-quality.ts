/**
 * The quality a JPEG was written at, as the equivalent libjpeg quality (1–100) of its luminance
 * quantisation table: each entry against the standard table (ITU T.81 Annex K), averaged. A page
 * re-encoded for storage is not written at a higher quality than it was scanned at: that only
 * spends bytes on the first encoding's artefacts. Pure function, no I/O; null when the file has no
 * 8-bit luminance table.
 */

/** ITU T.81 Annex K.1, luminance, in zig-zag order as DQT stores it. */
const STD_LUMA_ZIGZAG = [
  16, 11, 12, 14, 12, 10, 16, 14, 13, 14, 18, 17, 16, 19, 24, 40, 26, 24, 22, 22, 24, 49, 35, 37, 29, 40, 58, 51, 61, 60, 57, 51,
  56, 55, 64, 72, 92, 78, 64, 68, 87, 69, 55, 56, 80, 109, 81, 87, 95, 98, 103, 104, 103, 62, 77, 113, 121, 112, 100, 120, 92, 101, 103, 99,
];

export function estimateJpegQuality(bytes: Uint8Array): number | null {
  let i = 2;
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  while (i + 4 <= bytes.length) {
    if (bytes[i] !== 0xff) return null;
    const marker = bytes[i + 1]!;
    if (marker === 0xff) {
      i++;
      continue;
    }
    if (marker === 0xda || marker === 0xd9) return null; // scan data reached: no table seen
    const len = (bytes[i + 2]! << 8) | bytes[i + 3]!;
    if (marker === 0xdb) {
      // one or more tables: Pq/Tq byte, then 64 entries of 1 (Pq 0) or 2 bytes
      for (let p = i + 4; p < i + 2 + len; ) {
        const pq = bytes[p]! >> 4;
        const tq = bytes[p]! & 15;
        const size = pq === 0 ? 64 : 128;
        if (p + 1 + size > bytes.length) return null;
        if (tq === 0 && pq === 0) {
          let scale = 0;
          for (let k = 0; k < 64; k++) scale += (bytes[p + 1 + k]! * 100) / STD_LUMA_ZIGZAG[k]!;
          scale /= 64;
          const q = scale <= 100 ? (200 - scale) / 2 : 5000 / scale;
          return Math.max(1, Math.min(100, Math.round(q)));
        }
        p += 1 + size;
      }
    }
    i += 2 + len;
  }
  return null;
}
