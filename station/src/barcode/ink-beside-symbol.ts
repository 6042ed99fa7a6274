/**
 * What tells a separator sheet (a symbol, its printed number, maybe a title and a department) from a
 * document's first page carrying a registration label (a small sticker on a page with text), for
 * `separation: auto`. Pure functions over the small preview.
 *
 * The measure: ink beside the symbol. Not counted (painted the paper's level, then the page is measured
 * as the blank check measures it — ink pixels, specks ignored):
 *   - the symbol's surroundings: its box grown on every side by SURROUND_LONG of its long side (or
 *     SURROUND_SHORT times its short side, at least SURROUND_MM), which covers its printed number, the
 *     rest of a label sticker, and the title, large number, date and department of a `station separators`
 *     sheet (zxing's box of a 1D symbol can be a thin line along it: the long side is what is sure);
 *   - both ends of the page (END_SHARE of its length each): patch codes, letterheads, a scanner's
 *     edge strip and the footer of a `station separators` sheet live there.
 * The rule (`isSeparatorSheet`): the page is blank but for those (ink below SHEET_MAX_INK, about the
 * blank check's own limit). A labelled page whose only other content is a date line and a signature
 * measures 0.0013 and more (the fixtures, 200 and 300 dpi), a page of text 0.02.
 */
import { measureInk, measurePaper, type InkOptions } from '../imaging/ink-measure.ts';
import type { PatchBox } from './dense-patch.ts';
import type { GrayImage } from './zxing-reader.ts';

export const SURROUND_MM = 12;
export const SURROUND_SHORT = 3;
export const SURROUND_LONG = 0.6;
export const END_SHARE = 0.22;
export const SHEET_MAX_INK = 0.0005;

/** Ink beside the symbol, as a share of the page (margins excluded, 0..1). */
export type SymbolLook = { ink: number };

export function isSeparatorSheet(look: SymbolLook): boolean {
  return look.ink < SHEET_MAX_INK;
}

/** `box` in `img` pixels; `dpi` the resolution of `img`. */
export function lookBesideSymbol(img: GrayImage, box: PatchBox, dpi: number, ink: InkOptions): SymbolLook {
  const { width, height } = img;
  const grow = Math.max((SURROUND_MM * dpi) / 25.4, SURROUND_SHORT * Math.min(box.width, box.height), SURROUND_LONG * Math.max(box.width, box.height));
  // the paper's level, once: the page's ink is measured on the painted copy
  const paper = measurePaper(img, ink);
  const data = new Uint8Array(img.data);
  const paint = (x0: number, y0: number, x1: number, y1: number) => {
    const l = Math.max(0, Math.floor(x0));
    const r = Math.min(width, Math.ceil(x1));
    if (r <= l) return;
    for (let y = Math.max(0, Math.floor(y0)); y < Math.min(height, Math.ceil(y1)); y++) data.fill(paper, y * width + l, y * width + r);
  };
  paint(box.x - grow, box.y - grow, box.x + box.width + grow, box.y + box.height + grow);
  if (height >= width) {
    paint(0, 0, width, height * END_SHARE);
    paint(0, height * (1 - END_SHARE), width, height);
  } else {
    paint(0, 0, width * END_SHARE, height);
    paint(width * (1 - END_SHARE), 0, width, height);
  }
  // the painted copy's paper is `paper` (painting it moves no other level across the 90th percentile): not measured again
  return { ink: measureInk({ data, width, height }, ink, paper).inkRatio };
}
