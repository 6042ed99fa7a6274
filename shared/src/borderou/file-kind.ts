/**
 * What a file given as a borderou really is, told from its bytes (never from its name): a Word
 * document, a PDF, a picture… The borderou is a CSV; a file that is not even a spreadsheet gets
 * NOT_A_BORDEROU, whose message says what the file is and what is expected instead.
 */
import { StationError } from '../errors.ts';

/** Files that are not spreadsheets at all (a workbook saved in the wrong format stays CSV_INVALID). */
export type NotBorderouKind =
  | 'word' | 'word-97' | 'rtf' | 'powerpoint' | 'opendocument-text' | 'opendocument'
  | 'pdf' | 'png' | 'jpeg' | 'gif' | 'tiff' | 'bmp' | 'webp' | 'zip' | 'compressed' | 'text';

/** What the clerk reads after „name” este … */
const WHAT: Record<NotBorderouKind, string> = {
  word: 'un document Word',
  'word-97': 'un document Word (.doc)',
  rtf: 'un document RTF (Word)',
  powerpoint: 'o prezentare PowerPoint',
  'opendocument-text': 'un document LibreOffice Writer (.odt)',
  opendocument: 'un document OpenDocument (LibreOffice)',
  pdf: 'un document PDF',
  png: 'o imagine PNG',
  jpeg: 'o imagine JPEG',
  gif: 'o imagine GIF',
  tiff: 'o imagine TIFF',
  bmp: 'o imagine BMP',
  webp: 'o imagine WebP',
  zip: 'o arhivă ZIP',
  compressed: 'o arhivă comprimată',
  text: 'un text fără coloane',
};

const EXPECTED = 'nu un borderou CSV. Alegeți borderoul zilei salvat din Excel ca „CSV UTF-8” sau „CSV (delimitat prin virgulă)”.';

/** The Romanian message: the file named when its name is known («„x.docx” este un document Word, …»). */
export function notBorderouMessage(kind: NotBorderouKind, name?: string): string {
  return `${name ? `„${name}”` : 'Fișierul'} este ${WHAT[kind]}, ${EXPECTED}`;
}

export function notBorderouError(kind: NotBorderouKind, name?: string): StationError {
  return new StationError('NOT_A_BORDEROU', notBorderouMessage(kind, name), { reason: 'not-borderou', kind, ...(name ? { file: name } : {}) });
}

/** `err` (NOT_A_BORDEROU from the bytes alone) again, naming the file; any other error unchanged. */
export function namingFile(err: unknown, name: string): unknown {
  if (!(err instanceof StationError) || err.code !== 'NOT_A_BORDEROU') return err;
  return notBorderouError(err.details.kind as NotBorderouKind, name);
}

/** Spreadsheets in another format than CSV: the clerk saves them again as CSV (CSV_INVALID, its own words). */
export type WorkbookKind = 'xlsx' | 'xls' | 'ods';

export type FileKind = { notBorderou: NotBorderouKind } | { workbook: WorkbookKind } | null;

const startsWith = (bytes: Uint8Array, sig: readonly number[], at = 0): boolean => sig.every((b, i) => bytes[at + i] === b);
const ascii = (text: string): number[] => [...text].map((c) => c.charCodeAt(0));

const MAGIC: ReadonlyArray<[readonly number[], NotBorderouKind]> = [
  [ascii('%PDF'), 'pdf'],
  [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'png'],
  [[0xff, 0xd8, 0xff], 'jpeg'],
  [ascii('GIF8'), 'gif'],
  [[0x49, 0x49, 0x2a, 0x00], 'tiff'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'tiff'],
  [ascii('{\\rtf'), 'rtf'],
  [[0x1f, 0x8b], 'compressed'],
  [[0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], 'compressed'],
  [ascii('Rar!'), 'compressed'],
];

/** The kind of a file that is not a CSV, from its first bytes (a ZIP or an OLE2 file looked into), or null. */
export function fileKind(bytes: Uint8Array): FileKind {
  for (const [sig, kind] of MAGIC) if (startsWith(bytes, sig)) return { notBorderou: kind };
  if (startsWith(bytes, ascii('RIFF')) && startsWith(bytes, ascii('WEBP'), 8)) return { notBorderou: 'webp' };
  // "BM" then a little-endian size: a bitmap only when the 4 reserved bytes are zero (a CSV line has none)
  if (startsWith(bytes, ascii('BM')) && startsWith(bytes, [0, 0, 0, 0], 6)) return { notBorderou: 'bmp' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) return zipKind(bytes);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return oleKind(bytes);
  return null;
}

/** Office Open XML and OpenDocument files are ZIPs: told apart by the names of their entries. */
function zipKind(bytes: Uint8Array): FileKind {
  const names = zipEntryNames(bytes);
  // entries that cannot be read (a workbook cut short): most likely the day's Excel file, as it always was
  if (names.length === 0) return { workbook: 'xlsx' };
  const has = (prefix: string) => names.some((n) => n.startsWith(prefix));
  if (has('word/')) return { notBorderou: 'word' };
  if (has('xl/')) return { workbook: 'xlsx' };
  if (has('ppt/')) return { notBorderou: 'powerpoint' };
  const mime = openDocumentMime(bytes);
  if (mime === 'application/vnd.oasis.opendocument.spreadsheet') return { workbook: 'ods' };
  if (mime === 'application/vnd.oasis.opendocument.text') return { notBorderou: 'opendocument-text' };
  if (mime?.startsWith('application/vnd.oasis.opendocument.')) return { notBorderou: 'opendocument' };
  return { notBorderou: 'zip' };
}

const view = (bytes: Uint8Array) => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
const latin1 = (bytes: Uint8Array) => String.fromCharCode(...bytes);

/** Entry names from the central directory (found from its end record); the local headers' when it is cut off. */
function zipEntryNames(bytes: Uint8Array): string[] {
  const dv = view(bytes);
  const names: string[] = [];
  const lowest = Math.max(0, bytes.byteLength - 22 - 0xffff);
  for (let end = bytes.byteLength - 22; end >= lowest; end--) {
    if (dv.getUint32(end, true) !== 0x06054b50) continue;
    const count = dv.getUint16(end + 10, true);
    let at = dv.getUint32(end + 16, true);
    for (let i = 0; i < count && at + 46 <= bytes.byteLength && dv.getUint32(at, true) === 0x02014b50; i++) {
      const nameLength = dv.getUint16(at + 28, true);
      names.push(latin1(bytes.subarray(at + 46, at + 46 + nameLength)));
      at += 46 + nameLength + dv.getUint16(at + 30, true) + dv.getUint16(at + 32, true);
    }
    if (names.length > 0) return names;
    break;
  }
  // no central directory (a file cut short): walk the local headers while their sizes are known
  let at = 0;
  while (at + 30 <= bytes.byteLength && dv.getUint32(at, true) === 0x04034b50 && names.length < 64) {
    const nameLength = dv.getUint16(at + 26, true);
    names.push(latin1(bytes.subarray(at + 30, at + 30 + nameLength)));
    const size = dv.getUint32(at + 18, true);
    if ((dv.getUint16(at + 6, true) & 0x08) !== 0 && size === 0) break; // size only after the data
    at += 30 + nameLength + dv.getUint16(at + 28, true) + size;
  }
  return names;
}

/** An OpenDocument file starts with its stored, uncompressed `mimetype` entry. */
function openDocumentMime(bytes: Uint8Array): string | null {
  if (bytes.byteLength < 30) return null;
  const dv = view(bytes);
  const nameLength = dv.getUint16(26, true);
  if (latin1(bytes.subarray(30, 30 + nameLength)) !== 'mimetype' || dv.getUint16(8, true) !== 0) return null;
  const start = 30 + nameLength + dv.getUint16(28, true);
  return latin1(bytes.subarray(start, start + Math.min(dv.getUint32(18, true), 100)));
}

/** An old Office file (OLE2): Word's has a `WordDocument` stream, Excel's a `Workbook` or `Book` one (names in UTF-16). */
function oleKind(bytes: Uint8Array): FileKind {
  if (includesUtf16(bytes, 'WordDocument')) return { notBorderou: 'word-97' };
  if (includesUtf16(bytes, 'PowerPoint Document')) return { notBorderou: 'powerpoint' };
  return { workbook: 'xls' };
}

function includesUtf16(bytes: Uint8Array, text: string): boolean {
  const needle = [...text].flatMap((c) => [c.charCodeAt(0), 0]);
  outer: for (let i = 0; i + needle.length <= bytes.byteLength; i++) {
    for (let j = 0; j < needle.length; j++) if (bytes[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}
