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

const CHUNK = 256 * 1024;

/**
 * A file of many lines written straight into bytes as they come (BOM first, CRLF after each line):
 * a report of ten thousand lines never becomes one joined string to flatten and encode again.
 * `line` takes text already written with `csvCell`/`csvLine`.
 */
export function excelCsvWriter(): { line(text: string): void; bytes(): Buffer } {
  const chunks: Buffer[] = [];
  let chunk = Buffer.allocUnsafe(CHUNK);
  let used = chunk.write(BOM);
  return {
    line(text) {
      // A UTF-16 unit is at most 3 bytes of UTF-8; +2 for CRLF.
      const most = text.length * 3 + 2;
      if (used + most > chunk.length) {
        chunks.push(chunk.subarray(0, used));
        chunk = Buffer.allocUnsafe(Math.max(CHUNK, most));
        used = 0;
      }
      used += chunk.write(text, used);
      chunk[used++] = 0x0d;
      chunk[used++] = 0x0a;
    },
    bytes() {
      return Buffer.concat([...chunks, chunk.subarray(0, used)]);
    },
  };
}

/** The whole file as bytes, BOM included. */
export function excelCsv(rows: readonly (readonly CsvCell[])[]): Buffer {
  const out = excelCsvWriter();
  for (const row of rows) out.line(csvLine(row));
  return out.bytes();
}
