/**
 * Data that only the service's own user may read: data folders 0700, SQLite files 0600 (with their
 * `-wal`, `-shm` and `-journal` companions, which SQLite creates with the database file's mode).
 * On Windows the modes mean nothing and are skipped (the profile folder is already private).
 */
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';
import { StationError } from './errors.ts';

const POSIX = process.platform !== 'win32';

/**
 * Creates `dir` (and missing parents) and makes `dir` itself 0700. A folder every user may write in
 * (world-writable or sticky, such as /tmp) is refused, never tightened: making it 0700 would lock
 * every other user and service of the machine out of it.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (!POSIX) return;
  if ((statSync(dir).mode & 0o1002) !== 0) {
    throw new StationError(
      'CONFIG_INVALID',
      `Dosarul de date „${dir}” este comun tuturor utilizatorilor calculatorului (oricine poate scrie în el): alegeți un dosar propriu, de exemplu un subdosar al lui.`,
      { dir },
    );
  }
  chmodSync(dir, 0o700);
}

/** Makes `file` 0600, creating it empty when missing (so nothing ever exists with a wider mode). */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  if (POSIX) chmodSync(file, 0o600);
}

/** Before opening a SQLite database: its folder 0700, the file and any companions 0600. */
export function preparePrivateDatabase(dir: string, file: string): void {
  ensurePrivateDir(dir);
  ensurePrivateFile(file);
  if (!POSIX) return;
  for (const suffix of ['-wal', '-shm', '-journal']) {
    if (existsSync(`${file}${suffix}`)) chmodSync(`${file}${suffix}`, 0o600);
  }
}
