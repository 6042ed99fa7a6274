/** Types of a parsed borderou (the transmittal list of one batch / day). */

/** One document the registry handed over for scanning. */
export interface BorderouEntry {
  /** Canonical registration number, e.g. `84512/27.09.2021`. */
  registrationNumber: string;
  /** Receiving department ("structura de specialitate"), whitespace-collapsed, comma-below ș ț. */
  department: string;
  /** Expected sheets ("nr. file"), or null when the borderou does not say. */
  expectedSheets: number | null;
  /** ISO `YYYY-MM-DD`: the `data` column when given, else the date part of the registration number. */
  date: string | null;
  /** Free text ("observații"); may hold personal data, so it is never printed on a separator sheet. */
  notes: string | null;
  /** 1-based line of the file where this row starts. */
  line: number;
}

/** Canonical names of the columns the parser understands. */
export type BorderouColumn = 'numar_inregistrare' | 'structura' | 'nr_file' | 'data' | 'observatii';

/** A rejected row (in `errors`) or a value that was neutralised while the row was kept (in `warnings`). */
export interface CsvRowError {
  /** 1-based line of the file where the row starts. */
  line: number;
  /** The column at fault, or null when the whole row is wrong (field count, quoting). */
  column: BorderouColumn | null;
  /** Romanian text for the clerk. */
  reason: string;
}

/** `utf-16le`/`utf-16be`: with a BOM, as Excel writes «Text Unicode» (tab-separated). */
export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'windows-1250' | 'utf-16le' | 'utf-16be';
/** `\t`: a table Excel saved as text delimited by tabs (Windows-1250 or «Text Unicode»). */
export type CsvDelimiter = ';' | ',' | '\t';

export interface BorderouCsv {
  entries: BorderouEntry[];
  errors: CsvRowError[];
  warnings: CsvRowError[];
  encoding: CsvEncoding;
  delimiter: CsvDelimiter;
}
