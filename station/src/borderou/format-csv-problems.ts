/** Rejected rows and neutralised values of a borderou, one line each, for the clerk's terminal. */
import type { BorderouCsv, CsvRowError } from '../../../shared/src/borderou/borderou-types.ts';
import { delimiterLabel, ENCODING_LABELS } from '../../../shared/src/borderou/csv-format-labels.ts';

export function formatCsvProblem(p: CsvRowError): string {
  return `  linia ${p.line}${p.column ? ` (${p.column})` : ''}: ${p.reason}`;
}

/** The rejected rows: a count line, then one line each (no trailing newline). */
export function formatCsvErrors(errors: readonly CsvRowError[]): string {
  return [`Rânduri greșite în borderou: ${errors.length}`, ...errors.map(formatCsvProblem)].join('\n');
}

export function formatCsvProblems(csv: BorderouCsv): string {
  const out: string[] = [];
  if (csv.errors.length > 0) out.push(formatCsvErrors(csv.errors));
  if (csv.warnings.length > 0) {
    out.push(`Observații la citirea borderoului: ${csv.warnings.length}`);
    out.push(...csv.warnings.map(formatCsvProblem));
  }
  return out.length > 0 ? `${out.join('\n')}\n` : '';
}

export function describeCsv(csv: BorderouCsv): string {
  return `${ENCODING_LABELS[csv.encoding]}, ${delimiterLabel(csv.delimiter)}`;
}
