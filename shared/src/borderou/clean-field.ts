/**
 * Per-field hygiene for values typed in Excel or exported by another system: Romanian letters in
 * their correct form, invisible characters removed, and hostile values (control characters, huge
 * strings, spreadsheet formulas such as `=cmd|' /C calc'!A0`) either rejected or neutralised.
 */

/** Cedilla forms (all that Windows-1250 can hold) → the correct Romanian comma-below letters. */
const CEDILLA_TO_COMMA: Readonly<Record<string, string>> = { 'ş': 'ș', 'Ş': 'Ș', 'ţ': 'ț', 'Ţ': 'Ț' };

/** C0 (except tab/LF/CR), DEL, C1 controls and bidirectional overrides that can disguise text. */
const HOSTILE_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;
const HOSTILE_CONTROL_ALL = new RegExp(HOSTILE_CONTROL.source, 'gu');
/** Zero-width characters and BOMs that copy-paste leaves behind. */
const INVISIBLE = /[\u200b-\u200d\u2060\ufeff]/gu;
/** A cell that a spreadsheet would run as a formula when the data is exported again. */
const FORMULA_START = /^[=+\-@\t\r]/u;

export function fixRomanianLetters(text: string): string {
  return text.normalize('NFC').replace(/[şŞţŢ]/gu, (c) => CEDILLA_TO_COMMA[c] ?? c);
}

/** Collapses runs of whitespace (including line breaks and no-break spaces) to one space. */
export function collapseSpaces(text: string): string {
  return text.replace(/\s+/gu, ' ').trim();
}

export function hasControlCharacters(text: string): boolean {
  return HOSTILE_CONTROL.test(text);
}

export function looksLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/** A short, printable excerpt of a hostile value for an error message. */
export function preview(text: string, max = 40): string {
  const printable = text.replace(HOSTILE_CONTROL_ALL, '\u2400').replace(/\s+/gu, ' ');
  return printable.length > max ? `${printable.slice(0, max)}…` : printable;
}

export type CleanResult = { ok: true; value: string; note: string | null } | { ok: false; reason: string };

/**
 * A short single-line label (a department name): rejected when hostile, since a wrong department
 * would print on a separator sheet and route the paper to the wrong office.
 */
export function cleanLabel(raw: string, label: string, maxLength: number): CleanResult {
  if (hasControlCharacters(raw)) {
    return { ok: false, reason: `${label} conține caractere de control („${preview(raw)}”)` };
  }
  const value = collapseSpaces(fixRomanianLetters(raw.replace(INVISIBLE, '')));
  if (value.length > maxLength) {
    return { ok: false, reason: `${label} este prea lungă (${value.length} caractere; maximum ${maxLength})` };
  }
  if (looksLikeFormula(value)) {
    return { ok: false, reason: `${label} pare o formulă de calcul tabelar („${preview(value)}”) și nu este acceptată` };
  }
  return { ok: true, value, note: null };
}

/**
 * Free text (observații): kept, but neutralised — control characters removed, over-long text cut,
 * a leading formula character escaped with an apostrophe — and each change is reported.
 */
export function cleanFreeText(raw: string, maxLength: number): { value: string; notes: string[] } {
  const notes: string[] = [];
  let value = fixRomanianLetters(raw.replace(INVISIBLE, ''));
  if (hasControlCharacters(value)) {
    value = value.replace(HOSTILE_CONTROL_ALL, '');
    notes.push('caracterele de control au fost eliminate');
  }
  value = collapseSpaces(value);
  if (value.length > maxLength) {
    notes.push(`textul a fost scurtat de la ${value.length} la ${maxLength} caractere`);
    value = value.slice(0, maxLength);
  }
  if (looksLikeFormula(value)) {
    value = `'${value}`;
    notes.push('textul începea ca o formulă de calcul tabelar și a fost neutralizat cu un apostrof');
  }
  return { value, notes };
}
