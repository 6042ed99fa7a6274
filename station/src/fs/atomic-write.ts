/**
 * Atomic file writes: temp file in the same folder, fsync, rename, fsync of the folder.
 * A crash leaves either the old file or the new one, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { link, lstat, open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import { diskError, diskReason } from './fs-errors.ts';

export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // directories cannot be opened for fsync on Windows
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export function tempNameFor(target: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${randomBytes(4).toString('hex')}.tmp`);
}

/**
 * @param opts.overwrite false: an existing `target` is never replaced (the new file is linked into
 *   place, which fails with EEXIST instead of overwriting, even if it appeared meanwhile).
 */
/**
 * Hard links are refused by FAT USB sticks and some network shares: then check, and rename. Windows
 * says so of a FAT or exFAT disk with «invalid function», which libuv reports as EISDIR (link() never
 * gives EISDIR on Linux).
 */
export const NO_HARD_LINKS: ReadonlySet<string> = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'ENOSYS', 'EMLINK', 'EXDEV', 'EISDIR']);

/** Moves `tmp` to `target` unless `target` exists (EEXIST), leaving no trace of `tmp`. */
export async function placeWithoutOverwriting(tmp: string, target: string): Promise<void> {
  let linked = false;
  try {
    await link(tmp, target); // atomic: fails if target appeared, even at the last moment
    linked = true;
  } catch (err) {
    if (!NO_HARD_LINKS.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
  // placed: a temporary name another program holds open (Windows refuses its removal) stays, hidden,
  // rather than the placed file being taken for one that was there already
  if (linked) return void (await rm(tmp, { force: true }).catch(() => undefined));
  if (await lstat(target).then(() => true, () => false)) throw Object.assign(new Error(`EEXIST: ${target}`), { code: 'EEXIST', path: target });
  await rename(tmp, target);
}

/** Which file a name stands for: a hard link or a rename keeps them (the size too: an inode number freed and reused is not the same file). */
interface FileId {
  dev: number;
  ino: number;
  size: number;
}

export async function writeFileAtomic(target: string, data: Uint8Array | string, opts: { overwrite?: boolean } = {}): Promise<void> {
  await placeFileAtomic(target, data, opts);
  await fsyncDir(path.dirname(target));
}

/**
 * `writeFileAtomic` without the folder's fsync: the file whole under its name, or no file and no
 * temporary one. Returns the file's device and inode, which the name keeps once placed.
 */
async function placeFileAtomic(target: string, data: Uint8Array | string, opts: { overwrite?: boolean }): Promise<FileId> {
  const tmp = tempNameFor(target);
  const fh = await open(tmp, 'wx');
  let id: FileId;
  try {
    await fh.writeFile(data);
    await fh.sync();
    const st = await fh.stat();
    id = { dev: st.dev, ino: st.ino, size: st.size };
  } catch (err) {
    await fh.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  await fh.close();
  try {
    if (opts.overwrite === false) await placeWithoutOverwriting(tmp, target);
    else await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return id;
}

/** The clerk's own file is never overwritten: a clear error instead. */
export function outputExistsError(target: string): StationError {
  return new StationError('OUTPUT_NOT_EMPTY', `Fișierul „${target}” există deja. Alegeți alt nume sau alt dosar: nu suprascriem nimic.`, { file: target });
}

/** The folder's fsync, which a test replaces (a disk refusing it cannot be made on demand). */
export interface OutputFileIo {
  syncFolder(dir: string): Promise<void>;
}

/**
 * `writeFileAtomic` for files the clerk asked for, never replacing an existing file (OUTPUT_NOT_EMPTY);
 * a disk that refused is said as `diskError` says it (DISK_FULL, FILE_ACCESS_DENIED, READ_ONLY_FS),
 * naming the file; any other failure is OUTPUT_FAILED naming the file (and why, when `diskReason` knows).
 * Either way no file is left: when the folder's fsync fails after the file took its name, the file is
 * removed again (its name may not last a crash; a rerun writes it once). Only if that removal fails too
 * does the error say the file stayed (OUTPUT_FAILED, `details.left`), for the clerk to check and remove.
 * The name is removed only while it still stands for the file written here (a file, same device, inode and size):
 * another program's file renamed onto it meanwhile is left untouched (`details.replaced`).
 */
export async function writeOutputFile(target: string, data: Uint8Array | string, io: OutputFileIo = { syncFolder: fsyncDir }): Promise<void> {
  let written: FileId;
  try {
    written = await placeFileAtomic(target, data, { overwrite: false });
  } catch (err) {
    throw outputError(target, err);
  }
  try {
    await io.syncFolder(path.dirname(target));
  } catch (err) {
    const now = await lstat(target).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : undefined));
    if (now === null) throw outputError(target, err); // gone already: nothing stayed
    const why = diskReason((err as NodeJS.ErrnoException).code);
    if (now !== undefined && (!now.isFile() || now.dev !== written.dev || now.ino !== written.ino || now.size !== written.size)) {
      throw new StationError('OUTPUT_FAILED', `Fișierul „${target}” a fost scris, dar discul nu a confirmat salvarea lui${why ? ` (${why})` : ''}, iar între timp alt fișier `
        + 'i-a luat numele; acela a fost lăsat neatins: verificați fișierul înainte de a relua.', { file: target, errno: (err as NodeJS.ErrnoException).code, left: false, replaced: true }, { cause: err });
    }
    if (now !== undefined && (await rm(target).then(() => true, () => false))) throw outputError(target, err);
    throw new StationError('OUTPUT_FAILED', `Fișierul „${target}” a fost scris, dar discul nu a confirmat salvarea lui${why ? ` (${why})` : ''} și nu a putut fi șters: `
      + 'verificați discul și ștergeți fișierul înainte de a relua.', { file: target, errno: (err as NodeJS.ErrnoException).code, left: true }, { cause: err });
  }
}

function outputError(target: string, err: unknown): StationError {
  const errno = (err as NodeJS.ErrnoException).code;
  if (errno === 'EEXIST') return outputExistsError(target);
  const disk = diskError(err, { file: target, writing: true });
  if (disk) return disk;
  const why = diskReason(errno);
  return new StationError('OUTPUT_FAILED', `Fișierul „${target}” nu a putut fi scris${why ? ` (${why})` : ''}; nu a rămas niciun fișier parțial. Verificați dosarul și discul, apoi reluați.`,
    { file: target, errno }, { cause: err });
}
