import { StationError, type ErrorCode } from '../../../shared/src/errors.ts';

/**
 * A problem found deep inside the PDF reader, before it is known which file and page it concerns.
 * It never leaves this folder: `toStationError` turns it into the one error type, naming file and page.
 */
export class PdfInputProblem extends Error {
  readonly code: 'INPUT_CORRUPT' | 'INPUT_UNSUPPORTED';
  /** Romanian fragment completing «Fișierul „x”, pagina n: …», e.g. «imaginea este deteriorată». */
  readonly reason: string;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: 'INPUT_CORRUPT' | 'INPUT_UNSUPPORTED', reason: string, details: Record<string, unknown> = {}, options?: { cause?: unknown }) {
    super(reason, options);
    this.code = code;
    this.reason = reason;
    this.details = details;
  }
}

export const corruptImage = (details: Record<string, unknown> = {}, cause?: unknown): PdfInputProblem =>
  new PdfInputProblem('INPUT_CORRUPT', 'imaginea este deteriorată', details, { cause });

/** The error for a whole file: «Fișierul „scan.pdf” este deteriorat sau incomplet.» */
export function fileError(code: ErrorCode, file: string, what: string, cause?: unknown, details: Record<string, unknown> = {}): StationError {
  return new StationError(code, `Fișierul „${file}” ${what}.`, { ...details, file }, { cause });
}

/** The error for one page (1-based): «Fișierul „scan.pdf”, pagina 3: imaginea este deteriorată.» */
export function pageError(code: ErrorCode, file: string, page: number, what: string, details: Record<string, unknown> = {}, cause?: unknown): StationError {
  return new StationError(code, `Fișierul „${file}”, pagina ${page}: ${what}.`, { ...details, file, page }, { cause });
}

/** Anything thrown while reading page `page` (1-based) becomes a StationError naming file and page. */
export function toStationError(err: unknown, file: string, page: number): StationError {
  if (err instanceof StationError) return err;
  if (err instanceof PdfInputProblem) return pageError(err.code, file, page, err.reason, { ...err.details }, err);
  return pageError('INPUT_CORRUPT', file, page, 'pagina este deteriorată', {}, err);
}
