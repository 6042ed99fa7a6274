/**
 * The folder driver hands the consumer a copy of each page file in the batch's work folder, named
 * like every driver's pages (`page-00041.pdf`), so the path stays valid after the original moves to
 * the archive. The copy is written as `*.part` from the bytes the driver hashed when it judged the
 * original (read once: what is copied is what was hashed, so a file changed after that read cannot
 * slip in), flushed, and only then put in place by a hard link (placeWithoutOverwriting: an existing
 * page is never overwritten, even one that appears at the last moment; same inode and mtime, so the
 * copy's stamp taken on the part stays the placed page's). The bytes go on
 * with the page, so the page reader neither reads nor hashes them again. A full disk (the copy, or the
 * journal refusing the made key) is DISK_FULL like every full disk of the station, not a failed copy.
 */
import { lstat, open, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../../shared/src/errors.ts';
import { fsyncDir, placeWithoutOverwriting } from '../../fs/atomic-write.ts';
import { currentStamp, type FileStamp } from '../../fs/file-stamp.ts';
import { diskError, stationErrorFromFs } from '../../fs/fs-errors.ts';
import { sha256Hex } from '../../fs/sha256.ts';
import type { FileIdentity } from './consumed-ledger.ts';

export function pageFileName(index: number, original: string): string {
  return `page-${String(index).padStart(5, '0')}${path.extname(original).toLowerCase()}`;
}

/**
 * Copies `original` to `<workDir>/page-<index>.<ext>` from `held`, its bytes as read when `identity`
 * was taken; without them (an identity known from an earlier read: the resume's sweep) the original
 * is read now and its bytes checked against `identity`. Returns the copy's path, its bytes and its
 * stamp once placed (null when it cannot be had: the page is then never read from the file again), or
 * null when the original no longer has the content described by `identity` (it changed after it was
 * judged stable). `beforePlacing` runs once the copy is whole and flushed, before it takes its name
 * (the driver records there what a restart must know of it).
 */
export async function copyIntoWorkDir(
  original: string,
  identity: FileIdentity,
  workDir: string,
  index: number,
  beforePlacing?: (part: string, target: string) => Promise<void>,
  held?: Buffer,
): Promise<{ file: string; bytes: Buffer; stamp: FileStamp | null } | null> {
  const target = path.join(workDir, pageFileName(index, original));
  const part = `${target}.part`;
  await rm(part, { force: true }); // our own leftover from a crash
  let bytes = held;
  try {
    if (!bytes) {
      bytes = await readFile(original);
      if (sha256Hex(bytes) !== identity.sha256) return null;
    }
    const fh = await open(part, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await beforePlacing?.(part, target);
    await placeWithoutOverwriting(part, target); // never overwrite: EEXIST, even for a page that appeared just now
  } catch (err) {
    await rm(part, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !(await exists(original))) return null;
    // a full disk (the copy's ENOSPC, the made key's SQLITE_FULL), refused rights, a read-only disk: said as such
    const disk = code === 'EEXIST' ? null : diskError(err, { path: workDir, writing: true });
    if (disk) throw disk;
    throw new StationError(
      'OUTPUT_FAILED',
      code === 'EEXIST'
        ? `Pagina ${path.basename(target)} există deja în dosarul lotului. Anunțați administratorul.`
        : 'Fișierul preluat din dosar nu a putut fi copiat în dosarul lotului.',
      { original, target, errno: code },
      { cause: err },
    );
  }
  try {
    await fsyncDir(workDir);
  } catch (err) {
    // the page stands under its name, recorded as made and not confirmed: a resume's sweep removes it
    const said = stationErrorFromFs(err, { path: workDir, writing: true });
    if (said !== err) throw said;
    throw new StationError('OUTPUT_FAILED', 'Discul nu a confirmat salvarea paginii copiate în dosarul lotului. Verificați discul, apoi reluați.', { target, errno: (err as NodeJS.ErrnoException).code }, { cause: err });
  }
  const stamp = await currentStamp(target);
  return { file: target, bytes, stamp: stamp?.size === bytes.length ? stamp : null };
}

async function exists(p: string): Promise<boolean> {
  return lstat(p).then(
    () => true,
    () => false,
  );
}
