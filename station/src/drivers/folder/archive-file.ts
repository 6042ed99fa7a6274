/**
 * Moves a consumed file into the archive folder, keeping its sub-folders, never overwriting and
 * never deleting: a name already taken gets ` (2)`, ` (3)`... (scanners restart their counters),
 * and across file systems the file is copied (exclusive create), flushed with its folder entry, and
 * only then unlinked.
 *
 * A rename is not followed by folder flushes: the ledger entry, durable before the move, is what
 * records the file as taken. A power cut that undoes the rename leaves the file in the watched folder
 * with its key in the ledger, and the next scan archives it as recovered without taking it again;
 * either name survives, never neither. (Two folder fsyncs a page fewer on the hand-over's serial path.)
 */
import { constants } from 'node:fs';
import { copyFile, lstat, mkdir, open, rename, unlink } from 'node:fs/promises';
import path from 'node:path';

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
}

async function fsyncPath(p: string, flags: 'r' | 'r+'): Promise<void> {
  if (process.platform === 'win32' && flags === 'r') return; // folders cannot be opened for fsync there
  const fh = await open(p, flags);
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export async function freeName(target: string): Promise<string> {
  if (!(await exists(target))) return target;
  const ext = path.extname(target);
  const stem = target.slice(0, target.length - ext.length);
  for (let n = 2; ; n++) {
    const candidate = `${stem} (${n})${ext}`;
    if (!(await exists(candidate))) return candidate;
  }
}

/**
 * Moves `file` (inside `watchedRoot`) to `<archiveDir>/<its path relative to watchedRoot>`.
 * Returns the archived path.
 */
export async function archiveFile(file: string, watchedRoot: string, archiveDir: string): Promise<string> {
  const relative = path.relative(watchedRoot, file);
  const wanted = path.join(archiveDir, relative.startsWith('..') ? path.basename(file) : relative);
  await mkdir(path.dirname(wanted), { recursive: true });
  const target = await freeName(wanted);
  try {
    await rename(file, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    await copyFile(file, target, constants.COPYFILE_EXCL);
    await fsyncPath(target, 'r+');
    await fsyncPath(path.dirname(target), 'r'); // the copy's name is durable before the original goes
    await unlink(file);
    await fsyncPath(path.dirname(file), 'r');
  }
  return target;
}
