/**
 * Borderou CSV → entries. Accepts what the registry actually produces: `;` or `,`, UTF-8 with or
 * without BOM, Windows-1250, CRLF or LF, RFC 4180 quoting. Bad rows are reported with their line and a
 * Romanian reason and never dropped silently; a file that is not a borderou at all throws CSV_INVALID.
 */
import { StationError } from '../errors.ts';
import { takesDe } from '../count-ro.ts';
import { BORDEROU_MAX_ROWS } from '../schemas/borderou.ts';
import type { BorderouCsv, BorderouEntry, CsvRowError } from './borderou-types.ts';
import { decodeCsvBytes } from './decode-csv-bytes.ts';
import { findLayout, isDataRowAbove } from './find-table-header.ts';
import { rowToEntry } from './row-to-entry.ts';
import { isBlankRecord, type CsvRecord } from './tokenize-csv.ts';

export type { BorderouCsv, BorderouEntry, CsvRowError } from './borderou-types.ts';

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
    if (isBlankRecord(skipped)) continue;
    if (isDataRowAbove(skipped, header)) {
      // a document's row above the header (a header repeated lower down, a row pasted above it): never ignored
      errors.push({ line: skipped.line, column: null, reason: `rând de date deasupra antetului de pe linia ${headerRecord.line}; rândurile de date trebuie să stea sub antet` });
    } else {
      warnings.push({ line: skipped.line, column: null, reason: 'rând de titlu deasupra antetului, ignorat' });
    }
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
