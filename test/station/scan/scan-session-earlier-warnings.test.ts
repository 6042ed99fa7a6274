/**
 * A resumed scan batch ends with the warnings its earlier runs kept in the journal even when its
 * caller gives the session no ScanWarnings of its own (a scanner, not a watched folder): the session
 * reads them from the journal itself. Real journal, FolderDriver and pipeline.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { FolderDriver } from '../../../station/src/drivers/folder/folder-driver.ts';
import { createConsumedFilesLedger } from '../../../station/src/journal/consumed-files-ledger.ts';
import { runScanSession, workDirOf } from '../../../station/src/scan/scan-session.ts';
import { contentPage, toPng } from '../../support/make-pages.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => void ({ dir: root, cleanup } = await makeTempDir('scan-earlier-warnings-')));
afterAll(() => cleanup());

describe('a resumed scan batch, its caller giving no warnings', () => {
  it('ends with the warning its earlier run kept in the journal', async () => {
    const dataDir = path.join(root, 'data');
    const folder = path.join(root, 'ghiseu');
    const outDir = path.join(root, 'documente');
    await mkdir(folder, { recursive: true });
    await mkdir(workDirOf(dataDir, 'LOT-E'), { recursive: true });
    await writeFile(path.join(folder, 'p1.png'), await toPng(await contentPage(100, 1)));
    const station = openStationContext(loadConfig({ env: { STATION_DATA_DIR: dataDir }, cwd: root }));
    try {
      const request = { device: folder, source: 'adf' as const, resolution: 100, mode: 'gray' as const, options: { 'idle-ms': '300' } };
      station.journal.start({
        id: 'LOT-E', kind: 'scan', outDir, workDir: workDirOf(dataDir, 'LOT-E'),
        options: { duplex: false, removeBlank: false, genericSeparators: [], separation: 'sheet', driver: 'folder', request },
      });
      const earlier = { code: 'FILE_ALREADY_TAKEN', message: 'Fișierul „p0 (copie).png” a fost deja preluat într-un lot (același conținut); nu a fost preluat din nou și a fost mutat în arhivă.' };
      station.journal.addWarning('LOT-E', earlier);
      station.journal.setStatus('LOT-E', 'paused', { code: 'CANCELLED', message: 'Scanarea a fost oprită.' });

      const summary = await runScanSession(station, {
        driver: new FolderDriver({ ledger: createConsumedFilesLedger(station.db) }),
        request,
        batch: { batchId: 'LOT-E', outDir, duplex: false, removeBlank: false, genericSeparators: [] },
        resume: true,
        progress: { emit: () => {}, flush: () => {} },
      });
      expect(summary.pagesIn).toBe(1);
      expect(summary.warnings).toContainEqual(earlier); // the old code read the journal's only when given o.warnings
    } finally {
      station.close();
    }
  }, 120_000);
});
