import { PDFArray, PDFDict, PDFName, PDFRawStream, type PDFContext, type PDFPageLeaf } from 'pdf-lib';
import { applyFilters, readFilters } from './filter-chain.ts';
import { MAX_CONTENT_BYTES } from './limits.ts';
import type { PageBox } from './page-geometry.ts';
import { arrayItems, nameAt, numberAt, numberOf, numbersOf, resolve } from './pdf-values.ts';

/** What the page-level analysis needs from a page object. */
export interface PageDescription {
  /** The content streams, decoded and joined. */
  content: Uint8Array;
  resources: PDFDict | undefined;
  box: PageBox;
  /** Annotations that draw something (stamps, widgets, ink…), which a viewer shows over the content. */
  drawnAnnotations: number;
}

const US_LETTER = { width: 612, height: 792 };
/** Annotation kinds that show nothing on the printed page by themselves. */
const QUIET_ANNOTATIONS = new Set(['Link', 'Popup']);
const HIDDEN = 2;
const NO_VIEW = 32;

export function describePage(context: PDFContext, leaf: PDFPageLeaf): PageDescription {
  return {
    content: contentOf(context, leaf),
    resources: leaf.Resources(),
    box: boxOf(context, leaf),
    drawnAnnotations: countDrawnAnnotations(context, leaf),
  };
}

export function decodeContentStream(context: PDFContext, stream: PDFRawStream): Uint8Array {
  return applyFilters(context, stream.contents, readFilters(context, stream.dict), MAX_CONTENT_BYTES);
}

function contentOf(context: PDFContext, leaf: PDFPageLeaf): Uint8Array {
  const contents = resolve(context, leaf.get(PDFName.of('Contents')));
  const parts = contents instanceof PDFArray ? (arrayItems(context, contents) ?? []) : [contents];
  const decoded = parts.filter((p): p is PDFRawStream => p instanceof PDFRawStream).map((s) => decodeContentStream(context, s));
  const total = decoded.reduce((n, d) => n + d.length + 1, 0);
  const joined = new Uint8Array(total);
  let at = 0;
  for (const d of decoded) {
    joined.set(d, at);
    joined[at + d.length] = 0x0a; // streams of an array are concatenated with white space between
    at += d.length + 1;
  }
  return joined;
}

function boxOf(context: PDFContext, leaf: PDFPageLeaf): PageBox {
  const inherited = (key: string) => leaf.getInheritableAttribute(PDFName.of(key));
  const valid = (b: number[] | undefined): b is number[] => b?.length === 4 && Math.abs(b[2]! - b[0]!) >= 1 && Math.abs(b[3]! - b[1]!) >= 1;
  const media = numbersOf(context, inherited('MediaBox'));
  const crop = numbersOf(context, inherited('CropBox'));
  const box = valid(crop) ? crop : valid(media) ? media : undefined;
  const size = box
    ? { x: Math.min(box[0]!, box[2]!), y: Math.min(box[1]!, box[3]!), width: Math.abs(box[2]! - box[0]!), height: Math.abs(box[3]! - box[1]!) }
    : { x: 0, y: 0, ...US_LETTER };
  const userUnit = numberAt(context, leaf, 'UserUnit');
  return {
    ...size,
    rotate: numberOf(context, inherited('Rotate')) ?? 0,
    userUnit: userUnit !== undefined && userUnit > 0 ? userUnit : 1,
  };
}

function countDrawnAnnotations(context: PDFContext, leaf: PDFPageLeaf): number {
  const annots = arrayItems(context, leaf.get(PDFName.of('Annots'))) ?? [];
  let count = 0;
  for (const annot of annots) {
    if (!(annot instanceof PDFDict)) continue;
    const subtype = nameAt(context, annot, 'Subtype') ?? '';
    const flags = numberAt(context, annot, 'F') ?? 0;
    if (QUIET_ANNOTATIONS.has(subtype) || (flags & (HIDDEN | NO_VIEW)) !== 0) continue;
    count++;
  }
  return count;
}
