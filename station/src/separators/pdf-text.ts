/** Text layout helpers over pdf-lib: fit a line to a width, wrap a paragraph, draw from the top. */
import { rgb, type PDFFont, type PDFPage } from 'pdf-lib';

export const BLACK = rgb(0, 0, 0);

/** Largest size ≤ max at which `text` fits `width`, but never below min. */
export function fitSize(font: PDFFont, text: string, width: number, max: number, min: number): number {
  const atOne = font.widthOfTextAtSize(text, 1);
  if (atOne === 0) return max;
  return Math.max(min, Math.min(max, Math.floor((width / atOne) * 10) / 10));
}

/** Greedy wrap by measured width; a single word wider than the line is cut by characters. */
export function wrapText(font: PDFFont, text: string, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  const fits = (s: string): boolean => font.widthOfTextAtSize(s, size) <= width;
  for (const word of text.split(/\s+/u).filter(Boolean)) {
    const candidate = current === '' ? word : `${current} ${word}`;
    if (fits(candidate)) {
      current = candidate;
      continue;
    }
    if (current !== '') lines.push(current);
    current = '';
    let rest = word;
    while (!fits(rest)) {
      let cut = [...rest].length - 1;
      while (cut > 1 && !fits([...rest].slice(0, cut).join(''))) cut--;
      lines.push([...rest].slice(0, cut).join(''));
      rest = [...rest].slice(cut).join('');
    }
    current = rest;
  }
  if (current !== '') lines.push(current);
  return lines;
}

export interface TextLine {
  text: string;
  font: PDFFont;
  size: number;
  /** Distance from the top of the page to the top of the line box. */
  top: number;
  x?: number;
  align?: 'left' | 'center' | 'right';
  /** Box for center/right alignment: from x, this wide. */
  boxWidth?: number;
}

/** Draws one line positioned by its top edge; returns the top of the next line. */
export function drawLine(page: PDFPage, line: TextLine): number {
  const { text, font, size, top } = line;
  const ascent = font.heightAtSize(size, { descender: false });
  const lineHeight = font.heightAtSize(size) * 1.15;
  const x0 = line.x ?? 0;
  const box = line.boxWidth ?? page.getWidth() - x0;
  const w = font.widthOfTextAtSize(text, size);
  const x = line.align === 'center' ? x0 + (box - w) / 2 : line.align === 'right' ? x0 + box - w : x0;
  page.drawText(text, { x, y: page.getHeight() - top - ascent, size, font, color: BLACK });
  return top + lineHeight;
}

/** `text` cut with `…` so that it fits `width`. */
export function ellipsize(font: PDFFont, text: string, size: number, width: number): string {
  if (font.widthOfTextAtSize(text, size) <= width) return text;
  const chars = [...text];
  let n = chars.length;
  while (n > 0 && font.widthOfTextAtSize(`${chars.slice(0, n).join('')}…`, size) > width) n--;
  return `${chars.slice(0, n).join('')}…`;
}
