/**
 * A set of handover lists made from the web app, in a folder of its own under the batch's
 * `predare` folder, named by the station's local date and time to the second, as the clerk reads
 * it: `2026-12-01_14.03.27`; a second set made in the same second gets `_02`, then `_03`… (padded,
 * so the names sort as made within a second; across the hour the clock goes back in autumn, a set
 * made in the repeated hour sorts among the first one's). The set is written in a hidden folder
 * beside (`.set-<hex>.tmp`) and moved under its name whole: a crash leaves no half set under a
 * clerk's name, and two sets made at once never share a folder. A hidden folder a crash left is
 * removed by a later set once it is an hour old (a set being written is never that old).
 */
import { randomBytes } from 'node:crypto';
import { readdir, rename as fsRename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { StationError } from '../../../shared/src/errors.ts';
import { fsyncDir } from '../fs/atomic-write.ts';
import { stationErrorFromFs } from '../fs/fs-errors.ts';
import { makeDir } from '../fs/make-dir.ts';

/** A set's name: this module's (`_2`… as older stations suffixed), or the millisecond UTC id older stations gave (`20261201T120327-456`). */
export const HANDOVER_SET_NAME = /^(?:\d{4}-\d{2}-\d{2}_\d{2}\.\d{2}\.\d{2}(?:_\d{1,3})?|\d{8}T\d{6}-\d{3})$/;
const MAX_SAME_SECOND = 99;
const HIDDEN_SET = /^\.set-[0-9a-f]+\.tmp$/;
/** A hidden set folder older than this was left by a crash. */
const STALE_HIDDEN_MS = 60 * 60 * 1000;
/** Windows: waits before each new try of a rename an antivirus (or the indexer) refused while it read a new PDF. */
export const WIN32_RENAME_WAITS_MS = [50, 100, 200, 400, 800];
const HELD_ON_WIN32 = new Set(['EPERM', 'EACCES', 'EBUSY']);

const two = (n: number) => String(n).padStart(2, '0');

/** `2026-12-01_14.03.27`: the station's local date and time (no colons: Windows refuses them in names). */
export function handoverSetName(now: Date): string {
  return `${now.getFullYear()}-${two(now.getMonth() + 1)}-${two(now.getDate())}_${two(now.getHours())}.${two(now.getMinutes())}.${two(now.getSeconds())}`;
}

/** A folder under that name holds a set already (an empty one may be taken: nothing is in it). */
function taken(err: unknown): boolean {
  return ['EEXIST', 'ENOTEMPTY', 'EPERM', 'EACCES'].includes((err as NodeJS.ErrnoException).code ?? '');
}

const exists = (p: string) => stat(p).then(() => true, () => false);

/** How the set is moved under its name; a test gives the platform, the rename and the wait. */
export interface SetMoveOptions {
  platform?: NodeJS.Platform;
  rename?: (from: string, to: string) => Promise<void>;
  wait?: (ms: number) => Promise<unknown>;
  /** The clock the hidden folders' age is read against (their mtime). */
  clock?: () => number;
}

/** Hidden set folders in `root` a crash left (an hour old or more): removed; errors ignored (the next set tries again). */
async function removeStaleHidden(root: string, clock: () => number): Promise<void> {
  const names = await readdir(root).catch(() => [] as string[]);
  for (const name of names.filter((n) => HIDDEN_SET.test(n))) {
    const dir = path.join(root, name);
    const st = await stat(dir).catch(() => null);
    if (st?.isDirectory() && clock() - st.mtimeMs >= STALE_HIDDEN_MS) await rm(dir, { recursive: true, force: true }).catch(() => {});
  }
}

/**
 * `rename(from, to)`; on Windows a refusal while the target is absent (EPERM, EACCES, EBUSY: a new
 * PDF still held by an antivirus) is tried again after each of WIN32_RENAME_WAITS_MS.
 */
async function moveSet(from: string, to: string, o: Required<Omit<SetMoveOptions, 'clock'>>): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await o.rename(from, to);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      const retry = o.platform === 'win32' && HELD_ON_WIN32.has(code) && attempt < WIN32_RENAME_WAITS_MS.length && !(await exists(to));
      if (!retry) throw err;
      await o.wait(WIN32_RENAME_WAITS_MS[attempt]!);
    }
  }
}

/**
 * Writes a set with `write(dir)` into a hidden folder under `root`, then moves it under its name
 * (`handoverSetName(now)`, `_02`, `_03`… when taken). Nothing under a set's name when `write` fails.
 */
export async function writeHandoverSet<T>(root: string, now: Date, write: (dir: string) => Promise<T>, opts: SetMoveOptions = {}): Promise<{ set: string; dir: string; result: T }> {
  const o = { platform: opts.platform ?? process.platform, rename: opts.rename ?? fsRename, wait: opts.wait ?? sleep };
  await makeDir(root).catch((err: unknown) => Promise.reject(stationErrorFromFs(err, { path: root, writing: true })));
  await removeStaleHidden(root, opts.clock ?? Date.now);
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
      const set = n === 1 ? base : `${base}_${two(n)}`;
      const dir = path.join(root, set);
      try {
        await moveSet(tmp, dir, o); // atomic; onto a set already there it fails (ENOTEMPTY, EEXIST; EPERM on Windows)
      } catch (err) {
        // EPERM/EACCES with no folder of that name is the disk refusing, not a name taken
        if (taken(err) && (await exists(dir))) continue;
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
