/**
 * The one rule for document ids and file names, applied by the station (to barcode values before
 * they become ids) and by the server (to every id and file name a report carries).
 *
 * Never allowed: control characters, bidirectional controls (U+202E turns `fdp.exe` into
 * `exe.pdf` on screen), zero-width and other invisible characters (U+200B, U+FEFF, …); spaces at the
 * start or end (the station trims spaces off a barcode value and says so in a warning; the server
 * refuses an id that still has them). File names also never hold a folder separator or `..`.
 */

/** Longest document id, in characters (station and server). */
export const DOCUMENT_ID_MAX = 64;
/** Longest file name a report may carry. */
export const FILE_NAME_MAX = 255;

/**
 * C0/C1 controls and DEL; soft hyphen; combining grapheme joiner; Arabic letter mark; Hangul and
 * Khmer fillers; Mongolian selectors; zero-width spaces and joiners, LRM/RLM; line/paragraph
 * separators and the embedding/override controls U+202A–U+202E; word joiner, invisible operators and
 * the isolates U+2066–U+2069; variation selectors; the BOM; interlinear annotation and specials.
 */
const FORBIDDEN_SOURCE = '\\u0000-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5'
  + '\\u180b-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb';
const FORBIDDEN = new RegExp(`[${FORBIDDEN_SOURCE}]|[\\u{e0000}-\\u{e007f}]|\\p{Cs}`, 'u');
const FORBIDDEN_GLOBAL = new RegExp(FORBIDDEN.source, 'gu');
const SPACE_AT_ENDS = /^\s|\s$/u;
const SPACES_AT_ENDS = /^\p{Zs}+|\p{Zs}+$/gu;
/** Characters Windows refuses in a file name (besides the separators). */
const WINDOWS_FORBIDDEN = /[<>:"|?*]/;

/** U+202E */
const codePoint = (ch: string): string => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The first forbidden character of `text`, as `U+202E`, or null. */
export function forbiddenCharacter(text: string): string | null {
  const match = FORBIDDEN.exec(text);
  return match ? codePoint(match[0]) : null;
}

/** `text` with every forbidden character written as `\u202e` (safe to show in a terminal or a log). */
export function escapeForbidden(text: string): string {
  return text.replace(FORBIDDEN_GLOBAL, (ch) => `\\u${ch.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** A barcode value with the spaces at its ends removed (the station's half of the rule). */
export function trimSpaces(value: string): string {
  return value.replace(SPACES_AT_ENDS, '');
}

function textProblem(text: string, max: number): string | null {
  if (text.length === 0) return 'nu poate fi gol';
  if (text.length > max) return `este prea lung (${text.length} caractere; cel mult ${max})`;
  const forbidden = forbiddenCharacter(text);
  if (forbidden) return `conține caracterul ${forbidden} (de control, invizibil sau de schimbare a direcției textului)`;
  if (SPACE_AT_ENDS.test(text)) return 'are spații la început sau la sfârșit';
  return null;
}

/** Why `id` cannot be a document id (Romanian), or null when it can. */
export function documentIdProblem(id: string): string | null {
  return textProblem(id, DOCUMENT_ID_MAX);
}

/** Why `name` cannot be the file name of a document (Romanian), or null when it can. */
export function fileNameProblem(name: string): string | null {
  const problem = textProblem(name, FILE_NAME_MAX);
  if (problem) return problem;
  if (/[/\\]/.test(name)) return 'conține un separator de dosar („/” sau „\\”)';
  if (name.includes('..')) return 'conține „..”';
  const windows = WINDOWS_FORBIDDEN.exec(name);
  if (windows) return `conține caracterul nepermis „${windows[0]}”`;
  return null;
}
