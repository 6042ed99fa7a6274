/**
 * A set of handover lists made from the web app, in a folder of its own under the batch's
 * `predare` folder, named by the station's local date and time to the second, as the clerk reads
 * it and sorted as made: `2026-12-01_14.03.27`; a second set made in the same second gets `_2`, then
 * `_3`. The set is written in a hidden folder beside and moved under its name whole: a crash leaves
 * no half set under a clerk's name, and two sets made at once never share a folder.
 */
import { randomBytes } from 'node:crypto';
import { rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import { fsyncDir } from '../fs/atomic-write.ts';
import { stationErrorFromFs } from '../fs/fs-errors.ts';
import { makeDir } from '../fs/make-dir.ts';

/** A set's name: this module's, or the millisecond UTC id older stations gave (`20261201T120327-456`). */
export const HANDOVER_SET_NAME = /^(?:\d{4}-\d{2}-\d{2}_\d{2}\.\d{2}\.\d{2}(?:_\d{1,3})?|\d{8}T\d{6}-\d{3})$/;
const MAX_SAME_SECOND = 999;

const two = (n: number) => String(n).padStart(2, '0');

/** `2026-12-01_14.03.27`: the station's local date and time (no colons: Windows refuses them in names). */
export function handoverSetName(now: Date): string {
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}_${two(now.getHours())}.${two(now.getMinutes())}.${two(now.getSeconds())}`;
}

/** A folder under that name holds a set already (an empty one may be taken: nothing is in it). */
function taken(err: unknown): boolean {
  return ['EEXIST', 'ENOTEMPTY', 'EPERM', 'EACCES'].includes((err as NodeJS.ErrnoException).code ?? '');
}

/**
 * Writes a set with `write(dir)` into a hidden folder under `root`, then moves it under its name
 * (`handoverSetName(now)`, `_2`, `_3`… when taken). Nothing under a set's name when `write` fails.
 */
export async function writeHandoverSet<T>(root: string, now: Date, write: (dir: string) => Promise<T>): Promise<{ set: string; dir: string; result: T }> {
  await makeDir(root).catch((err: unknown) => Promise.reject(stationErrorFromFs(err, { path: root, writing: true })));
  const tmp = path.join(root, `.set-${randomBytes(6).toString('hex')}.tmp`);
  let result: T;
  try {
    result = await write(tmp);
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
  const base = handoverSetName(now);
  try {
    for (let n = 1; n <= MAX_SAME_SECOND; n++) {
      const set = n === 1 ? base : `${base}_${n}`;
      const dir = path.join(root, set);
      try {
        await rename(tmp, dir); // atomic; onto a set already there it fails (ENOTEMPTY, EEXIST; EPERM on Windows)
      } catch (err) {
        // EPERM/EACCES with no folder of that name is the disk refusing, not a name taken
        if (taken(err) && (await stat(dir).then(() => true, () => false))) continue;
        throw stationErrorFromFs(err, { file: dir, writing: true });
      }
      await fsyncDir(root);
      return { set, dir, result };
    }
    throw new StationError('OUTPUT_NOT_EMPTY', `În dosarul „${root}” există deja ${MAX_SAME_SECOND} seturi de liste de predare făcute în aceeași secundă. Încercați din nou peste o secundă.`, { root });
  } catch (err) {
    await rm(tmp, { recursive: true, force: true }).catch(() => {});
    throw err;
  }
}
