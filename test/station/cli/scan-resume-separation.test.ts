/**
 * `station scan --resume` splits a batch the way it was begun: the separation is kept in the journal
 * with the batch, and a different --separation on resume is refused (its pages so far were split so).
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scanCommand } from '../../../station/src/cli/scan-command.ts';
import { openStationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
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
});
