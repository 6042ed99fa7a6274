/**
 * DejaVu Sans (regular and bold) embedded through fontkit: the standard PDF fonts have no ș ț ă â î,
 * DejaVu has all of them and may be redistributed. Only the glyphs used are embedded (subset).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fontkit from '@pdf-lib/fontkit';
import type { PDFDocument, PDFFont } from 'pdf-lib';
import { StationError } from '../../../shared/src/errors.ts';

export interface StationFonts {
  regular: PDFFont;
  bold: PDFFont;
}

const FILES = { regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf', bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf' } as const;
let cache: { regular: Uint8Array; bold: Uint8Array } | undefined;

function fontBytes(): { regular: Uint8Array; bold: Uint8Array } {
  if (!cache) {
    const require = createRequire(import.meta.url);
    try {
      cache = { regular: readFileSync(require.resolve(FILES.regular)), bold: readFileSync(require.resolve(FILES.bold)) };
    } catch (err) {
      throw new StationError('INTERNAL', 'Fontul DejaVu lipsește (rulați npm install).', { files: FILES }, { cause: err });
    }
  }
  return cache;
}

export async function embedStationFonts(doc: PDFDocument): Promise<StationFonts> {
  const bytes = fontBytes();
  doc.registerFontkit(fontkit);
  const [regular, bold] = await Promise.all([
    doc.embedFont(bytes.regular, { subset: true }),
    doc.embedFont(bytes.bold, { subset: true }),
  ]);
  return { regular, bold };
}
