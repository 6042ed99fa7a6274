/**
 * Failures of the disk mapped to stable codes and Romanian messages that name the file or folder:
 * out of space (ENOSPC, EDQUOT, SQLITE_FULL) → DISK_FULL, permission denied (EACCES, EPERM) →
 * FILE_ACCESS_DENIED, read-only file system (EROFS) → READ_ONLY_FS. Anything else is passed on.
 */
import { StationError, isStationError } from '../../../shared/src/errors.ts';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'SQLITE_FULL']);
const DENIED = new Set(['EACCES', 'EPERM']);
const READ_ONLY = new Set(['EROFS', 'SQLITE_READONLY']);

export interface FsErrorContext {
  /** The path to name when the error carries none. */
  path?: string;
  /** How the clerk called it (e.g. the --out value as typed). */
  shown?: string;
  writing?: boolean;
}

/** The StationError for a disk failure, or null when `err` is not one. */
export function diskError(err: unknown, ctx: FsErrorContext = {}): StationError | null {
  if (isStationError(err)) return null;
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string') return null;
  const at = (err as NodeJS.ErrnoException).path ?? ctx.path;
  const where = at ? ` („${at}”)` : ctx.shown ? ` („${ctx.shown}”)` : '';
  const details = { errno: code, ...(at ? { path: at } : {}), syscall: (err as NodeJS.ErrnoException).syscall };
  if (FULL.has(code)) {
    return new StationError('DISK_FULL', `Discul este plin${where}: nu mai este loc pentru fișierele lotului. Eliberați spațiu sau alegeți alt dosar, apoi reluați; nu s-a pierdut nimic din ce era deja salvat.`, details, { cause: err });
  }
  if (DENIED.has(code)) {
    return new StationError('FILE_ACCESS_DENIED', `Acces refuzat${where}: stația nu are dreptul să ${ctx.writing === false ? 'citească' : 'scrie'} acolo. Alegeți alt dosar sau cereți drepturi de scriere.`, details, { cause: err });
  }
  if (READ_ONLY.has(code)) {
    return new StationError('READ_ONLY_FS', `Discul sau dosarul${where} este doar pentru citire (stick blocat, partajare fără drept de scriere?). Alegeți alt dosar.`, details, { cause: err });
  }
  return null;
}

/** `err` as a StationError when it is a disk failure; otherwise `err` unchanged. */
export function stationErrorFromFs(err: unknown, ctx: FsErrorContext = {}): unknown {
  return diskError(err, ctx) ?? err;
}
