/**
 * A watched-folder batch whose journal has no room for a warning (addWarning throws SQLITE_FULL, as
 * a full disk makes better-sqlite3 do): the warning comes in the folder driver's own event (chokidar
 * 'add'), where a throw used to end the whole process. Now the batch stops as DISK_FULL naming the
 * journal, resumable; the resumed batch ends with its pages and the warning. Real FolderDriver,
 * FolderWatch, journal and pipeline; the batch is ended by the events the test waits for.
 */
import Database from 'better-sqlite3';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { openStationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { FolderDriver } from '../../../station/src/drivers/folder/folder-driver.ts';
import { createConsumedFilesLedger } from '../../../station/src/journal/consumed-files-ledger.ts';
import type { ProgressEvent } from '../../../station/src/progress/progress-reporter.ts';
import { collectFolderWarnings } from '../../../station/src/scan/folder-warnings.ts';
import { runScanSession, type ScanSessionOptions } from '../../../station/src/scan/scan-session.ts';
import { contentPage, toPng } from '../../support/make-pages.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => void ({ dir: root, cleanup } = await makeTempDir('scan-warnings-full-')));
afterAll(() => cleanup());

describe('a scan batch whose journal cannot keep a warning (full disk)', () => {
  it('stops as DISK_FULL naming the journal, the process lives on, and the resumed batch ends with the page and the warning', async () => {
    const dataDir = path.join(root, 'data');
    const folder = path.join(root, 'ghiseu');
    const outDir = path.join(root, 'documente');
    await mkdir(folder, { recursive: true });
    await writeFile(path.join(folder, 'p1.png'), await toPng(await contentPage(100, 1)));
    const station = openStationContext(loadConfig({ env: { STATION_DATA_DIR: dataDir }, cwd: root }));
    try {
      const full = {
        ...station,
        journal: {
          ...station.journal,
          addWarning: () => {
            throw new Database.SqliteError('database or disk is full', 'SQLITE_FULL');
          },
        },
      };
      const base = (driver: FolderDriver, progress: ScanSessionOptions['progress']): ScanSessionOptions => ({
        driver,
        request: { device: folder, source: 'adf', resolution: 100, mode: 'gray', options: {} },
        batch: { batchId: 'LOT-F', outDir, duplex: false, removeBlank: false, genericSeparators: [] },
        resume: false,
        progress,
      });

      // the first run: the note arrives while the folder is watched (chokidar's 'add'), the page is taken
      const ending = new AbortController();
      const seen: ProgressEvent[] = [];
      const said: string[] = [];
      const endWhenBoth = () => {
        if (said.length > 0 && seen.some((e) => e.event === 'page-scanned')) ending.abort();
      };
      const first = collectFolderWarnings((w) => {
        said.push(w.message);
        endWhenBoth();
      });
      const driver = new FolderDriver({
        ledger: createConsumedFilesLedger(station.db),
        onEvent: (e) => {
          if (e.type === 'watching') void writeFile(path.join(folder, 'nota.txt'), 'nu e o pagină');
          first.onFolderEvent(e);
        },
      });
      const progress = { emit: (e: ProgressEvent) => (seen.push(e), endWhenBoth()), flush: () => {} };
      const failed = await runScanSession(full, { ...base(driver, progress), endSignal: ending.signal, warnings: first.warnings }).then(
        () => null,
        (err: unknown) => err,
      );
      expect(said).toEqual([expect.stringContaining('„nota.txt”')]); // said live all the same
      expect(failed).toMatchObject({ code: 'DISK_FULL', details: { errno: 'SQLITE_FULL', journal: station.db.name } });
      expect((failed as Error).message).toContain(`Jurnalul stației („${station.db.name}”)`);
      expect(station.journal.get('LOT-F')).toMatchObject({ status: 'failed', errorCode: 'DISK_FULL' });

      // room again: resumed, the note (still in the folder) is named again and kept; the page is not lost
      const second = collectFolderWarnings(() => {}, { sayEarlier: true });
      const again = new FolderDriver({ ledger: createConsumedFilesLedger(station.db), onEvent: second.onFolderEvent });
      const summary: SplitSummary = await runScanSession(station, {
        ...base(again, { emit: () => {}, flush: () => {} }),
        request: { device: folder, source: 'adf', resolution: 100, mode: 'gray', options: { 'idle-ms': '300' } },
        resume: true,
        warnings: second.warnings,
      });
      expect(summary.pagesIn).toBe(1);
      expect(summary.warnings.filter((w) => w.code === 'INPUT_SKIPPED')).toEqual([{ code: 'INPUT_SKIPPED', message: expect.stringContaining('„nota.txt”') }]);
      expect(JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8'))).toMatchObject({ pagesIn: 1 });
    } finally {
      station.close();
    }
  }, 120_000);
});
