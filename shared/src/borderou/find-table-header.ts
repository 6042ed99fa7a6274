/**
 * Where the borderou's table starts. Real exports put a title block above the header (the institution,
 * «Borderou de predare…», the day, an empty line…): the header is the first line naming both required
 * columns, under `;`, `,` or a tab (Excel's «Text (delimitat de tabulatori)» and «Text Unicode»), with at
 * most MAX_TITLE_LINES non-blank lines above it. When there is none,
 * the error names the line at fault and says what is wrong with it, under the delimiter that line uses; a
 * data row (a registration number in a cell) is never taken for a header.
 */
import { StationError } from '../errors.ts';
import { countRo } from '../count-ro.ts';
import { hasRegistrationShape } from '../registration-number.ts';
import { mapHeader, missingRequired, type HeaderMap } from './borderou-columns.ts';
import type { BorderouColumn, CsvDelimiter } from './borderou-types.ts';
import { preview } from './clean-field.ts';
import { notBorderouError } from './file-kind.ts';
import { isBlankRecord, tokenizeCsv, type CsvRecord } from './tokenize-csv.ts';

/** Title lines above the header that are accepted (blank lines do not count): a title block of ten is long already. */
export const MAX_TITLE_LINES = 20;

export interface Layout {
  delimiter: CsvDelimiter;
  records: CsvRecord[];
  headerAt: number;
  header: HeaderMap;
}

const COLUMN_LABELS: Partial<Record<BorderouColumn, string>> = { numar_inregistrare: 'numar_inregistrare (Număr înregistrare)', structura: 'structura (Structura)' };


interface Reading {
  delimiter: CsvDelimiter;
  records: CsvRecord[];
}

/**
 * Tries `;`, `,`, then a tab: the delimiter is the one under which a header with the required columns
 * appears (a header names its columns in cells of their own, so a tab table is never read under `;` or `,`).
 */
export function findLayout(text: string): Layout {
  const readings: Reading[] = [];
  for (const delimiter of [';', ',', '\t'] as const) {
    const reading = { delimiter, records: tokenizeCsv(text, delimiter) };
    const layout = locateHeader(reading);
    if (layout) return layout;
    readings.push(reading);
  }
  throw missingHeaderError(readings);
}

/**
 * A line above the header that is one of the table's rows (a registration number under the header's
 * «număr înregistrare» and a department under its «structura»), not a title line: a bad row, never ignored.
 */
export function isDataRowAbove(record: CsvRecord, header: HeaderMap): boolean {
  const number = record.fields[header.index.numar_inregistrare!] ?? '';
  const department = record.fields[header.index.structura!] ?? '';
  return hasRegistrationShape(number) && department.trim() !== '';
}

/** The first line naming both required columns and its index, looking at `limit` non-blank lines at most. */
function firstHeader(records: readonly CsvRecord[], limit = Infinity): { at: number; header: HeaderMap } | null {
  let looked = 0;
  for (let at = 0; at < records.length && looked < limit; at++) {
    const record = records[at]!;
    if (isBlankRecord(record)) continue;
    looked++;
    const header = mapHeader(record.fields);
    if (missingRequired(header).length === 0) return { at, header };
  }
  return null;
}

/** The header among the first MAX_TITLE_LINES + 1 non-blank lines: a title block, then the table. */
function locateHeader({ delimiter, records }: Reading): Layout | null {
  const found = firstHeader(records, MAX_TITLE_LINES + 1);
  if (!found) return null;
  const { at, header } = found;
  if (header.repeated.length > 0) {
    const line = records[at]!.line;
    throw new StationError('CSV_INVALID', `Antetul de pe linia ${line} numește de două ori coloana ${header.repeated.join(', ')}.`, {
      reason: 'repeated-column',
      line,
      columns: header.repeated,
      delimiter,
    });
  }
  return { delimiter, records, headerAt: at, header };
}

/** A non-blank line of the file as read under one delimiter. */
interface Line {
  delimiter: CsvDelimiter;
  record: CsvRecord;
}

/** The lines where a header may stand (the title block, the header) and the row after, under each delimiter, in file order. */
function linesNearTop(readings: readonly Reading[]): Line[][] {
  return readings.map(({ delimiter, records }) =>
    records.filter((r) => !isBlankRecord(r)).slice(0, MAX_TITLE_LINES + 2).map((record) => ({ delimiter, record })));
}

/** How a line resembles a header: the borderou columns it names, then its non-blank cells («Data:;27.09.2021;;;» in a title block names one too). */
const headerScore = (r: CsvRecord): [number, number] => [Object.keys(mapHeader(r.fields).index).length, r.fields.filter((f) => f.trim() !== '').length];

/** The line naming the most borderou columns (a header with one misnamed), then the one with more cells, then the earliest. */
function bestHeaderLike(lines: readonly Line[]): Line | undefined {
  let best: { line: Line; score: [number, number] } | undefined;
  for (const line of lines) {
    const score = headerScore(line.record);
    if (score[0] === 0) continue;
    const better = !best || score[0] > best.score[0] || (score[0] === best.score[0] && (score[1] > best.score[1] || (score[1] === best.score[1] && line.record.line < best.line.record.line)));
    if (better) best = { line, score };
  }
  return best?.line;
}

/** The first line with a registration number as a cell of its own (a data row), under the delimiter that splits it the more. */
function firstDataRow(lines: readonly Line[]): Line | undefined {
  const rows = lines.filter((l) => l.record.fields.some((f) => hasRegistrationShape(f)));
  rows.sort((a, b) => a.record.line - b.record.line || b.record.fields.length - a.record.fields.length);
  return rows[0];
}

/** Several fields, none starting with a space: a spreadsheet's cells, not a sentence's clauses («…, iar …»). */
const cellsLike = (r: CsvRecord): boolean => r.fields.length > 1 && !r.fields.some((f) => /^\s/u.test(f));

/**
 * The first line that looks like a table's: a tab, several cells under `;` or a tab, or, under `,`, several
 * cells on two consecutive lines with as many cells each (prose has commas too, rarely the same count line after line).
 */
function firstTableLine(perDelimiter: readonly Line[][]): Line | undefined {
  const found: Line[] = [];
  for (const lines of perDelimiter) {
    const hit = lines.find((l, i) => {
      if (l.record.fields.some((f) => f.includes('\t'))) return true;
      if (!cellsLike(l.record)) return false;
      const next = lines[i + 1]?.record;
      return l.delimiter !== ',' || (next !== undefined && cellsLike(next) && next.fields.length === l.record.fields.length);
    });
    if (hit) found.push(hit);
  }
  return found.sort((a, b) => a.record.line - b.record.line)[0];
}

const labels = (columns: readonly BorderouColumn[]): string => columns.map((c) => COLUMN_LABELS[c] ?? c).join(', ');

function missingHeaderError(readings: readonly Reading[]): StationError {
  const perDelimiter = linesNearTop(readings);
  const all = perDelimiter.flat();
  if (all.length === 0) return new StationError('CSV_INVALID', 'Borderoul CSV nu conține niciun rând.', { reason: 'empty' });

  // the first row of registration numbers near the top; lines below it are rows, never a header
  const data = firstDataRow(all);
  // a header lower down than a title block may reach (found, but too far from the top)
  const low = readings.map((r) => ({ ...r, found: firstHeader(r.records) })).find((r) => r.found !== null);
  const lowLine = low ? low.records[low.found!.at]!.line : null;
  if (low && !data) {
    const above = low.records.slice(0, low.found!.at).filter((r) => !isBlankRecord(r)).length;
    return new StationError(
      'CSV_INVALID',
      `Antetul tabelului este abia pe linia ${lowLine}, sub ${countRo(above, 'rând', 'rânduri')}; deasupra antetului sunt acceptate cel mult `
        + `${countRo(MAX_TITLE_LINES, 'rând', 'rânduri')} de titlu. Verificați că este borderoul zilei și ștergeți rândurile de deasupra antetului care nu fac parte din tabel.`,
      { reason: 'title-too-long', line: lowLine, titleLines: above, max: MAX_TITLE_LINES, delimiter: low.delimiter },
    );
  }
  // a header with a column misnamed («Compartiment» for «Structura»), below a title block or not
  const named = bestHeaderLike(all.filter((l) => (!data || l.record.line < data.record.line) && missingRequired(mapHeader(l.record.fields)).length > 0));
  if (named) {
    const header = mapHeader(named.record.fields);
    const missing = missingRequired(header);
    const unknown = header.ignored.slice(0, 5).map((name) => `„${preview(name)}”`);
    const which = missing.length === 1 ? `coloana obligatorie ${labels(missing)}` : `coloanele obligatorii: ${labels(missing)}`;
    const has = unknown.length > 0 ? ` Coloane nerecunoscute: ${unknown.join(', ')}.` : '';
    return new StationError('CSV_INVALID', `Antetul de pe linia ${named.record.line} nu are ${which}.${has}`, {
      reason: 'missing-column', missing, delimiter: named.delimiter, line: named.record.line,
    });
  }
  // rows of registration numbers with no header above them
  if (data) {
    const number = data.record.fields.find((f) => hasRegistrationShape(f))!.trim();
    const lower = lowLine === null ? '' : ` Antetul de pe linia ${lowLine} trebuie să stea deasupra primului rând de date.`;
    return new StationError(
      'CSV_INVALID',
      `Lipsește rândul de antet: linia ${data.record.line} este un rând de date (${number}), iar deasupra lui niciun rând nu numește coloanele. `
        + `Adăugați deasupra primului rând de date antetul cu numele coloanelor (numar_inregistrare, structura, …).${lower}`,
      { reason: 'no-header', missing: ['numar_inregistrare', 'structura'], delimiter: data.delimiter, line: data.record.line },
    );
  }
  // a table none of whose lines near the top names a borderou column
  const table = firstTableLine(perDelimiter);
  if (!table) return notBorderouError('text'); // one field per line under `;` and `,`, no column, no number: prose, not a table
  const first = Math.min(...all.map((l) => l.record.line));
  const last = Math.max(...all.map((l) => l.record.line));
  const range = first === last ? `linia ${last}` : `liniile ${first}–${last}`;
  return new StationError(
    'CSV_INVALID',
    `Niciun rând nu numește coloanele obligatorii: ${labels(['numar_inregistrare', 'structura'])} (căutate pe ${range}). `
      + 'Antetul tabelului lipsește sau numește coloanele altfel.',
    { reason: 'missing-column', missing: ['numar_inregistrare', 'structura'], delimiter: table.delimiter, line: table.record.line },
  );
}
