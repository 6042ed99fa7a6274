/**
 * Turns the bytes of a borderou CSV into text: UTF-8 with a BOM, valid UTF-8, UTF-16 with a BOM (Excel's
 * «Text Unicode», tab-separated: the only Excel export keeping ș ț where there is no «CSV UTF-8»), or else
 * Windows-1250 (what Romanian Excel writes with "CSV (delimitat prin virgulă)" and as tab-separated text).
 * Rejects what is not a CSV at all: a workbook in another format (CSV_INVALID: save it as CSV), a file that
 * is no spreadsheet (NOT_A_BORDEROU).
 */
import iconv from 'iconv-lite';
import { StationError } from '../errors.ts';
import type { CsvEncoding } from './borderou-types.ts';
import { fileKind, notBorderouError, type WorkbookKind } from './file-kind.ts';

export const MAX_CSV_BYTES = 5 * 1024 * 1024;

export interface DecodedCsv {
  text: string;
  encoding: CsvEncoding;
}

/** A workbook saved in another format: the clerk saves it again as CSV. */
const WORKBOOKS: Record<WorkbookKind, string> = {
  xlsx: 'Fișierul este un registru Excel (.xlsx), nu un CSV. Salvați-l din Excel ca „CSV UTF-8” sau „CSV (delimitat prin virgulă)”.',
  xls: 'Fișierul este un registru Excel vechi (.xls), nu un CSV. Salvați-l din Excel ca „CSV UTF-8”.',
  ods: 'Fișierul este un registru LibreOffice Calc (.ods), nu un CSV. Salvați-l din Calc ca „Text CSV (.csv)”.',
};

/** UTF-16 told by its byte order mark (Excel writes one); without it, its zero bytes make it binary. */
function utf16Bom(bytes: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return 'utf-16le';
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return 'utf-16be';
  return null;
}

export function decodeCsvBytes(bytes: Uint8Array): DecodedCsv {
  if (bytes.byteLength === 0) {
    throw new StationError('CSV_INVALID', 'Borderoul CSV este gol (0 octeți).', { bytes: 0 });
  }
  if (bytes.byteLength > MAX_CSV_BYTES) {
    throw new StationError('CSV_INVALID', `Borderoul CSV este prea mare (${bytes.byteLength} octeți; maximum ${MAX_CSV_BYTES}).`, {
      bytes: bytes.byteLength,
      max: MAX_CSV_BYTES,
    });
  }
  const kind = fileKind(bytes);
  if (kind && 'notBorderou' in kind) throw notBorderouError(kind.notBorderou);
  if (kind && 'workbook' in kind) throw new StationError('CSV_INVALID', WORKBOOKS[kind.workbook], { reason: 'not-csv', workbook: kind.workbook });
  const utf16 = utf16Bom(bytes);
  if (!utf16 && bytes.includes(0)) {
    throw new StationError('CSV_INVALID', 'Fișierul conține date binare (octeți 0): nu este un borderou CSV.', { reason: 'binary' });
  }

  const decoded = utf16 ? decodeUtf16(bytes, utf16) : decodeText(bytes);
  rejectBinaryText(decoded.text);
  if (decoded.text.trim() === '') {
    throw new StationError('CSV_INVALID', 'Borderoul CSV nu conține niciun rând.', { reason: 'empty' });
  }
  return decoded;
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedCsv {
  try {
    return { text: new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes.subarray(2)), encoding };
  } catch {
    throw new StationError('CSV_INVALID', 'Fișierul declară UTF-16 (BOM), dar conține octeți care nu sunt UTF-16 valid: pare trunchiat.', {
      reason: 'bad-utf16',
      encoding,
    });
  }
}

function decodeText(bytes: Uint8Array): DecodedCsv {
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  try {
    const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
    return { text, encoding: hasBom ? 'utf-8-bom' : 'utf-8' };
  } catch {
    if (hasBom) {
      throw new StationError('CSV_INVALID', 'Fișierul declară UTF-8 (BOM), dar conține octeți care nu sunt UTF-8 valid.', {
        reason: 'bad-utf8',
      });
    }
    return { text: iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), 'windows-1250'), encoding: 'windows-1250' };
  }
}

/** Text made mostly of control or undecodable characters is a binary file, not a list typed by a person. */
function rejectBinaryText(text: string): void {
  let suspicious = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f || (c >= 0x80 && c <= 0x9f) || c === 0xfffd) {
      suspicious++;
    }
  }
  if (suspicious > 16 && suspicious > text.length * 0.02) {
    throw new StationError('CSV_INVALID', 'Fișierul conține date binare sau caractere de control: nu este un borderou CSV.', {
      reason: 'binary',
      suspicious,
      length: text.length,
    });
  }
}
