/** How a borderou's encoding and delimiter are named to the clerk (the station's terminal, the registry's page). */
import type { CsvDelimiter, CsvEncoding } from './borderou-types.ts';

export const ENCODING_LABELS: Readonly<Record<CsvEncoding, string>> = {
  'utf-8': 'UTF-8',
  'utf-8-bom': 'UTF-8 cu BOM',
  'windows-1250': 'Windows-1250',
  'utf-16le': 'UTF-16',
  'utf-16be': 'UTF-16',
};

/** The encoding's name; one the labels do not know (a newer server's) as it is. */
export const encodingLabel = (encoding: string): string => ENCODING_LABELS[encoding as CsvEncoding] ?? encoding;

/** «separator „;”», «separator tabulator» (a tab between quotes would show as a blank). */
export const delimiterLabel = (delimiter: CsvDelimiter | string): string => (delimiter === '\t' ? 'separator tabulator' : `separator „${delimiter}”`);
