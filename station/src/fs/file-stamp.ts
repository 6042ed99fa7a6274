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

/** The most bytes one read may ask for (libuv's and Node's bound). */
const MAX_READ = 2 ** 31 - 1;

/**
 * The file's bytes and, when they are certainly what the file held, its stamp: taken (fstat of the
 * open file) before the bytes are read, and only when the bytes have the size it says. Whoever reads
 * the file again trusting these bytes compares the file's stamp then with this one (`currentStamp`):
 * a write during the read or after it moved its mtime or ctime (or size), so it is caught there; a
 * file that grew while it was read gets no stamp (its bytes, to its end, are still the page's).
 *
 * Four operations of the thread pool: open, fstat, one read of the whole file (asking one byte
 * more than its size, to see its end at once), close. (`FileHandle.readFile` took two to three
 * more, each one ~45 µs of CPU; 2 Dec 2026.)
 */
export async function readStamped(file: string): Promise<{ bytes: Uint8Array; stamp: FileStamp | null }> {
  const fh = await open(file, 'r');
  try {
    const before = stampOf(await fh.stat());
    // past what one read may ask (2 GiB − 1), refused before any memory is taken, as readFile refused it
    if (before.size >= MAX_READ) throw Object.assign(new RangeError(`File size (${before.size}) is greater than 2 GiB`), { code: 'ERR_FS_FILE_TOO_LARGE' });
    let buf = Buffer.allocUnsafeSlow(before.size + 1);
    let got = 0;
    for (;;) {
      const { bytesRead } = await fh.read(buf, got, buf.length - got, got);
      got += bytesRead;
      // the end: nothing more, or less than asked once the size it had is reached (a short read before that is read on)
      if (bytesRead === 0 || (got < buf.length && got >= before.size)) break;
      if (got === buf.length) {
        const more = Buffer.allocUnsafeSlow(buf.length * 2);
        buf.copy(more, 0, 0, got);
        buf = more;
      }
    }
    const bytes = buf.subarray(0, got);
    return { bytes, stamp: got === before.size ? before : null };
  } finally {
    await fh.close();
  }
}
