/**
 * Borderou CSV → entries. Accepts what the registry actually produces: `;` or `,`, UTF-8 with or
 * without BOM, Windows-1250, CRLF or LF, RFC 4180 quoting. Bad rows are reported with their line and a
 * Romanian reason and never dropped silently; a file that is not a borderou at all throws CSV_INVALID.
 */
import { StationError } from '../errors.ts';
import { takesDe } from '../count-ro.ts';
import { BORDEROU_MAX_ROWS } from '../schemas/borderou.ts';
import { columnForHeader, mapHeader, missingRequired, type HeaderMap } from './borderou-columns.ts';
import type { BorderouCsv, BorderouEntry, CsvDelimiter, CsvRowError } from './borderou-types.ts';
import { decodeCsvBytes } from './decode-csv-bytes.ts';
import { notBorderouError } from './file-kind.ts';
import { rowToEntry } from './row-to-entry.ts';
import { isBlankRecord, tokenizeCsv, type CsvRecord } from './tokenize-csv.ts';

export type { BorderouCsv, BorderouEntry, CsvRowError } from './borderou-types.ts';

/** Title lines ("Borderou 27.09.2021") may stand above the header; this many non-blank lines are searched. */
const HEADER_SEARCH_LINES = 5;

const COLUMN_LABELS = { numar_inregistrare: 'numar_inregistrare (Număr înregistrare)', structura: 'structura (Structura)' } as const;

interface Layout {
  delimiter: CsvDelimiter;
  records: CsvRecord[];
  headerAt: number;
  header: HeaderMap;
}

/** Rows handled between two pauses of `parseBorderouCsvYielding`. */
const ROWS_PER_STEP = 500;

export function parseBorderouCsv(bytes: Uint8Array): BorderouCsv {
  const steps = parseSteps(bytes);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/**
 * The same parse, pausing every few hundred rows so that a server stays responsive to its other
 * requests while a large borderou is read.
 */
export async function parseBorderouCsvYielding(bytes: Uint8Array, pause: () => Promise<void>): Promise<BorderouCsv> {
  const steps = parseSteps(bytes);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await pause();
  }
}

/** The parse as steps: yields after decoding and tokenizing, then every ROWS_PER_STEP rows. */
function* parseSteps(bytes: Uint8Array): Generator<void, BorderouCsv> {
  const { text, encoding } = decodeCsvBytes(bytes);
  const { delimiter, records, headerAt, header } = findLayout(text);
  const headerRecord = records[headerAt]!;
  const headerWidth = headerRecord.fields.length;
  checkRowCount(records, headerAt);
  yield;

  const entries: BorderouEntry[] = [];
  const errors: CsvRowError[] = [];
  const warnings: CsvRowError[] = [];
  for (const skipped of records.slice(0, headerAt)) {
    if (!isBlankRecord(skipped)) warnings.push({ line: skipped.line, column: null, reason: 'rând de titlu deasupra antetului, ignorat' });
  }
  if (header.ignored.length > 0) {
    warnings.push({ line: headerRecord.line, column: null, reason: `coloane necunoscute, ignorate: ${header.ignored.join(', ')}` });
  }

  const firstLine = new Map<string, number>();
  let done = 0;
  for (const record of records.slice(headerAt + 1)) {
    if (++done % ROWS_PER_STEP === 0) yield;
    if (isBlankRecord(record)) continue;
    const outcome = rowToEntry(record, header, headerWidth);
    errors.push(...outcome.errors);
    warnings.push(...outcome.warnings);
    const entry = outcome.entry;
    if (!entry) continue;
    const seen = firstLine.get(entry.registrationNumber);
    if (seen !== undefined) {
      errors.push({
        line: entry.line,
        column: 'numar_inregistrare',
        reason: `numărul ${entry.registrationNumber} apare de mai multe ori în borderou (prima dată pe linia ${seen})`,
      });
      continue;
    }
    firstLine.set(entry.registrationNumber, entry.line);
    entries.push(entry);
  }
  return { entries, errors, warnings, encoding, delimiter };
}

/** Refuses a file with more data rows than one borderou may have, before any row is looked at. */
function checkRowCount(records: readonly CsvRecord[], headerAt: number): void {
  let rows = 0;
  for (let i = headerAt + 1; i < records.length; i++) if (!isBlankRecord(records[i]!)) rows++;
  if (rows <= BORDEROU_MAX_ROWS) return;
  const de = takesDe(rows) ? ' de' : '';
  throw new StationError(
    'CSV_INVALID',
    `Borderoul are ${rows}${de} rânduri de date; sunt acceptate cel mult ${BORDEROU_MAX_ROWS} (borderoul unei singure zile). Verificați că este fișierul potrivit.`,
    { reason: 'too-many-rows', rows, max: BORDEROU_MAX_ROWS },
  );
}

/** Tries `;` then `,`: the delimiter is the one under which a header with the required columns appears. */
function findLayout(text: string): Layout {
  const candidates: CsvDelimiter[] = [';', ','];
  let best: { delimiter: CsvDelimiter; records: CsvRecord[]; width: number } | null = null;
  for (const delimiter of candidates) {
    const records = tokenizeCsv(text, delimiter);
    const layout = locateHeader(records, delimiter);
    if (layout) return layout;
    const firstNonBlank = records.find((r) => !isBlankRecord(r));
    const width = firstNonBlank?.fields.length ?? 0;
    if (!best || width > best.width) best = { delimiter, records, width };
  }
  throw missingHeaderError(best!.records, best!.delimiter);
}

function locateHeader(records: CsvRecord[], delimiter: CsvDelimiter): Layout | null {
  let looked = 0;
  for (let i = 0; i < records.length && looked < HEADER_SEARCH_LINES; i++) {
    const record = records[i]!;
    if (isBlankRecord(record)) continue;
    looked++;
    const header = mapHeader(record.fields);
    if (missingRequired(header).length > 0) continue;
    if (header.repeated.length > 0) {
      throw new StationError('CSV_INVALID', `Antetul de pe linia ${record.line} numește de două ori coloana ${header.repeated.join(', ')}.`, {
        reason: 'repeated-column',
        line: record.line,
        columns: header.repeated,
      });
    }
    return { delimiter, records, headerAt: i, header };
  }
  return null;
}

/** A registration number as a data row's first cell holds it: 84512/27.09.2021. */
const REGISTRATION = /^\s*\d{1,8}\s*\/\s*\d{1,2}\.\d{1,2}\.\d{4}\s*$/;

/**
 * The cells of a record, split by `,` too when it is one field (a `,`-separated line read under `;`): the
 * columns of a header under either delimiter.
 */
const cellsOf = (r: CsvRecord): readonly string[] => (r.fields.length === 1 ? r.fields[0]!.split(',') : r.fields);

/** A record that looks like a table's: several fields, a tab, or a cell naming a borderou column or holding a registration number. */
function tableLike(r: CsvRecord): boolean {
  if (r.fields.length > 1 || (r.fields[0] ?? '').includes('\t')) return true;
  return cellsOf(r).some((cell) => REGISTRATION.test(cell) || columnForHeader(cell) !== null);
}

function missingHeaderError(records: CsvRecord[], delimiter: CsvDelimiter): StationError {
  const lines = records.filter((r) => !isBlankRecord(r));
  if (lines.length === 0) return new StationError('CSV_INVALID', 'Borderoul CSV nu conține niciun rând.', { reason: 'empty' });
  // the lines where a header is looked for, and the row after: a title line («Borderou 27.09.2021») may stand
  // above a header that lacks a column; the file is a table all the same, and the clerk is told what is missing
  const top = lines.slice(0, HEADER_SEARCH_LINES + 1);
  const table = top.find(tableLike);
  // no line near the top like a table's (one field under both `;` and `,`, no tab, no column, no number): prose, not a table
  if (!table) return notBorderouError('text');
  const header = [table.fields, cellsOf(table)].map(mapHeader).reduce((a, b) => (Object.keys(b.index).length > Object.keys(a.index).length ? b : a));
  const missing = missingRequired(header);
  const looksLikeData = REGISTRATION.test(table.fields[0] ?? '');
  const message = looksLikeData
    ? 'Borderoul CSV nu are rând de antet: primul rând trebuie să numească coloanele (numar_inregistrare, structura, …).'
    : `Borderoul CSV nu are coloanele obligatorii: ${missing.map((c) => COLUMN_LABELS[c as keyof typeof COLUMN_LABELS] ?? c).join(', ')}.`;
  return new StationError('CSV_INVALID', message, { reason: looksLikeData ? 'no-header' : 'missing-column', missing, delimiter, line: table.line });
}
