import { PDFName, type PDFContext, type PDFObject } from 'pdf-lib';
import { applyFilters, readFilters } from './filter-chain.ts';
import { MAX_CONTENT_BYTES } from './limits.ts';
import { arrayItems, bytesOf, nameOf, numberAt, numberOf, streamOf } from './pdf-values.ts';

export type DeviceFamily = 'gray' | 'rgb' | 'cmyk';

/** The colour spaces a scanner image can come in; anything else is left to the renderer. */
export type ImageColorSpace =
  | { kind: DeviceFamily }
  | { kind: 'indexed'; base: DeviceFamily; hival: number; /** (hival + 1) × base components bytes */ lookup: Uint8Array }
  | { kind: 'unsupported'; name: string };

export const familyComponents = (family: DeviceFamily): 1 | 3 | 4 => (family === 'gray' ? 1 : family === 'rgb' ? 3 : 4);

export function colorSpaceComponents(cs: ImageColorSpace): number {
  if (cs.kind === 'indexed') return 1;
  if (cs.kind === 'unsupported') return 0;
  return familyComponents(cs.kind);
}

const FAMILY_BY_NAME: Record<string, DeviceFamily> = {
  DeviceGray: 'gray',
  G: 'gray',
  CalGray: 'gray',
  DeviceRGB: 'rgb',
  RGB: 'rgb',
  CalRGB: 'rgb',
  DeviceCMYK: 'cmyk',
  CMYK: 'cmyk',
};

/** Reads an image's /ColorSpace (a name or an array such as [/ICCBased 5 0 R] or [/Indexed …]). */
export function readColorSpace(context: PDFContext, obj: PDFObject | undefined, depth = 0): ImageColorSpace {
  const name = nameOf(context, obj);
  if (name !== undefined) return FAMILY_BY_NAME[name] ? { kind: FAMILY_BY_NAME[name] } : { kind: 'unsupported', name };
  const items = arrayItems(context, obj);
  const family = items ? nameOf(context, items[0]) : undefined;
  if (!items || family === undefined || depth > 2) return { kind: 'unsupported', name: 'invalid' };
  if (family === 'CalGray' || family === 'CalRGB') return { kind: FAMILY_BY_NAME[family]! };
  if (family === 'ICCBased') return iccBased(context, items[1], depth);
  if (family === 'Indexed' || family === 'I') return indexed(context, items, depth);
  return { kind: 'unsupported', name: family };
}

function iccBased(context: PDFContext, profile: PDFObject | undefined, depth: number): ImageColorSpace {
  const stream = streamOf(context, profile);
  if (!stream) return { kind: 'unsupported', name: 'ICCBased' };
  const n = numberAt(context, stream.dict, 'N');
  if (n === 1) return { kind: 'gray' };
  if (n === 3) return { kind: 'rgb' };
  if (n === 4) return { kind: 'cmyk' };
  const alternate = readColorSpace(context, stream.dict.get(PDFName.of('Alternate')), depth + 1);
  return alternate.kind === 'indexed' ? { kind: 'unsupported', name: 'ICCBased' } : alternate;
}

function indexed(context: PDFContext, items: (PDFObject | undefined)[], depth: number): ImageColorSpace {
  const base = readColorSpace(context, items[1], depth + 1);
  const hival = numberOf(context, items[2]);
  if (base.kind === 'indexed' || base.kind === 'unsupported' || hival === undefined || hival < 0 || hival > 255) {
    return { kind: 'unsupported', name: 'Indexed' };
  }
  const size = (Math.floor(hival) + 1) * familyComponents(base.kind);
  const stream = streamOf(context, items[3]);
  const raw = stream ? applyFilters(context, stream.contents, readFilters(context, stream.dict), MAX_CONTENT_BYTES) : bytesOf(context, items[3]);
  if (!raw) return { kind: 'unsupported', name: 'Indexed' };
  const lookup = new Uint8Array(size); // a short palette reads as black for the missing entries, as viewers do
  lookup.set(raw.subarray(0, size));
  return { kind: 'indexed', base: base.kind, hival: Math.floor(hival), lookup };
}

/** Naive CMYK to RGB (no profile): enough to read barcodes and judge blank pages. */
export function cmykToRgb(c: number, m: number, y: number, k: number, out: Uint8Array, at: number): void {
  const white = 255 - k;
  out[at] = ((255 - c) * white + 127) / 255;
  out[at + 1] = ((255 - m) * white + 127) / 255;
  out[at + 2] = ((255 - y) * white + 127) / 255;
}
