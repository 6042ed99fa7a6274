/**
 * Writes a file so that a reader never sees half of it: a temporary file in the same folder, fsync,
 * rename over the target, then fsync of the folder. On failure the temporary file is removed and the
 * previous content (if any) is left as it was.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';

export async function writeFileAtomic(target: string, bytes: Uint8Array): Promise<void> {
  const dir = path.dirname(target);
  const tmp = path.join(dir, `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new StationError('OUTPUT_FAILED', `Fișierul ${target} nu a putut fi scris.`, { file: target, cause: (err as NodeJS.ErrnoException).code }, { cause: err });
  }
  await syncDir(dir);
}

/** Makes the rename durable; folders cannot be opened for fsync on Windows, which is fine there. */
async function syncDir(dir: string): Promise<void> {
  let fh;
  try {
    fh = await open(dir, 'r');
    await fh.sync();
  } catch {
    // not supported on this platform / file system
  } finally {
    await fh?.close();
  }
}
