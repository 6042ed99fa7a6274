/**
 * One printable A4 «Borderou de predare» per department: date, department, the documents (număr de
 * înregistrare, file, pagini, mențiuni), totals and signature lines for who hands over and who receives.
 * Long lists continue on further pages with the header repeated; every page says «Pagina i din n».
 */
import { PDFDocument, rgb, type PDFPage } from 'pdf-lib';
import { formatIsoDateRo } from '../../../shared/src/registration-number.ts';
import { countRo } from '../../../shared/src/count-ro.ts';
import { embedStationFonts, type StationFonts } from '../separators/pdf-fonts.ts';
import { drawLine, ellipsize, wrapText } from '../separators/pdf-text.ts';
import { A4, PT_PER_MM } from '../separators/separator-geometry.ts';
import { UNASSIGNED_TITLE, type HandoverList } from './handover-groups.ts';

export interface HandoverPdfInput {
  list: HandoverList;
  /** Handover date, ISO. */
  date: string;
  batchId: string | null;
  createdAt?: Date;
}

const MARGIN = 20 * PT_PER_MM;
const CONTENT_W = A4.width - 2 * MARGIN;
const BOTTOM = A4.height - MARGIN - 10 * PT_PER_MM; // room for the footer
const ROW_H = 16;
/** Each further line of a wrapped cell. */
const LINE_H = 12;
const SIGNATURE_H = 130;
const GRAY = rgb(0.55, 0.55, 0.55);
/** Column x offsets (from the left margin) and widths: Nr. crt., Număr înregistrare, File, Pagini, Mențiuni. */
const COLS = [
  { title: 'Nr. crt.', x: 0, w: 42, right: true },
  { title: 'Număr înregistrare', x: 52, w: 150, right: false },
  { title: 'File', x: 202, w: 45, right: true },
  { title: 'Pagini', x: 252, w: 50, right: true },
  { title: 'Mențiuni', x: 316, w: CONTENT_W - 316, right: false },
] as const;

export async function renderHandoverPdf(input: HandoverPdfInput): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const fonts = await embedStationFonts(doc);
  const { list } = input;
  const departmentTitle = list.department ?? `${UNASSIGNED_TITLE} (documente care nu sunt în borderou)`;
  const pages: PDFPage[] = [];

  const newPage = (): number => {
    const page = doc.addPage([A4.width, A4.height]);
    pages.push(page);
    let top = MARGIN;
    top = drawLine(page, { text: 'BORDEROU DE PREDARE', font: fonts.bold, size: 18, top, x: MARGIN, boxWidth: CONTENT_W, align: 'center' });
    top += 3 * PT_PER_MM;
    for (const line of wrapText(fonts.bold, `Structura: ${departmentTitle}`, 13, CONTENT_W)) {
      top = drawLine(page, { text: line, font: fonts.bold, size: 13, top, x: MARGIN });
    }
    const meta = [`Data predării: ${formatIsoDateRo(input.date)}`, 'Predă: Registratura', input.batchId ? `Lot scanare: ${input.batchId}` : null];
    top = drawLine(page, { text: meta.filter(Boolean).join('     '), font: fonts.regular, size: 10.5, top: top + 2, x: MARGIN });
    return tableHeader(page, fonts, top + 4 * PT_PER_MM);
  };

  let top = newPage();
  list.rows.forEach((row, i) => {
    // the number and the remarks wrap inside their columns: nothing the recipient must read is cut
    const cells = [[String(i + 1)], wrapCell(fonts, row.number, 1), [String(row.sheets)], [String(row.pages)], wrapCell(fonts, row.remarks.join('; '), 4)];
    const lines = Math.max(...cells.map((c) => c.length));
    const rowH = ROW_H + (lines - 1) * LINE_H;
    if (top + rowH > BOTTOM) top = newPage();
    const page = pages.at(-1)!;
    cells.forEach((texts, c) => texts.forEach((text, l) => cell(page, fonts, text, c, top + l * LINE_H, false)));
    rule(page, top + rowH - 3, 0.3, GRAY);
    top += rowH;
  });

  const t = list.totals;
  const closing: Array<{ text: string; bold: boolean }> = [
    { text: `Total: ${countRo(t.documents, 'document', 'documente')}, ${countRo(t.sheets, 'filă', 'file')}, ${countRo(t.pages, 'pagină', 'pagini')}`, bold: true },
  ];
  if (list.missing.length > 0) closing.push({ text: `Din borderou, nescanate (nu se predau acum): ${list.missing.join(', ')}`, bold: false });
  const closingLines = closing.flatMap((c) => wrapText(c.bold ? fonts.bold : fonts.regular, c.text, 10.5, CONTENT_W).map((text) => ({ text, bold: c.bold })));
  if (top + 6 + closingLines.length * 15 + SIGNATURE_H > BOTTOM) top = newPage();
  top += 6;
  for (const l of closingLines) top = drawLine(pages.at(-1)!, { text: l.text, font: l.bold ? fonts.bold : fonts.regular, size: 10.5, top, x: MARGIN });
  signatures(pages.at(-1)!, fonts, top + 10 * PT_PER_MM, list.department ?? 'structura de specialitate');

  pages.forEach((page, i) => {
    const footerTop = A4.height - MARGIN;
    drawLine(page, { text: `Pagina ${i + 1} din ${pages.length}`, font: fonts.regular, size: 9, top: footerTop, x: MARGIN, boxWidth: CONTENT_W, align: 'right' });
    drawLine(page, { text: 'Scan Station', font: fonts.regular, size: 9, top: footerTop, x: MARGIN });
  });

  const created = input.createdAt ?? new Date();
  doc.setTitle(`Borderou de predare ${formatIsoDateRo(input.date)} – ${list.department ?? UNASSIGNED_TITLE}`);
  doc.setProducer('Scan Station');
  doc.setCreator('station handover');
  doc.setCreationDate(created);
  doc.setModificationDate(created);
  return doc.save();
}

function tableHeader(page: PDFPage, fonts: StationFonts, top: number): number {
  rule(page, top - 3, 0.8);
  COLS.forEach((_, c) => cell(page, fonts, COLS[c]!.title, c, top, true));
  rule(page, top + ROW_H - 3, 0.8);
  return top + ROW_H + 2;
}

/** A cell's text as the lines that fit its column (at least one line). */
function wrapCell(fonts: StationFonts, text: string, c: number): string[] {
  const lines = wrapText(fonts.regular, text, 10, COLS[c]!.w);
  return lines.length > 0 ? lines : [''];
}

function cell(page: PDFPage, fonts: StationFonts, text: string, c: number, top: number, bold: boolean): void {
  const col = COLS[c]!;
  const font = bold ? fonts.bold : fonts.regular;
  const fitted = ellipsize(font, text, 10, col.w);
  drawLine(page, { text: fitted, font, size: 10, top, x: MARGIN + col.x, boxWidth: col.w, align: col.right ? 'right' : 'left' });
}

function rule(page: PDFPage, top: number, thickness: number, color = rgb(0, 0, 0)): void {
  const y = page.getHeight() - top;
  page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + CONTENT_W, y }, thickness, color });
}

function signatures(page: PDFPage, fonts: StationFonts, top: number, receiver: string): void {
  const colW = (CONTENT_W - 20) / 2;
  const blocks = [
    { x: MARGIN, title: 'Am predat,', who: 'Registratura' },
    { x: MARGIN + colW + 20, title: 'Am primit,', who: receiver },
  ];
  for (const b of blocks) {
    let y = drawLine(page, { text: b.title, font: fonts.bold, size: 11, top, x: b.x });
    y = drawLine(page, { text: ellipsize(fonts.regular, b.who, 10, colW), font: fonts.regular, size: 10, top: y, x: b.x });
    for (const label of ['Nume și prenume', 'Semnătura', 'Data']) {
      y += 12;
      drawLine(page, { text: `${label}:`, font: fonts.regular, size: 10, top: y, x: b.x });
      const lineY = page.getHeight() - y - 11;
      const start = b.x + fonts.regular.widthOfTextAtSize(`${label}: `, 10);
      page.drawLine({ start: { x: start, y: lineY }, end: { x: b.x + colW, y: lineY }, thickness: 0.5, color: rgb(0, 0, 0), dashArray: [1.5, 1.5] });
      y += 14;
    }
  }
}
