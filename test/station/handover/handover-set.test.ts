/**
 * The web app's handover set folders: named by the station's local date and time to the second,
 * `_02`, `_03` within the same second (made one after the other or at once), whole or absent; hidden
 * folders a crash left removed once an hour old; on Windows a rename an antivirus refused tried again.
 * Real files.
 */
import { mkdir, readdir, rename, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDOVER_SET_NAME, WIN32_RENAME_WAITS_MS, handoverSetName, writeHandoverSet } from '../../../station/src/handover/handover-set.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('handover-set-')));
afterAll(() => cleanup());

/** A year, month… in the station's own time zone, whatever it is. */
const at = new Date(2026, 0, 5, 7, 8, 9, 999);
const list = (name: string) => async (dir: string) => {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, name), 'PDF');
  return name;
};

describe('handover set folders', () => {
  it('are named by the local date and time to the second, sortable and without colons', () => {
    expect(handoverSetName(at)).toBe('2026-01-05_07.08.09');
    for (const name of ['2026-01-05_07.08.09', '2026-01-05_07.08.09_02', '2026-01-05_07.08.09_2', '20261201T120327-456']) expect(HANDOVER_SET_NAME.test(name)).toBe(true);
    for (const name of ['..', '2026-01-05_07.08.09/..', '2026-01-05 07:08:09', '.set-ab.tmp']) expect(HANDOVER_SET_NAME.test(name)).toBe(false);
  });

  it('made in the same second, one after the other and at once: each its own folder, holding its own lists only', async () => {
    const dir = path.join(root, 'same-second');
    const first = await writeHandoverSet(dir, at, list('a.pdf'));
    const rest = await Promise.all(['b.pdf', 'c.pdf', 'd.pdf'].map((n) => writeHandoverSet(dir, at, list(n))));
    const sets = [first, ...rest];
    expect(sets.map((s) => s.set).sort()).toEqual(['2026-01-05_07.08.09', '2026-01-05_07.08.09_02', '2026-01-05_07.08.09_03', '2026-01-05_07.08.09_04']);
    expect(first.set).toBe('2026-01-05_07.08.09');
    for (const s of sets) expect(await readdir(s.dir)).toEqual([s.result]);
    expect((await readdir(dir)).filter((e) => e.startsWith('.'))).toEqual([]);
  });

  it('a set whose writing fails leaves nothing: no folder under a set\'s name, no hidden one', async () => {
    const dir = path.join(root, 'failed');
    const err = await writeHandoverSet(dir, at, async (d) => {
      await list('a.pdf')(d);
      throw new Error('disc plin');
    }).then(() => null, (e: unknown) => e);
    expect((err as Error).message).toBe('disc plin');
    expect(await readdir(dir)).toEqual([]);
  });

  it('from the tenth set in a second on, the names still sort as made (the suffix is padded)', async () => {
    const dir = path.join(root, 'ten');
    const made: string[] = [];
    for (let i = 0; i < 11; i++) made.push((await writeHandoverSet(dir, at, list(`${i}.pdf`))).set);
    expect(made[9]).toBe('2026-01-05_07.08.09_10');
    expect([...made].sort()).toEqual(made); // the old names sorted …_10 and …_11 before …_2
  });

  it('hidden folders a crash left are removed once an hour old; a fresh one (a set being written) stays', async () => {
    const dir = path.join(root, 'leftovers');
    const now = Date.parse('2026-12-01T12:00:00Z');
    const stale = path.join(dir, '.set-0123456789ab.tmp');
    const fresh = path.join(dir, '.set-ba9876543210.tmp');
    for (const d of [stale, fresh]) await list('x.pdf')(d);
    await utimes(stale, new Date(now - 61 * 60_000), new Date(now - 61 * 60_000));
    await utimes(fresh, new Date(now - 59 * 60_000), new Date(now - 59 * 60_000));
    const made = await writeHandoverSet(dir, at, list('a.pdf'), { clock: () => now });
    expect((await readdir(dir)).sort()).toEqual(['.set-ba9876543210.tmp', made.set]); // the old code left both
  });

  it('Windows: a rename an antivirus refused (EBUSY, EPERM, EACCES while the name is free) is tried again after a short wait; elsewhere it is not', async () => {
    const dir = path.join(root, 'antivirus');
    const tries: string[] = [];
    const waits: number[] = [];
    const heldTwice = async (from: string, to: string) => {
      tries.push(path.basename(to));
      if (tries.length <= 2) throw Object.assign(new Error('held'), { code: tries.length === 1 ? 'EBUSY' : 'EPERM' });
      await rename(from, to);
    };
    const made = await writeHandoverSet(dir, at, list('a.pdf'), { platform: 'win32', rename: heldTwice, wait: async (ms) => void waits.push(ms) });
    expect(made.set).toBe('2026-01-05_07.08.09');
    expect(tries).toEqual([made.set, made.set, made.set]);
    expect(waits).toEqual(WIN32_RENAME_WAITS_MS.slice(0, 2));
    expect(await readdir(made.dir)).toEqual(['a.pdf']);

    // held for good: a Romanian error after the last wait, nothing left (no set, no hidden folder)
    const always = async () => Promise.reject(Object.assign(new Error('held'), { code: 'EPERM' }));
    waits.length = 0;
    const other = path.join(root, 'antivirus-always');
    const err = await writeHandoverSet(other, at, list('a.pdf'), { platform: 'win32', rename: always, wait: async (ms) => void waits.push(ms) }).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ name: 'StationError', code: 'FILE_ACCESS_DENIED' });
    expect(waits).toEqual(WIN32_RENAME_WAITS_MS);
    expect(await readdir(other)).toEqual([]);

    // on Linux the same refusal is the disk's answer at once, said in Romanian (the folder held open)
    waits.length = 0;
    tries.length = 0;
    const linux = path.join(root, 'antivirus-linux');
    expect(await writeHandoverSet(linux, at, list('a.pdf'), { platform: 'linux', rename: heldTwice, wait: async (ms) => void waits.push(ms) }).then(() => null, (e: unknown) => e))
      .toMatchObject({ name: 'StationError', code: 'FILE_ACCESS_DENIED', details: { errno: 'EBUSY', path: path.join(linux, '2026-01-05_07.08.09') } });
    expect(tries).toHaveLength(1);
    expect(waits).toEqual([]);
    expect(await readdir(linux)).toEqual([]);
  });
});
