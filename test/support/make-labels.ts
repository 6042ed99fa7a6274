/**
 * Registration labels for tests: the small sticker a registry puts on a document's first page — a
 * thin frame, the office's name, a Code 128 of the registration number (module 2–4 px), the number and
 * the date printed under it — placed near a top corner of a page, upright or sideways.
 */
import { GrayCanvas, INK, contentPage, drawMark, sparsePage, textLine } from './make-pages.ts';
import { barcodeSymbol } from './zxing-writer.ts';

export interface LabelSpec {
  value: string;
  /** Module width in pixels of the page (2–4 at 300 dpi, 2–3 at 200 dpi). */
  modulePx: number;
  corner?: 'left' | 'right';
  /** The sticker turned on the page (stuck sideways). */
  rotate?: 90 | 270;
  ink?: number;
}

/** The sticker alone, upright, on white paper. */
async function sticker(dpi: number, spec: LabelSpec): Promise<GrayCanvas> {
  const sym = await barcodeSymbol(spec.value, 'Code128');
  const ppmm = dpi / 25.4;
  const symW = sym.width * spec.modulePx;
  const w = Math.max(symW + 8 * ppmm, 45 * ppmm);
  const h = 24 * ppmm;
  const c = new GrayCanvas(Math.round(w), Math.round(h), dpi, 246);
  const ink = spec.ink ?? INK;
  const t = Math.max(1, Math.round(0.3 * ppmm));
  c.darken(0, 0, w, t, ink).darken(0, h - t, w, t, ink).darken(0, 0, t, h, ink).darken(w - t, 0, t, h, ink);
  textLine(c, 3 * ppmm, 2 * ppmm, 22, 41, { glyphMm: 2, ink }); // «PRIMĂRIA MUNICIPIULUI …»
  c.symbol(sym, (w - symW) / 2, 6 * ppmm, spec.modulePx, { ink, barHeight: Math.round(9 * ppmm) });
  textLine(c, (w - 16 * 1.6 * ppmm) / 2, 17 * ppmm, 16, 43, { glyphMm: 2.2, ink }); // the number and date
  return c;
}

/** Copies `src` onto `dst` at (x, y), darkening only. */
function stamp(dst: GrayCanvas, src: GrayCanvas, x: number, y: number): void {
  for (let sy = 0; sy < src.height; sy++) {
    for (let sx = 0; sx < src.width; sx++) {
      const v = src.data[sy * src.width + sx]!;
      const i = (Math.round(y) + sy) * dst.width + Math.round(x) + sx;
      if (v < dst.data[i]!) dst.data[i] = v;
    }
  }
}

/** Puts a label near a top corner of `c` (before its noise). */
export async function stickLabel(c: GrayCanvas, spec: LabelSpec): Promise<GrayCanvas> {
  let s = await sticker(c.dpi, spec);
  if (spec.rotate) s = s.rotated(spec.rotate);
  const margin = 12 * c.ppmm;
  const x = spec.corner === 'left' ? margin : c.width - margin - s.width;
  stamp(c, s, x, 8 * c.ppmm);
  return c;
}

/** A document's first page: text (`lines` of it) and a label near a top corner. */
export async function labelledPage(dpi: number, mark: number, spec: LabelSpec, opts: { lines?: number; seed?: number } = {}): Promise<GrayCanvas> {
  const c = await contentPage(dpi, mark, { lines: opts.lines ?? 18, seed: opts.seed });
  return stickLabel(c, spec);
}

/** A sparse first page (a date line and a signature) with a label. */
export async function labelledSparsePage(dpi: number, mark: number, spec: LabelSpec): Promise<GrayCanvas> {
  const c = sparsePage(dpi, mark + 11);
  drawMark(c, mark);
  return stickLabel(c, spec);
}
