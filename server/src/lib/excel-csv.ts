/**
 * CSV for Romanian Excel: `;` separator, CRLF line ends, UTF-8 with BOM (so diacritics open
 * correctly), and cells that Excel would read as a formula (`= + - @`, tab, CR) neutralised with a
 * leading apostrophe. Numbers are written as plain integers.
 */
import { ByteWriter } from './byte-writer.ts';

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/u;

export type CsvCell = string | number | null;

export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[;"\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

export interface CsvWriter {
  /** One line: its cells as `csvCell` writes them, separated by `;`, then CRLF. */
  line(row: readonly CsvCell[]): void;
  /** The file so far, BOM first. */
  bytes(): Buffer;
}

/**
 * A file of many lines written straight into bytes: each distinct text cell is written with `csvCell`
 * and encoded once (names and titles recur line after line), whole numbers digit by digit.
 */
export function excelCsvWriter(): CsvWriter {
  const out = new ByteWriter();
  out.text(BOM);
  const encoded = new Map<string, Buffer>();
  return {
    line(row) {
      for (let i = 0; i < row.length; i += 1) {
        const value = row[i]!;
        if (i > 0) out.byte(0x3b); // ;
        if (value === null) continue;
        if (typeof value === 'number') out.number(value); // as csvCell writes a number: never neutralised
        else {
          let bytes = encoded.get(value);
          if (bytes === undefined) encoded.set(value, (bytes = Buffer.from(csvCell(value), 'utf8')));
          out.write(bytes);
        }
      }
      out.byte(0x0d);
      out.byte(0x0a);
    },
    bytes: () => out.bytes(),
  };
}
