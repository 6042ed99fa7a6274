import { cmykToRgb, familyComponents } from './color-space.ts';
import type { ImageParams } from './image-params.ts';

export interface Pixels8 {
  data: Uint8Array;
  channels: 1 | 3;
}

/**
 * Converts an image's raw samples (rows padded to whole bytes) to 8-bit gray or RGB, applying
 * /Decode, palettes and CMYK conversion; with `alpha` (one byte per pixel), composited on white.
 */
export function toPixels8(raw: Uint8Array, p: ImageParams, alpha?: Uint8Array): Pixels8 {
  const { width, height } = p;
  const pixels = width * height;
  const comps = p.components;
  const samples = unpackSamples(raw, width, height, comps, p.bitsPerComponent);
  const luts = decodeTables(p);
  const cs = p.colorSpace;
  let data: Uint8Array;
  let channels: 1 | 3;
  if (cs.kind === 'indexed') {
    const baseComps = familyComponents(cs.base);
    const grayPalette = isGrayPalette(cs.lookup, cs.base);
    channels = grayPalette ? 1 : 3;
    data = new Uint8Array(pixels * channels);
    const lut = luts[0]!;
    for (let i = 0; i < pixels; i++) {
      const at = lut[samples[i]!]! * baseComps;
      if (grayPalette) data[i] = cs.lookup[at]!;
      else if (cs.base === 'rgb') data.set(cs.lookup.subarray(at, at + 3), i * 3);
      else cmykToRgb(cs.lookup[at]!, cs.lookup[at + 1]!, cs.lookup[at + 2]!, cs.lookup[at + 3]!, data, i * 3);
    }
  } else if (comps === 1 || comps === 3) {
    channels = comps;
    const identity = luts.every(isIdentity);
    data = identity ? samples.subarray(0, pixels * comps) : new Uint8Array(pixels * comps);
    if (!identity) for (let i = 0; i < data.length; i++) data[i] = luts[i % comps]![samples[i]!]!;
  } else {
    channels = 3;
    data = new Uint8Array(pixels * 3);
    const [lc, lm, ly, lk] = luts as [Uint8Array, Uint8Array, Uint8Array, Uint8Array];
    for (let i = 0, s = 0; i < pixels; i++, s += 4) {
      cmykToRgb(lc[samples[s]!]!, lm[samples[s + 1]!]!, ly[samples[s + 2]!]!, lk[samples[s + 3]!]!, data, i * 3);
    }
  }
  if (alpha) data = compositeOnWhite(data === samples ? data.slice() : data, channels, alpha);
  return { data, channels };
}

/**
 * One sample per byte: bit depths below 8 are spread out, 16-bit samples keep their high byte.
 * 8-bit data is returned as it is (no copy).
 */
function unpackSamples(raw: Uint8Array, width: number, height: number, comps: number, bpc: number): Uint8Array {
  const perRow = width * comps;
  if (bpc === 8) return raw;
  const out = new Uint8Array(perRow * height);
  const rowBytes = Math.ceil((perRow * bpc) / 8);
  for (let r = 0; r < height; r++) {
    const src = r * rowBytes;
    const dst = r * perRow;
    if (bpc === 16) {
      for (let i = 0; i < perRow; i++) out[dst + i] = raw[src + i * 2]!;
      continue;
    }
    const mask = (1 << bpc) - 1;
    for (let i = 0; i < perRow; i++) {
      const bit = i * bpc;
      out[dst + i] = (raw[src + (bit >> 3)]! >> (8 - bpc - (bit & 7))) & mask;
    }
  }
  return out;
}

/**
 * Per component, the output for each unpacked sample value: 0–255 intensities, or palette
 * indexes (clamped to hival) for indexed images.
 */
function decodeTables(p: ImageParams): Uint8Array[] {
  const bits = Math.min(p.bitsPerComponent, 8);
  const max = (1 << bits) - 1;
  const indexed = p.colorSpace.kind === 'indexed';
  const hival = p.colorSpace.kind === 'indexed' ? p.colorSpace.hival : 0;
  const tables: Uint8Array[] = [];
  for (let c = 0; c < p.components; c++) {
    const dMin = p.decode?.[c * 2] ?? 0;
    const dMax = p.decode?.[c * 2 + 1] ?? (indexed ? max : 1);
    const table = new Uint8Array(max + 1);
    for (let s = 0; s <= max; s++) {
      const v = dMin + (s * (dMax - dMin)) / max;
      table[s] = indexed ? clamp(Math.round(v), 0, hival) : clamp(Math.round(v * 255), 0, 255);
    }
    tables.push(table);
  }
  return tables;
}

const clamp = (v: number, lo: number, hi: number): number => (v < lo ? lo : v > hi ? hi : v);

function isIdentity(table: Uint8Array): boolean {
  if (table.length !== 256) return false;
  for (let i = 0; i < 256; i++) if (table[i] !== i) return false;
  return true;
}

function isGrayPalette(lookup: Uint8Array, base: 'gray' | 'rgb' | 'cmyk'): boolean {
  if (base === 'gray') return true;
  if (base === 'cmyk') return false;
  for (let i = 0; i + 2 < lookup.length; i += 3) if (lookup[i] !== lookup[i + 1] || lookup[i] !== lookup[i + 2]) return false;
  return true;
}

function compositeOnWhite(data: Uint8Array, channels: number, alpha: Uint8Array): Uint8Array {
  for (let i = 0; i < data.length; i++) {
    const a = alpha[(i / channels) | 0]!;
    data[i] = (data[i]! * a + 255 * (255 - a) + 127) / 255;
  }
  return data;
}
