/**
 * Loads the borderou a batch is checked against, before any page is read: a file with bad rows
 * stops the job (the clerk fixes the CSV) and nothing is written.
 */
import type { BorderouEntry } from '../../../shared/src/borderou/borderou-types.ts';
import type { BorderouCsv } from '../../../shared/src/borderou/parse-borderou-csv.ts';
import { StationError } from '../../../shared/src/errors.ts';
import { formatCsvProblems } from './format-csv-problems.ts';
import { parsePickedBorderou, readBorderouFile } from './read-borderou-file.ts';

export interface LoadedBorderou {
  file: string;
  entries: BorderouEntry[];
  encoding: string;
  delimiter: string;
}

export async function loadBorderou(file: string): Promise<LoadedBorderou> {
  return usableBorderou(await readBorderouFile(file), file);
}

/** `csv`, parsed from `file`, as a batch's borderou: CSV_INVALID naming the file when it has bad rows or no document. */
export function usableBorderou(csv: BorderouCsv, file: string): LoadedBorderou {
  if (csv.errors.length > 0) {
    throw new StationError('CSV_INVALID', `Borderoul ${file} are rânduri greșite; corectați-le și reluați.\n${formatCsvProblems(csv).trimEnd()}`, { file, errors: csv.errors });
  }
  if (csv.entries.length === 0) throw new StationError('CSV_INVALID', `Borderoul ${file} nu conține niciun document.`, { file });
  return { file, entries: csv.entries, encoding: csv.encoding, delimiter: csv.delimiter };
}

/**
 * A borderou the clerk picked in the web app (its bytes and name), checked before it is kept anywhere:
 * every refusal (not a borderou, no table, bad rows, no document) names the file as picked, never the
 * station's copy of it.
 */
export function usablePickedBorderou(bytes: Uint8Array, name: string | undefined): BorderouEntry[] {
  return usableBorderou(parsePickedBorderou(bytes, name), name ? `„${name}”` : 'ales').entries;
}
