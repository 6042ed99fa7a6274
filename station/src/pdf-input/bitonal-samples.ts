import type { ImageParams } from './image-params.ts';

/**
 * Which sample bit means black in a 1-bit image, or undefined when the image is not plainly
 * black and white (a palette of other colours, an odd /Decode).
 */
export function blackBitOf(p: ImageParams): 0 | 1 | undefined {
  if (p.bitsPerComponent !== 1) return undefined;
  const inverted = p.decode !== undefined && p.decode.length >= 2 && p.decode[0]! > p.decode[1]!;
  if (p.imageMask || p.colorSpace.kind === 'gray') return inverted ? 1 : 0; // sample 0 is black (or painted)
  if (p.colorSpace.kind !== 'indexed' || p.colorSpace.hival < 1) return undefined;
  const g0 = paletteGray(p, 0);
  const g1 = paletteGray(p, 1);
  if (g0 === undefined || g1 === undefined || g0 === g1 || (g0 !== 0 && g0 !== 255) || (g1 !== 0 && g1 !== 255)) return undefined;
  const blackIndex = g0 === 0 ? 0 : 1;
  return (inverted ? 1 - blackIndex : blackIndex) as 0 | 1;
}

function paletteGray(p: ImageParams, index: number): number | undefined {
  const cs = p.colorSpace;
  if (cs.kind !== 'indexed') return undefined;
  if (cs.base === 'gray') return cs.lookup[index];
  if (cs.base !== 'rgb') return undefined;
  const [r, g, b] = cs.lookup.subarray(index * 3, index * 3 + 3);
  return r === g && g === b ? r : undefined;
}

/** Packed 1-bit rows (MSB first, rows padded to a byte) with 1 = black and the padding bits cleared. */
export function toBlackIs1(raw: Uint8Array, width: number, height: number, blackBit: 0 | 1): Uint8Array {
  const rowBytes = Math.ceil(width / 8);
  const out = blackBit === 1 ? raw.slice(0, rowBytes * height) : new Uint8Array(rowBytes * height);
  if (blackBit === 0) for (let i = 0; i < out.length; i++) out[i] = ~raw[i]! & 0xff;
  const padBits = rowBytes * 8 - width;
  if (padBits > 0) {
    const keep = (0xff << padBits) & 0xff;
    for (let r = 1; r <= height; r++) out[r * rowBytes - 1] = out[r * rowBytes - 1]! & keep;
  }
  return out;
}
