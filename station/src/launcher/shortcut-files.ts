/**
 * Puts the launcher files in place and removes them: atomically (fs/atomic-write.ts), idempotently
 * (a file already as it should be is not written again), and never touching a file
 * `station shortcut` did not write (a file of the same name without its marker stops the install
 * before anything is written, and is left by --remove).
 */
import { chmod, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { makeDir } from '../fs/make-dir.ts';
import type { ShortcutTarget } from './shortcut-places.ts';

export type InstallOutcome = 'written' | 'updated' | 'unchanged' | 'no-folder';
export type RemoveOutcome = 'removed' | 'absent' | 'not-ours';

async function bytesAt(file: string): Promise<Buffer | null> {
  return readFile(file).catch((err: NodeJS.ErrnoException) => (err.code === 'ENOENT' ? null : Promise.reject(err)));
}

const isDir = (dir: string) => stat(dir).then((s) => s.isDirectory(), () => false);

export async function installShortcuts(targets: readonly ShortcutTarget[], platform: NodeJS.Platform = process.platform): Promise<{ target: ShortcutTarget; outcome: InstallOutcome }[]> {
  const found = await Promise.all(targets.map((t) => bytesAt(t.file)));
  const foreign = targets.find((t, i) => found[i] && !t.isOurs(found[i]!));
  if (foreign) {
    throw new StationError('OUTPUT_EXISTS', `Fișierul „${foreign.file}” există deja și nu a fost pus de „station shortcut”: nu îl înlocuim. Mutați-l sau ștergeți-l, apoi rulați din nou comanda.`, { file: foreign.file });
  }
  const results: { target: ShortcutTarget; outcome: InstallOutcome }[] = [];
  for (const [i, t] of targets.entries()) {
    const dir = path.dirname(t.file);
    const before = found[i];
    if (!before && t.folderMustExist && !(await isDir(dir))) {
      results.push({ target: t, outcome: 'no-folder' });
      continue;
    }
    let outcome: InstallOutcome = before ? (before.equals(t.bytes) ? 'unchanged' : 'updated') : 'written';
    if (outcome !== 'unchanged') {
      await makeDir(dir);
      await writeFileAtomic(t.file, t.bytes);
    }
    if (t.mode !== undefined && platform !== 'win32' && ((await stat(t.file)).mode & 0o777) !== t.mode) {
      await chmod(t.file, t.mode);
      if (outcome === 'unchanged') outcome = 'updated';
    }
    results.push({ target: t, outcome });
  }
  return results;
}

export async function removeShortcuts(targets: readonly ShortcutTarget[]): Promise<{ target: ShortcutTarget; outcome: RemoveOutcome }[]> {
  const results: { target: ShortcutTarget; outcome: RemoveOutcome }[] = [];
  for (const t of targets) {
    const bytes = await bytesAt(t.file);
    if (!bytes) results.push({ target: t, outcome: 'absent' });
    else if (!t.isOurs(bytes)) results.push({ target: t, outcome: 'not-ours' });
    else {
      await rm(t.file, { force: true });
      results.push({ target: t, outcome: 'removed' });
    }
  }
  return results;
}
