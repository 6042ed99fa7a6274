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

const CHUNK = 256 * 1024;

export interface CsvWriter {
  /** One line: its cells as `csvCell` writes them, separated by `;`, then CRLF. */
  line(row: readonly CsvCell[]): void;
  /** The file so far, BOM first. */
  bytes(): Buffer;
}

/**
 * A file of many lines written straight into bytes (a report of ten thousand lines never becomes one
 * string to join and encode): each distinct text cell is written with `csvCell` and encoded once
 * (names and titles recur line after line), whole numbers are written digit by digit.
 */
export function excelCsvWriter(): CsvWriter {
  const chunks: Buffer[] = [];
  let chunk = Buffer.allocUnsafe(CHUNK);
  let used = chunk.write(BOM);
  const encoded = new Map<string, Buffer>();
  /** Makes room for `size` more bytes. */
  const room = (size: number): void => {
    if (used + size <= chunk.length) return;
    chunks.push(chunk.subarray(0, used));
    chunk = Buffer.allocUnsafe(Math.max(CHUNK, size));
    used = 0;
  };
  const text = (value: string): void => {
    let bytes = encoded.get(value);
    if (bytes === undefined) encoded.set(value, (bytes = Buffer.from(csvCell(value), 'utf8')));
    room(bytes.length);
    // Byte by byte for the short cells of a report: cheaper than a copy call each.
    if (bytes.length <= 64) for (let i = 0; i < bytes.length; i += 1) chunk[used++] = bytes[i]!;
    else used += bytes.copy(chunk, used);
  };
  const digits = (value: number): void => {
    room(16);
    let length = 1;
    for (let rest = value; rest >= 10; rest = Math.floor(rest / 10)) length += 1;
    let rest = value;
    for (let i = used + length - 1; i >= used; i -= 1) {
      const next = Math.floor(rest / 10);
      chunk[i] = 0x30 + rest - next * 10;
      rest = next;
    }
    used += length;
  };
  return {
    line(row) {
      for (let i = 0; i < row.length; i += 1) {
        const value = row[i]!;
        if (i > 0) {
          room(1);
          chunk[used++] = 0x3b; // ;
        }
        if (value === null) continue;
        if (typeof value === 'number') {
          if (Number.isSafeInteger(value) && value >= 0) digits(value);
          else {
            // as csvCell writes a number: never neutralised (a negative number is no formula)
            const written = csvCell(value);
            room(written.length);
            used += chunk.write(written, used, 'latin1');
          }
        } else text(value);
      }
      room(2);
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
  for (const row of rows) out.line(row);
  return out.bytes();
}
