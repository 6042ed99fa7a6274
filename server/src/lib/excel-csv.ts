/**
 * CSV for Romanian Excel: `;` separator, CRLF line ends, UTF-8 with BOM (so diacritics open
 * correctly), and cells that Excel would read as a formula (`= + - @`, tab, CR) neutralised with a
 * leading apostrophe. Numbers are written as plain integers.
 */

const BOM = '\uFEFF';
const FORMULA_START = /^[=+\-@\t\r]/u;

export type CsvCell = string | number | null;

export function csvCell(value: CsvCell): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return /[;"\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

/** One line: its cells written with `csvCell`, separated by `;`. */
export function csvLine(row: readonly CsvCell[]): string {
  return row.map(csvCell).join(';');
}

/** The whole file as bytes, BOM included, from lines already written (`csvLine`). */
export function excelCsvLines(lines: readonly string[]): Buffer {
  return Buffer.from(`${BOM}${lines.join('\r\n')}\r\n`, 'utf8');
}

/** The whole file as bytes, BOM included. */
export function excelCsv(rows: readonly (readonly CsvCell[])[]): Buffer {
  return excelCsvLines(rows.map(csvLine));
}
