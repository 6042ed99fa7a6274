/**
 * Decides whether a barcode value marks a separator sheet.
 * Registration-number separators give the document its id; generic separators (e.g. PATCHT)
 * give sequential ids. Values with control characters or absurd lengths never count.
 */
export const DEFAULT_SEPARATOR_PATTERN = '^\\d{1,8}/\\d{2}\\.\\d{2}\\.\\d{4}$';
export const MAX_SEPARATOR_VALUE_LENGTH = 128;

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

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

/** True when a value is safe to treat as a separator at all (before any rule). */
export function isPlausibleValue(value: string): boolean {
  return value.length > 0 && value.length <= MAX_SEPARATOR_VALUE_LENGTH && !CONTROL.test(value);
}

export function matchSeparator(rule: SeparatorRule, value: string): SeparatorMatch | null {
  if (!isPlausibleValue(value)) return null;
  if (rule.genericValues.has(value)) return { kind: 'generic', value };
  rule.pattern.lastIndex = 0;
  if (rule.pattern.test(value)) return { kind: 'registration', id: value };
  return null;
}

/** A printable, bounded preview of an untrusted value for warnings and logs. */
export function previewValue(value: string, max = 40): string {
  const cleaned = Array.from(value.slice(0, max * 2))
    .map((ch) => (CONTROL.test(ch) ? `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}` : ch))
    .join('');
  const cut = cleaned.length > max ? `${cleaned.slice(0, max)}…` : cleaned;
  return value.length > max * 2 ? `${cut} (${value.length} caractere)` : cut;
}
