/**
 * A watched-folder batch killed (kill -9) right after the driver copied a page into the work folder
 * and before the copy was confirmed: the copy stays there unused, its original still in the watched
 * folder and outside the ledger. The state is laid out on disk as such a kill leaves it (no kill,
 * no timing), then `station scan --resume` runs: every page once — the orphan copy is not replayed
 * beside its original handed over again — none lost, every original archived.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { scanCommand } from '../../../station/src/cli/scan-command.ts';
import { openStationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { contentKey, describeFile, fileKey } from '../../../station/src/drivers/folder/consumed-ledger.ts';
import { createConsumedFilesLedger } from '../../../station/src/journal/consumed-files-ledger.ts';
import { workDirOf } from '../../../station/src/scan/scan-session.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { contentPage, toPng } from '../../support/make-pages.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { archivedFiles } from '../drivers/folder/folder-test-helpers.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('resume-orphan-')));
afterAll(() => cleanup());

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

describe('station scan --resume after a kill between hand-over copy and confirmation', () => {
  it('counts the page of the orphan copy once, loses none, archives every original', async () => {
    const dataDir = path.join(root, 'data');
    const folder = path.join(root, 'ghiseu');
    const outDir = path.join(root, 'documente');
    const work = workDirOf(dataDir, 'LOT-K');
    await mkdir(folder, { recursive: true });
    await mkdir(work, { recursive: true });
    const pages = new Map<string, Buffer>();
    for (const [i, name] of ['p1.png', 'p2.png', 'p3.png'].entries()) {
      const body = await toPng(await contentPage(100, i + 1));
      pages.set(name, body);
      await writeFile(path.join(folder, name), body);
    }

    const station = openStationContext(loadConfig({ env: { STATION_DATA_DIR: dataDir }, cwd: root }));
    try {
      station.journal.start({
        id: 'LOT-K', kind: 'scan', outDir, workDir: work,
        options: { duplex: false, removeBlank: false, genericSeparators: [], separation: 'sheet', driver: 'folder', request: { device: folder, source: 'adf', resolution: 100, mode: 'gray', options: {} } },
      });
      // p1 was handed over and confirmed: its copy is page 1, its keys are in the ledger, the original is archived
      const ledger = createConsumedFilesLedger(station.db);
      const p1 = await describeFile(path.join(folder, 'p1.png'), folder);
      ledger.markConsumed([fileKey(p1), contentKey(p1)]);
      await writeFile(path.join(work, 'page-00001.png'), pages.get('p1.png')!);
      const archiveDay = path.join(folder, 'arhiva', '2026-11-30'); // the day of that first run (any day)
      await mkdir(archiveDay, { recursive: true });
      await rename(path.join(folder, 'p1.png'), path.join(archiveDay, 'p1.png'));
      // p2 was copied as page 2 and the station killed before the confirmation: the orphan copy
      await writeFile(path.join(work, 'page-00002.png'), pages.get('p2.png')!);
      // ...and a copy of p3 caught half-written
      await writeFile(path.join(work, 'page-00003.png.part'), pages.get('p3.png')!.subarray(0, 100));
      station.journal.setStatus('LOT-K', 'paused', { code: 'CANCELLED', message: 'Scanarea a fost oprită.' });
    } finally {
      station.close();
    }

    const io = captureIo({ cwd: root, env: { STATION_DATA_DIR: dataDir } });
    const code = await scanCommand(['--resume', 'LOT-K', '--idle-stop', '1', '--json'], io);
    expect(io.err()).toBe('');
    expect(code, io.out()).toBe(0);

    const summary = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary;
    expect(summary.pagesIn).toBe(3); // the old code replayed the orphan copy and took p2 again: 4
    // each page's bytes are in the work folder once, and nothing else is
    const names = (await readdir(work)).sort();
    expect(names).toEqual(['page-00001.png', 'page-00002.png', 'page-00003.png']);
    const inWork = await Promise.all(names.map(async (n) => sha(await readFile(path.join(work, n)))));
    expect(inWork.sort()).toEqual([...pages.values()].map(sha).sort());
    // every original archived intact, none left in the watched folder, none deleted
    const archived = await archivedFiles(path.join(folder, 'arhiva')); // each once, in whichever day folder
    expect([...archived.keys()].sort()).toEqual(['p1.png', 'p2.png', 'p3.png']);
    for (const [name, body] of pages) expect(await readFile(archived.get(name)!)).toEqual(body);
    expect((await readdir(folder)).filter((n) => n.endsWith('.png'))).toEqual([]);
  }, 120_000);
});
