/**
 * Decides whether a barcode value marks a separator sheet.
 * Registration-number separators give the document its id; generic separators (e.g. PATCHT)
 * give sequential ids. Spaces at the ends of a value are trimmed first (the barcode stage says so
 * in a warning); a value that then breaks the shared document-id rule (control, invisible or
 * bidirectional characters, longer than DOCUMENT_ID_MAX — the server's limit too) never counts.
 */
import { DOCUMENT_ID_MAX, documentIdProblem, escapeForbidden, forbiddenCharacter, trimSpaces } from '../../../shared/src/document-names.ts';

export const DEFAULT_SEPARATOR_PATTERN = '^\\d{1,8}/\\d{2}\\.\\d{2}\\.\\d{4}$';
export const MAX_SEPARATOR_VALUE_LENGTH = DOCUMENT_ID_MAX;

export type SeparatorMatch =
  | { kind: 'registration'; id: string }
  | { kind: 'generic'; value: string };

export interface SeparatorRule {
  pattern: RegExp;
  genericValues: ReadonlySet<string>;
}

export function makeSeparatorRule(pattern: string, genericValues: readonly string[]): SeparatorRule {
  return { pattern: new RegExp(pattern, 'u'), genericValues: new Set(genericValues) };
}

/**
 * Beyond this length a barcode value is reported as ignored (absurd); an ordinary long value (an
 * invoice QR with a URL) is simply not a separator, since an id has at most DOCUMENT_ID_MAX characters.
 */
export const ABSURD_VALUE_LENGTH = 128;

/** False for a hostile or absurd value (control, invisible or bidi characters; empty; huge): it is reported. */
export function isPlausibleValue(value: string): boolean {
  const trimmed = trimSpaces(value);
  return trimmed.length > 0 && value.length <= ABSURD_VALUE_LENGTH && forbiddenCharacter(value) === null;
}

/** True when the value had spaces at its ends that the rule trimmed off. */
export function hadSpacesTrimmed(value: string): boolean {
  return trimSpaces(value) !== value;
}

/** The value a separator's barcode carried (spaces at its ends trimmed): a registration number or a generic value. */
export function separatorValue(m: SeparatorMatch): string {
  return m.kind === 'registration' ? m.id : m.value;
}

export function matchSeparator(rule: SeparatorRule, raw: string): SeparatorMatch | null {
  const value = trimSpaces(raw);
  if (documentIdProblem(value) !== null) return null;
  if (rule.genericValues.has(value)) return { kind: 'generic', value };
  rule.pattern.lastIndex = 0;
  if (rule.pattern.test(value)) return { kind: 'registration', id: value };
  return null;
}

/** A printable, bounded preview of an untrusted value for warnings and logs. */
export function previewValue(value: string, max = 40): string {
  const cleaned = escapeForbidden(value.slice(0, max * 2));
  const cut = cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
  return value.length > max * 2 ? `${cut} (${value.length} caractere)` : cut;
}
