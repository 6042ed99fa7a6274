/**
 * What says a file on disk is still the one read: its size, mtime, ctime and inode as they were when
 * its bytes were read. A rewrite (other bytes, even of the same size), a truncation, a `touch` or a
 * rename of another file over it changes at least one of them (ctime cannot be set back by a user).
 */
import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';

export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
}

function stampOf(s: Stats): FileStamp {
  return { size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs, ino: s.ino };
}

export function sameStamp(a: FileStamp, b: FileStamp): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;
}

/** The file's stamp now (a stat), null when it cannot be had (gone, unreadable). */
export async function currentStamp(file: string): Promise<FileStamp | null> {
  return stat(file).then(stampOf, () => null);
}

/**
 * The file's bytes and, when they are certainly what the file held, its stamp: the same (fstat of the
 * open file) before and after the read, and the size the bytes have. A file written while it was read
 * gets no stamp (its bytes are still the page's; only a route that reads the file again is closed).
 */
export async function readStamped(file: string): Promise<{ bytes: Uint8Array; stamp: FileStamp | null }> {
  const fh = await open(file, 'r');
  try {
    const before = stampOf(await fh.stat());
    const bytes = await fh.readFile();
    const after = stampOf(await fh.stat());
    return { bytes, stamp: sameStamp(before, after) && after.size === bytes.length ? after : null };
  } finally {
    await fh.close();
  }
}
