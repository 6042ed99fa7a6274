/**
 * `station scan --resume` splits and stores a batch the way it was begun: the separation and the
 * storage are kept in the journal with the batch, and a different --separation or --storage on
 * resume is refused (its pages so far were split so); the station's configuration does not change them.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCommand } from '../../../station/src/cli/scan-command.ts';
import { openStationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { workDirOf } from '../../../station/src/scan/scan-session.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { colourCases, colourPageJpeg } from '../../../fixtures/lib/colour-page.ts';
import { captureIo } from '../../support/cli-capture.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('scan-resume-sep-')));
afterAll(() => cleanup());

describe('station scan --resume and --separation', () => {
  it('refuses a separation other than the one the batch began with, naming both', async () => {
    const dataDir = path.join(root, 'data');
    const station = openStationContext(loadConfig({ env: { STATION_DATA_DIR: dataDir }, cwd: root }));
    try {
      station.journal.start({ id: 'LOT-L', kind: 'scan', outDir: path.join(root, 'out'), workDir: null, options: { duplex: false, removeBlank: false, genericSeparators: [], separation: 'label' } });
      station.journal.setStatus('LOT-L', 'paused');
    } finally {
      station.close();
    }
    const io = captureIo({ cwd: root, env: { STATION_DATA_DIR: dataDir } });
    const code = await scanCommand(['--resume', 'LOT-L', '--separation', 'sheet', '--json'], io);
    expect(code).toBe(2);
    expect(io.out()).toContain('Lotul LOT-L a fost început cu --separation label; continuați-l fără --separation sau cu aceeași valoare.');
    expect(io.err()).toBe('');
  });

  it('refuses a storage other than the one the batch began with', async () => {
    const dataDir = path.join(root, 'data-s');
    const station = openStationContext(loadConfig({ env: { STATION_DATA_DIR: dataDir }, cwd: root }));
    try {
      station.journal.start({ id: 'LOT-S', kind: 'scan', outDir: path.join(root, 'out-s'), workDir: null, options: { duplex: false, removeBlank: false, genericSeparators: [], separation: 'sheet', storage: 'auto' } });
      station.journal.setStatus('LOT-S', 'paused');
    } finally {
      station.close();
    }
    const io = captureIo({ cwd: root, env: { STATION_DATA_DIR: dataDir } });
    const code = await scanCommand(['--resume', 'LOT-S', '--storage', 'original', '--json'], io);
    expect(code).toBe(2);
    expect(io.out()).toContain('Lotul LOT-S a fost început cu --storage auto; continuați-l fără --storage sau cu aceeași valoare.');
  });

  it('stores the resumed batch in the mode it began with, not the configured one', async () => {
    const dataDir = path.join(root, 'data-r');
    const folder = path.join(root, 'ghiseu-r');
    const outDir = path.join(root, 'out-r');
    await mkdir(folder, { recursive: true });
    const station = openStationContext(loadConfig({ env: { STATION_DATA_DIR: dataDir }, cwd: root }));
    try {
      station.journal.start({
        id: 'LOT-R', kind: 'scan', outDir, workDir: workDirOf(dataDir, 'LOT-R'),
        options: { duplex: false, removeBlank: false, genericSeparators: [], separation: 'sheet', storage: 'auto', driver: 'folder', request: { device: folder, source: 'adf', resolution: 200, mode: 'color', options: {} } },
      });
      station.journal.setStatus('LOT-R', 'paused', { code: 'CANCELLED', message: 'Scanarea a fost oprită.' });
    } finally {
      station.close();
    }
    // the pages scanned before the pause, in the batch's work folder: a gray page on pink paper, a red stamp
    const work = workDirOf(dataDir, 'LOT-R');
    await mkdir(work, { recursive: true });
    for (const [i, name] of ['gray-pink', 'red-stamp'].entries()) {
      const c = colourCases().find((x) => x.name === name)!;
      await writeFile(path.join(work, `page-0000${i + 1}.jpg`), await colourPageJpeg({ ...c.spec, dpi: 200, seed: name }));
    }
    const io = captureIo({ cwd: root, env: { STATION_DATA_DIR: dataDir, STATION_STORAGE: 'original' } });
    const code = await scanCommand(['--resume', 'LOT-R', '--idle-stop', '1', '--json'], io);
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    const check = openStationContext(loadConfig({ env: { STATION_DATA_DIR: dataDir }, cwd: root }));
    try {
      const s = JSON.parse(check.journal.get('LOT-R')!.summaryJson!) as SplitSummary;
      expect(s.options.storage).toBe('auto');
      expect(s.pageColour?.map((p) => [p.decision, p.stored])).toEqual([['gray', 'gray'], ['colour', 'original']]);
    } finally {
      check.close();
    }
  }, 120_000);
});
