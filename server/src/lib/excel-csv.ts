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

/** The whole file as bytes, BOM included. */
export function excelCsv(rows: readonly (readonly CsvCell[])[]): Buffer {
  const body = rows.map((row) => row.map(csvCell).join(';')).join('\r\n');
  return Buffer.from(`${BOM}${body}\r\n`, 'utf8');
}
