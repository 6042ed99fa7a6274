/** The scanning row as a PDF (A4 landscape, DejaVu Sans embedded so ă â î ș ț print right). */
import { PDFDocument, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import { embedStationFonts } from '../../../station/src/separators/pdf-fonts.ts';
import { wrapText } from '../../../station/src/separators/pdf-text.ts';
import { ACTIVITY, COLUMNS, REPORT_TITLE, SERVICE_TITLE, WORK, type ScanningRow } from './scanning-row.ts';

const PAGE = { width: 842, height: 595 };
const MARGIN = 40;
const WIDTHS = [0.16, 0.46, 0.19, 0.19];
const SIZE = 10;
const PAD = 5;
const BLACK = rgb(0, 0, 0);

function lineHeight(font: PDFFont): number {
  return font.heightAtSize(SIZE) * 1.2;
}

function drawText(page: PDFPage, text: string, x: number, top: number, font: PDFFont, size = SIZE): void {
  page.drawText(text, { x, y: PAGE.height - top - font.heightAtSize(size, { descender: false }), size, font, color: BLACK });
}

export async function scanningRowPdf(row: ScanningRow, createdAt: Date): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.setTitle(`${REPORT_TITLE} ${row.title}`);
  doc.setProducer('Scan Station');
  doc.setCreationDate(createdAt);
  const fonts = await embedStationFonts(doc);
  const page = doc.addPage([PAGE.width, PAGE.height]);
  const width = PAGE.width - 2 * MARGIN;
  let top = MARGIN;
  for (const title of [REPORT_TITLE, row.title]) {
    const w = fonts.bold.widthOfTextAtSize(title, 13);
    drawText(page, title, (PAGE.width - w) / 2, top, fonts.bold, 13);
    top += 20;
  }
  top += 6;
  drawText(page, SERVICE_TITLE, MARGIN, top, fonts.bold, 11);
  top += 20;

  const columns = WIDTHS.map((f) => f * width);
  const drawRow = (cells: string[][], font: PDFFont): void => {
    const wrapped = cells.map((lines, i) => lines.flatMap((line) => wrapText(font, line, SIZE, columns[i]! - 2 * PAD)));
    const height = Math.max(...wrapped.map((lines) => lines.length)) * lineHeight(font) + 2 * PAD;
    let x = MARGIN;
    wrapped.forEach((lines, i) => {
      page.drawRectangle({ x, y: PAGE.height - top - height, width: columns[i]!, height, borderColor: BLACK, borderWidth: 0.7 });
      lines.forEach((line, j) => drawText(page, line, x + PAD, top + PAD + j * lineHeight(font), font));
      x += columns[i]!;
    });
    top += height;
  };
  drawRow(COLUMNS.map((c) => [c]), fonts.bold);
  drawRow([[WORK], [ACTIVITY], row.registered, row.processed], fonts.regular);
  top += 10;
  for (const note of row.notes) {
    for (const line of wrapText(fonts.regular, note, 9, width)) {
      drawText(page, line, MARGIN, top, fonts.regular, 9);
      top += 12;
    }
  }
  return doc.save();
}
