/**
 * One A4 separator sheet: a title, the registration number as a large Code 128 barcode with wide quiet
 * zones, the same number in large digits, the registration date and the department. Optionally Patch T
 * bars at both short edges (the bottom one mirrored, so a sheet fed upside down still shows Patch T at
 * its leading edge). Nothing personal: the borderou's notes are never printed.
 */
import type { PDFPage } from 'pdf-lib';
import { formatIsoDateRo, registrationDate } from '../../../shared/src/registration-number.ts';
import { barRuns } from './code128-modules.ts';
import type { StationFonts } from './pdf-fonts.ts';
import { BLACK, drawLine, fitSize, wrapText } from './pdf-text.ts';
import { A4, BARCODE_HEIGHT, PATCH_ZONE, PT_PER_MM, SIDE_MARGIN, fitBarcode, patchTBars, type Rect } from './separator-geometry.ts';

export interface SeparatorSheet {
  registrationNumber: string;
  department: string;
  /** ISO date, printed as dd.mm.yyyy. */
  date: string | null;
  /** 1-based position in the borderou, and the borderou's length. */
  position: number;
  total: number;
}

export interface DrawOptions {
  patchT: boolean;
}

/** What was drawn where, in points from the top of the page (used by tests and by the layout itself). */
export interface SeparatorLayout {
  barcode: Rect & { module: number; quiet: number };
  patches: Rect[];
}

export function drawSeparatorPage(page: PDFPage, sheet: SeparatorSheet, modules: readonly boolean[], fonts: StationFonts, opts: DrawOptions): SeparatorLayout {
  const { width: W } = A4;
  const textWidth = W - 2 * SIDE_MARGIN;
  const reserved = opts.patchT ? PATCH_ZONE : 15 * PT_PER_MM;
  const patches = opts.patchT ? [...patchTBars('top'), ...patchTBars('bottom')] : [];
  for (const r of patches) fillRect(page, r);

  let top = reserved + 4 * PT_PER_MM;
  top = drawLine(page, { text: 'SEPARATOR DE DOCUMENT', font: fonts.bold, size: 20, top, x: SIDE_MARGIN, boxWidth: textWidth, align: 'center' });
  top = drawLine(page, {
    text: 'Se scoate după scanare. Nu se arhivează.',
    font: fonts.regular,
    size: 10,
    top,
    x: SIDE_MARGIN,
    boxWidth: textWidth,
    align: 'center',
  });

  // The barcode band: nothing else is drawn left or right of the symbol, so the quiet zones stay clear.
  top += 10 * PT_PER_MM;
  const box = fitBarcode(modules.length, W);
  for (const [start, length] of barRuns(modules)) {
    fillRect(page, { x: box.x + start * box.module, top, width: length * box.module, height: BARCODE_HEIGHT });
  }
  const barcode = { x: box.x, top, width: box.width, height: BARCODE_HEIGHT, module: box.module, quiet: box.quiet };
  top += BARCODE_HEIGHT + 8 * PT_PER_MM;

  const numberSize = fitSize(fonts.bold, sheet.registrationNumber, textWidth, 54, 24);
  top = drawLine(page, { text: sheet.registrationNumber, font: fonts.bold, size: numberSize, top, x: SIDE_MARGIN, boxWidth: textWidth, align: 'center' });
  if (sheet.date) {
    top += 2 * PT_PER_MM;
    top = drawLine(page, {
      // The borderou's `data` column may hold another date than the registration (e.g. the handover day).
      text: `${sheet.date === registrationDate(sheet.registrationNumber) ? 'Data înregistrării' : 'Data'}: ${formatIsoDateRo(sheet.date)}`,
      font: fonts.regular,
      size: 16,
      top,
      x: SIDE_MARGIN,
      boxWidth: textWidth,
      align: 'center',
    });
  }

  top += 10 * PT_PER_MM;
  top = drawLine(page, { text: 'Structura de specialitate', font: fonts.regular, size: 12, top, x: SIDE_MARGIN, boxWidth: textWidth, align: 'center' });
  top += 1 * PT_PER_MM;
  let deptSize = 22;
  let lines = wrapText(fonts.bold, sheet.department, deptSize, textWidth);
  while (lines.length > 3 && deptSize > 12) {
    deptSize -= 2;
    lines = wrapText(fonts.bold, sheet.department, deptSize, textWidth);
  }
  for (const text of lines) top = drawLine(page, { text, font: fonts.bold, size: deptSize, top, x: SIDE_MARGIN, boxWidth: textWidth, align: 'center' });

  const footerTop = A4.height - reserved - 8 * PT_PER_MM;
  drawLine(page, {
    text: `Borderou: poziția ${sheet.position} din ${sheet.total}`,
    font: fonts.regular,
    size: 10,
    top: footerTop,
    x: SIDE_MARGIN,
    boxWidth: textWidth,
    align: 'center',
  });
  return { barcode, patches };
}

function fillRect(page: PDFPage, r: Rect): void {
  page.drawRectangle({ x: r.x, y: page.getHeight() - r.top - r.height, width: r.width, height: r.height, color: BLACK, borderWidth: 0 });
}
