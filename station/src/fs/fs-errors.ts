/**
 * Failures of the disk mapped to stable codes and Romanian messages that name the file or folder:
 * out of space (ENOSPC, EDQUOT, SQLITE_FULL) → DISK_FULL, permission denied (EACCES, EPERM) →
 * FILE_ACCESS_DENIED, a file or folder held open by another program (EBUSY: on Windows a sharing
 * violation, Excel or an antivirus holding it; a caller that retries does so before) → FILE_ACCESS_DENIED
 * saying so, a path through a file where a folder should be (ENOTDIR: a file named like the data folder or
 * one of its parents) → FILE_ACCESS_DENIED saying so, read-only file system (EROFS) → READ_ONLY_FS
 * (`diskError`); a failing disk or a
 * stick pulled out (EIO, SQLITE_IOERR_*) → DISK_IO_ERROR (`ioError`, which a caller with a better
 * message of its own — the PDF writer's OUTPUT_FAILED naming the document — leaves out).
 * `stationErrorFromFs` applies both; anything else is passed on. `diskReason` says the same groups
 * (and a file too large for the disk, EFBIG) in a few words, for a message that has its own frame.
 */
import { StationError, isStationError } from '../../../shared/src/errors.ts';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const DENIED = new Set(['EACCES', 'EPERM']);
/** Held open by another program: libuv's EBUSY for Windows' ERROR_SHARING_VIOLATION and ERROR_LOCK_VIOLATION. */
const HELD = 'EBUSY';
const READ_ONLY = new Set(['EROFS', 'SQLITE_READONLY']);
/** A part of the path is a file, not a folder. */
const NOT_A_FOLDER = 'ENOTDIR';
/** SQLite's I/O errors come with their extended code (SQLITE_IOERR_WRITE, SQLITE_IOERR_FSYNC …). */
const failing = (code: string) => code === 'EIO' || code.startsWith('SQLITE_IOERR');

export interface FsErrorContext {
  /** The path to name when the error carries none. */
  path?: string;
  /** The path to name even when the error carries one (a temporary file's name means nothing to the clerk). */
  file?: string;
  /** How the clerk called it (e.g. the --out value as typed). */
  shown?: string;
  writing?: boolean;
}

/** The StationError for a disk failure, or null when `err` is not one. */
export function diskError(err: unknown, ctx: FsErrorContext = {}): StationError | null {
  if (isStationError(err)) return null;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return null;
  const { where, named, details } = located(err as NodeJS.ErrnoException, code, ctx);
  if (FULL.has(code)) {
    return new StationError('DISK_FULL', `Discul este plin${where}: nu mai este loc pentru fișierele lotului. Eliberați spațiu sau alegeți alt dosar, apoi reluați; nu s-a pierdut nimic din ce era deja salvat.`, details, { cause: err });
  }
  if (DENIED.has(code)) {
    return new StationError('FILE_ACCESS_DENIED', `Acces refuzat${where}: stația nu are dreptul să ${ctx.writing === false ? 'citească' : 'scrie'} acolo. Alegeți alt dosar sau cereți drepturi de ${ctx.writing === false ? 'citire' : 'scriere'}.`, details, { cause: err });
  }
  if (code === HELD) {
    const what = named ? `Fișierul sau dosarul „${named}”` : 'Un fișier sau dosar';
    return new StationError('FILE_ACCESS_DENIED', `${what} este ținut deschis de alt program (Excel, un antivirus care îl verifică?): `
      + `stația nu îl poate ${ctx.writing === false ? 'citi' : 'scrie'}. Închideți programul care îl ține deschis, apoi încercați din nou.`, details, { cause: err });
  }
  if (code === NOT_A_FOLDER) {
    return new StationError('FILE_ACCESS_DENIED', `Calea${where} trece printr-un fișier acolo unde ar trebui să fie un dosar: stația nu poate ${ctx.writing === false ? 'citi' : 'scrie'} acolo. `
      + 'Alegeți alt dosar sau mutați fișierul care poartă numele dosarului.', details, { cause: err });
  }
  if (READ_ONLY.has(code)) {
    return new StationError('READ_ONLY_FS', `Discul sau dosarul${where} este doar pentru citire (stick blocat, partajare fără drept de scriere?). Alegeți alt dosar.`, details, { cause: err });
  }
  return null;
}

/** DISK_IO_ERROR for an input/output error of the disk (EIO, SQLite's I/O errors), or null. */
export function ioError(err: unknown, ctx: FsErrorContext = {}): StationError | null {
  if (isStationError(err)) return null;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !failing(code)) return null;
  const { where, details } = located(err as NodeJS.ErrnoException, code, ctx);
  const what = ctx.writing === true ? 'scriere' : ctx.writing === false ? 'citire' : 'citire sau scriere';
  return new StationError('DISK_IO_ERROR', `Discul a dat o eroare de ${what}${where} (stick scos, disc defect, partajare căzută?). Verificați discul sau alegeți alt dosar, apoi reluați.`, details, { cause: err });
}

/** Why the disk refused, in a few Romanian words (lower case, no full stop), or undefined for another code. */
export function diskReason(code: string | undefined): string | undefined {
  if (code === undefined) return undefined;
  if (FULL.has(code)) return 'discul este plin';
  if (DENIED.has(code)) return 'acces refuzat';
  if (code === HELD) return 'fișierul sau dosarul este ținut deschis de alt program';
  if (code === NOT_A_FOLDER) return 'o parte a căii este un fișier, nu un dosar';
  if (READ_ONLY.has(code)) return 'discul este doar pentru citire';
  if (failing(code)) return 'eroare de citire sau scriere a discului';
  if (code === 'EFBIG') return 'fișierul depășește mărimea permisă pe acest disc';
  return undefined;
}

/** `err` as a StationError when it is a disk failure (`diskError` or `ioError`); otherwise `err` unchanged. */
export function stationErrorFromFs(err: unknown, ctx: FsErrorContext = {}): unknown {
  return diskError(err, ctx) ?? ioError(err, ctx) ?? err;
}

function located(err: NodeJS.ErrnoException, code: string, ctx: FsErrorContext) {
  const at = ctx.file ?? err.path ?? ctx.path;
  const named = at ?? ctx.shown;
  const where = named ? ` („${named}”)` : '';
  return { where, named, details: { errno: code, ...(at ? { path: at } : {}), syscall: err.syscall } };
}
