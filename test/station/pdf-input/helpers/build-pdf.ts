import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName, PDFRef, StandardFonts, type PDFPage } from 'pdf-lib';

/** Dictionary entries as pdf-lib's `context.obj` takes them: strings become names. */
export type DictSpec = Record<string, unknown>;

export interface ImagePageSpec {
  /** The image XObject's stream data, stored as given. */
  data: Uint8Array;
  /** Image dictionary entries besides Type/Subtype (a function when they refer to other objects). */
  dict: DictSpec | ((doc: PDFDocument) => DictSpec);
  /** Content stream; `/Im0 Do` draws the image. Default: image over the whole page. */
  content?: string;
  /** Page size in points; default A4. */
  size?: [number, number];
  /** Extra XObjects (name → stream) for the page's resources. */
  more?: (doc: PDFDocument) => Record<string, PDFRef>;
  /** /Rotate of the page. */
  rotate?: number;
}

export const A4: [number, number] = [595.28, 841.89];

/** A one-page PDF drawing a raw image XObject, built with pdf-lib's low-level API. */
export async function pdfWithRawImage(spec: ImagePageSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const [w, h] = spec.size ?? A4;
  const page = doc.addPage([w, h]);
  const dict = typeof spec.dict === 'function' ? spec.dict(doc) : spec.dict;
  const image = doc.context.register(doc.context.stream(spec.data, { Type: 'XObject', Subtype: 'Image', ...dict } as never));
  page.node.setXObject(PDFName.of('Im0'), image);
  for (const [name, ref] of Object.entries(spec.more?.(doc) ?? {})) page.node.setXObject(PDFName.of(name), ref);
  await setContent(doc, page, spec.content ?? `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`);
  if (spec.rotate) page.node.set(PDFName.of('Rotate'), doc.context.obj(spec.rotate));
  return doc.save();
}

/** Replaces the page's content with `content` (Flate-compressed), with Helvetica as /F1. */
export async function setContent(doc: PDFDocument, page: PDFPage, content: string): Promise<void> {
  const font = await doc.embedFont(StandardFonts.Helvetica);
  page.node.setFontDictionary(PDFName.of('F1'), font.ref);
  const stream = doc.context.stream(deflateSync(Buffer.from(content, 'latin1')), { Filter: 'FlateDecode' } as never);
  page.node.set(PDFName.of('Contents'), doc.context.register(stream));
}

/** An invisible OCR text layer as scanners with OCR write it (render mode 3). */
export const OCR_LAYER = 'BT 3 Tr /F1 11 Tf 1 0 0 1 72 720 Tm (Primaria Municipiului - Registratura generala) Tj 0 -14 Td [(Nr. 84512) -250 (din 27.09.2021)] TJ ET';
