/**
 * RFC 4180 tokenizer: quoted fields may hold the delimiter, doubled quotes and line breaks;
 * records end at CRLF, LF or a lone CR. Each record keeps the 1-based line where it starts,
 * so a bad row can be named by the line the clerk sees in an editor.
 */
import { StationError } from '../errors.ts';

export interface CsvRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  fields: string[];
  /** Set when the record is malformed (text after a closing quote); Romanian. */
  problem: string | null;
}

export function tokenizeCsv(text: string, delimiter: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let quotedField = false;
  let afterClosingQuote = false;
  let problem: string | null = null;
  let line = 1;
  let recordLine = 1;
  let quoteOpenedAt = 0;

  const endField = (): void => {
    fields.push(field);
    field = '';
    quotedField = false;
    afterClosingQuote = false;
  };
  const endRecord = (): void => {
    endField();
    records.push({ line: recordLine, fields, problem });
    fields = [];
    problem = null;
  };

  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else {
          inQuotes = false;
          afterClosingQuote = true;
        }
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
        field += ch;
      }
      continue;
    }
    if (ch === delimiter) {
      endField();
    } else if (ch === '\r' || ch === '\n') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else if (ch === '"' && field === '' && !quotedField) {
      inQuotes = true;
      quotedField = true;
      quoteOpenedAt = line;
    } else {
      if (afterClosingQuote && problem === null) {
        problem = 'text după ghilimelele de închidere ale unui câmp (ghilimelele din interior trebuie dublate: "")';
      }
      field += ch;
    }
  }
  if (inQuotes) {
    throw new StationError('CSV_INVALID', `Ghilimele deschise pe linia ${quoteOpenedAt} nu se mai închid până la sfârșitul fișierului.`, {
      reason: 'unterminated-quote',
      line: quoteOpenedAt,
    });
  }
  // A final line without a line break is still a record; a trailing line break adds nothing.
  if (field !== '' || fields.length > 0 || quotedField) endRecord();
  return records;
}

/** A record with no content at all (an empty line, or `;;;` as Excel writes for an empty row). */
export function isBlankRecord(record: CsvRecord): boolean {
  return record.fields.every((f) => f.trim() === '');
}
