/**
 * A patch-code sheet drawn as a gray page at any resolution (a preview at 75–100 dpi, a scan at
 * 200–300): the patch's bars across the top, as the fixtures print them, and some text when asked.
 */
import { PATCH_PATTERNS, type PatchCode } from '../../fixtures/lib/patch-sheet.ts';
import { GrayCanvas, INK, textBlock } from './make-pages.ts';

export function patchSheet(dpi: number, code: PatchCode, text = true): GrayCanvas {
  const c = GrayCanvas.a4(dpi);
  let y = 0.5 * dpi;
  for (const ch of PATCH_PATTERNS[code]) {
    const h = (ch === 'W' ? 0.2 : 0.08) * dpi;
    c.rect(0.5 * dpi, y, c.width - dpi, h, INK);
    y += h + 0.08 * dpi;
  }
  if (text) textBlock(c, 3, 4, { top: 0.45 });
  return c;
}
