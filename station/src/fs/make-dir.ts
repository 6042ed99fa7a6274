/**
 * `mkdir -p` whose failure names the real cause. Node 20's recursive mkdir reports ENOENT for a
 * folder it could not make on a read-only disk (EROFS), which reads as «a folder is missing»; the
 * first missing folder is then made on its own, and its own error (EROFS, EACCES, ENOSPC) is thrown;
 * a folder another maker made meanwhile (EEXIST, a directory) is not an error.
 */
import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';

/** Like `mkdir(dir, { recursive: true })`: the first folder it made, or undefined when `dir` existed. */
export async function makeDir(dir: string): Promise<string | undefined> {
  try {
    return await mkdir(dir, { recursive: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    let missing = path.resolve(dir);
    for (;;) {
      const up = path.dirname(missing);
      if (up === missing) throw err;
      if (await stat(up).then(() => true, () => false)) break;
      missing = up;
    }
    // its own error is the cause; EEXIST is a concurrent maker's folder (made since the check): go on
    const made = await mkdir(missing).then(() => true, async (e: unknown) => {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST' && (await stat(missing).then((s) => s.isDirectory(), () => false))) return false;
      throw e;
    });
    const rest = await mkdir(dir, { recursive: true });
    return made ? missing : rest;
  }
}
