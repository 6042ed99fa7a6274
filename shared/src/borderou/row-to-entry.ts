/**
 * One CSV record → one borderou entry, or the reasons (Romanian) why the row is rejected.
 * Values that can be kept safely are neutralised instead, and reported as warnings.
 */
import { isYearInRange, MAX_YEAR, MIN_YEAR } from '../date-range.ts';
import { checkRegistrationNumber, isCalendarDate } from '../registration-number.ts';
import type { HeaderMap } from './borderou-columns.ts';
import type { BorderouColumn, BorderouEntry, CsvRowError } from './borderou-types.ts';
import { cleanFreeText, cleanLabel, preview } from './clean-field.ts';
import type { CsvRecord } from './tokenize-csv.ts';

export const MAX_DEPARTMENT_LENGTH = 200;
export const MAX_NOTES_LENGTH = 1000;
export const MAX_SHEETS = 99_999;

export interface RowOutcome {
  entry: BorderouEntry | null;
  errors: CsvRowError[];
  warnings: CsvRowError[];
}

export function rowToEntry(record: CsvRecord, header: HeaderMap, headerWidth: number): RowOutcome {
  const { line } = record;
  const errors: CsvRowError[] = [];
  const warnings: CsvRowError[] = [];
  const fail = (column: BorderouColumn | null, reason: string): RowOutcome => ({
    entry: null,
    errors: [...errors, { line, column, reason }],
    warnings: [],
  });

  if (record.problem) return fail(null, record.problem);
  const extra = record.fields.slice(headerWidth);
  if (record.fields.length < headerWidth || extra.some((f) => f.trim() !== '')) {
    return fail(null, `rândul are ${record.fields.length} câmpuri, dar antetul are ${headerWidth}`);
  }
  const cell = (column: BorderouColumn): string => {
    const i = header.index[column];
    return i === undefined ? '' : (record.fields[i] ?? '');
  };

  const reg = checkRegistrationNumber(cell('numar_inregistrare'));
  if (!reg.ok) errors.push({ line, column: 'numar_inregistrare', reason: reg.reason });

  let department = '';
  const rawDepartment = cell('structura');
  if (rawDepartment.trim() === '') {
    errors.push({ line, column: 'structura', reason: 'structura (departamentul) lipsește' });
  } else {
    const d = cleanLabel(rawDepartment, 'Structura', MAX_DEPARTMENT_LENGTH);
    if (d.ok) department = d.value;
    else errors.push({ line, column: 'structura', reason: d.reason });
  }

  const sheets = parseSheets(cell('nr_file'));
  if (!sheets.ok) errors.push({ line, column: 'nr_file', reason: sheets.reason });

  const date = parseDateCell(cell('data'));
  if (!date.ok) errors.push({ line, column: 'data', reason: date.reason });

  let notes: string | null = null;
  const rawNotes = cell('observatii');
  if (rawNotes.trim() !== '') {
    const n = cleanFreeText(rawNotes, MAX_NOTES_LENGTH);
    notes = n.value;
    for (const note of n.notes) warnings.push({ line, column: 'observatii', reason: `observații: ${note}` });
  }

  if (errors.length > 0 || !reg.ok || !sheets.ok || !date.ok) return { entry: null, errors, warnings: [] };
  return {
    entry: {
      registrationNumber: reg.value.text,
      department,
      expectedSheets: sheets.value,
      date: date.value ?? reg.value.date,
      notes,
      line,
    },
    errors,
    warnings,
  };
}

type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

function parseSheets(raw: string): Parsed<number | null> {
  const text = raw.trim();
  if (text === '') return { ok: true, value: null };
  if (!/^\d{1,5}$/.test(text) || Number(text) === 0 || Number(text) > MAX_SHEETS) {
    return { ok: false, reason: `nr. file „${preview(text)}” nu este un număr întreg între 1 și ${MAX_SHEETS}` };
  }
  return { ok: true, value: Number(text) };
}

/** `27.09.2021`, `27/09/2021`, `2021-09-27`, optionally followed by a midnight time as Excel writes it. */
function parseDateCell(raw: string): Parsed<string | null> {
  const text = raw.trim().replace(/\s+0{1,2}:00(:00)?$/, '');
  if (text === '') return { ok: true, value: null };
  let y: number, m: number, d: number;
  const ro = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(text);
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (ro) [d, m, y] = [Number(ro[1]), Number(ro[2]), Number(ro[3])];
  else if (iso) [y, m, d] = [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  else return { ok: false, reason: `data „${preview(text)}” nu are forma zz.ll.aaaa` };
  if (!isCalendarDate(y, m, d)) return { ok: false, reason: `data „${preview(text)}” nu există în calendar` };
  if (!isYearInRange(y)) return { ok: false, reason: `data „${preview(text)}” este în afara intervalului acceptat (anii ${MIN_YEAR}–${MAX_YEAR})` };
  return { ok: true, value: `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}
