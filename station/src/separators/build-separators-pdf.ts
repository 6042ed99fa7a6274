/** Borderou entries → one PDF with one A4 separator sheet per document, in borderou order. */
import { PDFDocument } from 'pdf-lib';
import type { BorderouEntry } from '../../../shared/src/borderou/borderou-types.ts';
import { StationError } from '../../../shared/src/errors.ts';
import { code128Modules } from './code128-modules.ts';
import { drawSeparatorPage, type SeparatorLayout } from './draw-separator-page.ts';
import { embedStationFonts } from './pdf-fonts.ts';
import { A4 } from './separator-geometry.ts';

export interface SeparatorsPdfOptions {
  patchT?: boolean;
  /** Written into the PDF metadata; defaults to now. */
  createdAt?: Date;
}

export interface SeparatorsPdf {
  bytes: Uint8Array;
  layouts: SeparatorLayout[];
}

export async function buildSeparatorsPdf(entries: readonly BorderouEntry[], opts: SeparatorsPdfOptions = {}): Promise<SeparatorsPdf> {
  if (entries.length === 0) throw new StationError('CSV_INVALID', 'Borderoul nu are niciun document valid: nu există separatoare de tipărit.');
  const doc = await PDFDocument.create();
  const fonts = await embedStationFonts(doc);
  const layouts: SeparatorLayout[] = [];
  for (const [i, entry] of entries.entries()) {
    const modules = await code128Modules(entry.registrationNumber);
    const page = doc.addPage([A4.width, A4.height]);
    const sheet = { registrationNumber: entry.registrationNumber, department: entry.department, date: entry.date, position: i + 1, total: entries.length };
    layouts.push(drawSeparatorPage(page, sheet, modules, fonts, { patchT: opts.patchT ?? false }));
  }
  const created = opts.createdAt ?? new Date();
  doc.setTitle(`Separatoare borderou (${entries.length})`);
  doc.setProducer('Scan Station');
  doc.setCreator('station separators');
  doc.setCreationDate(created);
  doc.setModificationDate(created);
  return { bytes: await doc.save(), layouts };
}
