/** The scanning row as a Word document (docx): title, week, the four-column table, notes. */
import {
  AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType,
} from 'docx';
import { ACTIVITY, COLUMNS, REPORT_TITLE, SERVICE_TITLE, WORK, type ScanningRow } from './scanning-row.ts';

const FONT = 'Times New Roman';
const border = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
const borders = { top: border, bottom: border, left: border, right: border };
const WIDTHS = [18, 52, 15, 15];

const cell = (lines: string[], width: number, bold = false): TableCell => new TableCell({
  borders,
  width: { size: width, type: WidthType.PERCENTAGE },
  children: lines.map((line) => new Paragraph({ children: [new TextRun({ text: line, bold, font: FONT, size: 22 })] })),
});

export async function scanningRowDocx(row: ScanningRow): Promise<Buffer> {
  const centered = (text: string) => new Paragraph({
    alignment: AlignmentType.CENTER,
    children: [new TextRun({ text, bold: true, font: FONT, size: 24 })],
  });
  const document = new Document({
    creator: 'Scan Station',
    title: `${REPORT_TITLE} ${row.title}`,
    sections: [{
      children: [
        centered(REPORT_TITLE),
        centered(row.title),
        new Paragraph({ children: [new TextRun({ text: SERVICE_TITLE, bold: true, font: FONT, size: 22 })] }),
        new Table({
          width: { size: 100, type: WidthType.PERCENTAGE },
          rows: [
            new TableRow({ tableHeader: true, children: COLUMNS.map((c, i) => cell([c], WIDTHS[i]!, true)) }),
            new TableRow({ children: [cell([WORK], WIDTHS[0]!), cell([ACTIVITY], WIDTHS[1]!), cell(row.registered, WIDTHS[2]!), cell(row.processed, WIDTHS[3]!)] }),
          ],
        }),
        ...row.notes.map((note) => new Paragraph({ children: [new TextRun({ text: note, italics: true, font: FONT, size: 20 })] })),
      ],
    }],
  });
  return Packer.toBuffer(document);
}
