import { ParseSpeeds, PDFDocument, type PDFPage } from 'pdf-lib';
import { withoutParserNoise } from './parser-noise.ts';
import { fileError } from './pdf-input-problem.ts';

const HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-
const EOF_MARK = [0x25, 0x25, 0x45, 0x4f, 0x46]; // %%EOF
/** Where the header may start and how far before the end the last %%EOF may be (trailing junk). */
const HEADER_WINDOW = 1024;
const EOF_WINDOW = 4096;

/**
 * Checks that the bytes are a whole, unencrypted PDF with at least one page and loads it with
 * pdf-lib. Every refusal is a StationError naming the file.
 */
export async function openPdfDocument(bytes: Uint8Array, file: string): Promise<{ doc: PDFDocument; pages: PDFPage[] }> {
  if (bytes.length === 0) throw fileError('INPUT_EMPTY', file, 'este gol (0 octeți)');
  if (indexOf(bytes, HEADER, 0, HEADER_WINDOW) < 0) throw fileError('INPUT_UNSUPPORTED', file, 'nu este un document PDF');
  if (indexOf(bytes, EOF_MARK, Math.max(0, bytes.length - EOF_WINDOW), bytes.length) < 0) {
    throw fileError('INPUT_CORRUPT', file, 'este incomplet (documentul PDF a fost trunchiat)');
  }
  // Encryption is checked below: pdf-lib's own EncryptedPDFError cannot be told apart with instanceof.
  const loaded = await withoutParserNoise(() => PDFDocument.load(bytes, { updateMetadata: false, ignoreEncryption: true, parseSpeed: ParseSpeeds.Fastest }));
  const noise = loaded.noise.length > 0 ? { parserWarnings: loaded.noise } : {};
  if ('error' in loaded) throw fileError('INPUT_CORRUPT', file, 'este deteriorat sau incomplet', loaded.error, noise);
  const doc = loaded.value;
  if (doc.isEncrypted) {
    throw fileError('INPUT_UNSUPPORTED', file, 'este criptat (protejat cu parolă); salvați-l fără protecție și încercați din nou', undefined, noise);
  }
  let pages: PDFPage[];
  let declared: number | undefined;
  try {
    pages = doc.getPages();
    declared = doc.catalog.Pages().Count().asNumber();
  } catch (err) {
    throw fileError('INPUT_CORRUPT', file, 'este deteriorat (lista de pagini nu poate fi citită)', err);
  }
  if (pages.length === 0) throw fileError('INPUT_CORRUPT', file, 'nu conține nicio pagină');
  if (declared !== undefined && pages.length < declared) {
    // Pages the document announces but that cannot be found: reading on would lose them.
    throw fileError('INPUT_CORRUPT', file, `este deteriorat: numărul de pagini declarat (${declared}) este mai mare decât al paginilor găsite (${pages.length})`);
  }
  return { doc, pages };
}

function indexOf(bytes: Uint8Array, needle: number[], from: number, to: number): number {
  const end = Math.min(bytes.length, to) - needle.length;
  outer: for (let i = from; i <= end; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}
