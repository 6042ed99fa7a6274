import { describe, expect, it } from 'vitest';
import { csvCell, excelCsvWriter, type CsvCell } from '../../../server/src/lib/excel-csv.ts';

const excelCsv = (rows: readonly (readonly CsvCell[])[]): Buffer => {
  const out = excelCsvWriter();
  for (const row of rows) out.line(row);
  return out.bytes();
};

describe('excel csv', () => {
  it('neutralises cells Excel would run as formulas', () => {
    for (const dangerous of ['=SUM(A1)', '+40', '-1', '@cmd', '\tx', '\rx']) {
      expect(csvCell(dangerous).replace(/^"/, '').startsWith("'")).toBe(true);
    }
    expect(csvCell('Direcția Urbanism')).toBe('Direcția Urbanism');
    expect(csvCell(-5)).toBe('-5');
  });

  it('quotes separators, quotes and line breaks', () => {
    expect(csvCell('a;b')).toBe('"a;b"');
    expect(csvCell('spune "da"')).toBe('"spune ""da"""');
    expect(csvCell('=1;2')).toBe('"\'=1;2"');
  });

  it('writes a BOM, `;` and CRLF, UTF-8 diacritics', () => {
    const bytes = excelCsv([['Săptămâna', 'Nr. file'], ['Țară', 3]]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.subarray(3).toString('utf8')).toBe('Săptămâna;Nr. file\r\nȚară;3\r\n');
  });

  it('writes files of many lines, and lines longer than its chunks, as the cells joined', () => {
    const rows: (string | number | null)[][] = [];
    for (let i = 0; i < 40_000; i++) {
      rows.push([`Săptămâna ${i % 600} – Țară`, i, i * 7919, i % 7 === 0 ? 'Direcția „Nouă”; anexă' : 'ș', null, 0, -i, i / 4, '=1', 2 ** 53 + i]);
    }
    rows.splice(20_000, 0, ['ă'.repeat(300_000), 1], [], [null]);
    const expected = Buffer.from(`\uFEFF${rows.map((r) => r.map((c) => csvCell(c)).join(';')).join('\r\n')}\r\n`, 'utf8');
    expect(excelCsv(rows).equals(expected)).toBe(true);
    expect([...excelCsvWriter().bytes()]).toEqual([0xef, 0xbb, 0xbf]);
  });
});
