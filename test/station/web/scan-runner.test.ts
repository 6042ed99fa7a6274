/**
 * The web app's runner and the borderou CSV the clerk picked: it is kept in the batch's folder for
 * the batch, and taken back when the batch never reaches the journal (bad rows, an input folder that
 * is not there), so a refused start leaves nothing behind. Real journal, real split.
 */
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStationContext, type StationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { createEventHub } from '../../../station/src/web/event-hub.ts';
import { createScanRunner } from '../../../station/src/web/scan-runner.ts';
import { FILES_SOURCE, type ScanStart } from '../../../station/src/web/scan-request.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
let station: StationContext;
beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('scan-runner-'));
  const dataDir = path.join(root, 'data');
  await mkdir(dataDir, { recursive: true });
  station = openStationContext(loadConfig({ env: { STATION_DATA_DIR: dataDir, STATION_BARCODE_WORKERS: '1' }, cwd: root }));
});
afterAll(async () => {
  station?.close();
  await cleanup?.();
});

const batches = () => readdir(path.join(station.cfg.dataDir, 'batches')).catch(() => [] as string[]);
const csv = (text: string) => Buffer.from(text).toString('base64');
function filesStart(folder: string, borderou: string, outDir: string): ScanStart {
  return {
    driver: FILES_SOURCE, request: { device: folder, source: 'adf', resolution: 300, mode: 'gray', options: {} },
    duplex: false, removeBlank: false, separators: [], outDir, borderouCsv: csv(borderou), borderouName: 'borderou.csv',
  };
}

describe('the scan runner and a picked borderou CSV', () => {
  it('bad rows: refused before anything runs, and the CSV written for the batch is removed', async () => {
    const runner = createScanRunner(station, createEventHub());
    const folder = path.join(root, 'scanate');
    await mkdir(folder, { recursive: true });
    const err = await runner.start(filesStart(folder, 'numar_inregistrare;structura;nr_file\n84512/27.09.2021;Urbanism;doua\n', path.join(root, 'out-rau')))
      .then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'CSV_INVALID' });
    expect(await batches()).toEqual([]);
  });

  it('a batch that fails before the journal (its input folder is not there): the CSV is removed too', async () => {
    const hub = createEventHub();
    const runner = createScanRunner(station, hub);
    const { batchId } = await runner.start(filesStart(path.join(root, 'nu-exista'), 'numar_inregistrare;structura\n84512/27.09.2021;Urbanism\n', path.join(root, 'out-lipsa')));
    await runner.idle();
    expect(station.journal.get(batchId)).toBeFalsy();
    expect(await batches()).toEqual([]);
  });
});
