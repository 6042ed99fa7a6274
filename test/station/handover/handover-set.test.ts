/**
 * The web app's handover set folders: named by the station's local date and time to the second,
 * `_2`, `_3` within the same second (made one after the other or at once), whole or absent. Real files.
 */
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HANDOVER_SET_NAME, handoverSetName, writeHandoverSet } from '../../../station/src/handover/handover-set.ts';
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
    for (const name of ['2026-01-05_07.08.09', '2026-01-05_07.08.09_2', '20261201T120327-456']) expect(HANDOVER_SET_NAME.test(name)).toBe(true);
    for (const name of ['..', '2026-01-05_07.08.09/..', '2026-01-05 07:08:09', '.set-ab.tmp']) expect(HANDOVER_SET_NAME.test(name)).toBe(false);
  });

  it('made in the same second, one after the other and at once: each its own folder, holding its own lists only', async () => {
    const dir = path.join(root, 'same-second');
    const first = await writeHandoverSet(dir, at, list('a.pdf'));
    const rest = await Promise.all(['b.pdf', 'c.pdf', 'd.pdf'].map((n) => writeHandoverSet(dir, at, list(n))));
    const sets = [first, ...rest];
    expect(sets.map((s) => s.set).sort()).toEqual(['2026-01-05_07.08.09', '2026-01-05_07.08.09_2', '2026-01-05_07.08.09_3', '2026-01-05_07.08.09_4']);
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
});
