/** Borderou CSV bodies as the registry produces them: `;` or `,`, UTF-8 (± BOM) or Windows-1250. */
import iconv from 'iconv-lite';

export type CsvRow = [registrationNumber: string, department: string, sheets?: string, date?: string, notes?: string];

export function borderouCsv(rows: CsvRow[], options: { delimiter?: ';' | ','; encoding?: 'utf-8' | 'utf-8-bom' | 'windows-1250' } = {}): Uint8Array {
  const delimiter = options.delimiter ?? ';';
  const quote = (cell: string): string => (cell.includes(delimiter) || cell.includes('"') ? `"${cell.replace(/"/g, '""')}"` : cell);
  const lines = [
    ['numar_inregistrare', 'structura', 'nr_file', 'data', 'observatii'],
    ...rows.map(([n, d, s = '', date = '', notes = '']) => [n, d, s, date, notes]),
  ].map((cells) => cells.map(quote).join(delimiter));
  const text = `${lines.join('\r\n')}\r\n`;
  switch (options.encoding ?? 'utf-8') {
    case 'windows-1250':
      return new Uint8Array(iconv.encode(text, 'windows-1250'));
    case 'utf-8-bom':
      return new Uint8Array(Buffer.from(`\uFEFF${text}`, 'utf8'));
    default:
      return new Uint8Array(Buffer.from(text, 'utf8'));
  }
}
