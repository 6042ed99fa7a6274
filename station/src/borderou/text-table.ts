/**
 * Plain-text tables for a terminal: columns padded by character count (Romanian letters are one
 * code point each after NFC), long cells cut with an ellipsis, numbers aligned right.
 */
export type Align = 'left' | 'right';

export interface Column {
  title: string;
  align?: Align;
  /** Cells longer than this are cut with `…`. */
  max?: number;
}

export function textWidth(text: string): number {
  return [...text.normalize('NFC')].length;
}

export function truncate(text: string, max: number): string {
  const chars = [...text.normalize('NFC')];
  return chars.length > max ? `${chars.slice(0, Math.max(1, max - 1)).join('')}…` : chars.join('');
}

function pad(text: string, width: number, align: Align): string {
  const fill = ' '.repeat(Math.max(0, width - textWidth(text)));
  return align === 'right' ? fill + text : text + fill;
}

/** Rows of cells → lines (no trailing spaces), each prefixed by `indent`. */
export function renderTable(columns: readonly Column[], rows: ReadonlyArray<ReadonlyArray<string | number>>, indent = '  '): string[] {
  const cells = rows.map((row) => columns.map((c, i) => truncate(String(row[i] ?? ''), c.max ?? 60)));
  const widths = columns.map((c, i) => Math.max(textWidth(c.title), ...cells.map((r) => textWidth(r[i]!))));
  const line = (values: readonly string[]): string =>
    (indent + values.map((v, i) => pad(v, widths[i]!, columns[i]!.align ?? 'left')).join('  ')).trimEnd();
  return [line(columns.map((c) => c.title)), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)];
}

/** Greedy word wrap; words longer than the width stay whole on their own line. */
export function wrap(text: string, width: number, indent = ''): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/u).filter(Boolean)) {
    if (current !== '' && textWidth(current) + 1 + textWidth(word) > width - textWidth(indent)) {
      lines.push(indent + current);
      current = word;
    } else {
      current = current === '' ? word : `${current} ${word}`;
    }
  }
  if (current !== '') lines.push(indent + current);
  return lines;
}
