/**
 * Header recognition: `numar_inregistrare`, `Număr înregistrare`, `NR. INREGISTRARE` all name the same
 * column (case, diacritics, spaces and punctuation do not matter). Unknown columns are ignored, which
 * also keeps columns such as «Petent» (personal data) out of everything the station stores.
 */
import type { BorderouColumn } from './borderou-types.ts';

const ALIASES: Record<BorderouColumn, readonly string[]> = {
  numar_inregistrare: ['numarinregistrare', 'nrinregistrare', 'numardeinregistrare', 'nrdeinregistrare', 'numarinreg', 'nrinreg'],
  structura: ['structura', 'structuradespecialitate', 'structuravizata', 'structuracompetenta'],
  nr_file: ['nrfile', 'numarfile', 'nrdefile', 'numardefile', 'file'],
  data: ['data', 'datainregistrare', 'datainregistrarii'],
  observatii: ['observatii', 'obs', 'mentiuni'],
};

export const REQUIRED_COLUMNS: readonly BorderouColumn[] = ['numar_inregistrare', 'structura'];

/** Lower-case ASCII letters and digits only: `Număr înregistrare` → `numarinregistrare`. */
export function headerKey(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export function columnForHeader(name: string): BorderouColumn | null {
  const key = headerKey(name);
  for (const [column, aliases] of Object.entries(ALIASES) as Array<[BorderouColumn, readonly string[]]>) {
    if (aliases.includes(key)) return column;
  }
  return null;
}

export interface HeaderMap {
  /** Field index of each recognised column. */
  index: Partial<Record<BorderouColumn, number>>;
  /** Header names that were not recognised (ignored). */
  ignored: string[];
  /** Columns named twice. */
  repeated: BorderouColumn[];
}

export function mapHeader(fields: readonly string[]): HeaderMap {
  const index: Partial<Record<BorderouColumn, number>> = {};
  const ignored: string[] = [];
  const repeated: BorderouColumn[] = [];
  fields.forEach((name, i) => {
    const column = columnForHeader(name);
    if (column === null) {
      if (name.trim() !== '') ignored.push(name.trim());
    } else if (index[column] !== undefined) {
      repeated.push(column);
    } else {
      index[column] = i;
    }
  });
  return { index, ignored, repeated };
}

export function missingRequired(map: HeaderMap): BorderouColumn[] {
  return REQUIRED_COLUMNS.filter((c) => map.index[c] === undefined);
}
