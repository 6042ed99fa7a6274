/**
 * The registry's borderou a batch takes (split and scan) is taken back only when the batch does not
 * go on: never once the output is in place (its summary.json names the file), never once a scan is in
 * the journal (a paused or failed scan resumes with it). Real registry server on loopback, real SQLite.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { StationError } from '../../../shared/src/errors.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { executeSplit } from '../../../station/src/cli/split-command.ts';
import { openStationContext, type StationContext } from '../../../station/src/cli/station-context.ts';
import { loadConfig } from '../../../station/src/config.ts';
import type { ScanDriver } from '../../../station/src/drivers/driver.ts';
import { runScanSession } from '../../../station/src/scan/scan-session.ts';
import { startRegistryWithBorderou, type RegistryApp } from '../../support/registry-app.ts';
import { REPO_ROOT } from '../../support/split-run.ts';
import { listTree, makeTempDir } from '../../support/temp-dirs.ts';

// counts how often a borderou is parsed, from a file or from the registry's bytes (the scan's taken borderou is parsed once, not again)
const parsed = vi.hoisted(() => ({ times: 0 }));
vi.mock('../../../shared/src/borderou/parse-borderou-csv.ts', async (original) => {
  const real = await original<typeof import('../../../shared/src/borderou/parse-borderou-csv.ts')>();
  return { ...real, parseBorderouCsv: (bytes: Uint8Array) => {
    parsed.times++;
    return real.parseBorderouCsv(bytes);
  } };
});

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
const CSV = iconv.encode('numar_inregistrare;structura;nr_file;observatii\r\n84512/27.09.2021;Direcţia Urbanism;2;\r\n', 'win1250');
const KEPT = 'borderou-registratura-2021-09-27-v1.csv';

let registry: RegistryApp;
let token: string;
let root: string;
let cleanup: () => Promise<void>;
let n = 0;

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('take-back-'));
  let status: number;
  ({ registry, token, status } = await startRegistryWithBorderou(CSV));
  expect(status).toBe(201);
});
afterAll(async () => {
  await registry?.close();
  await cleanup?.();
});

async function withStation<T>(run: (station: StationContext, dir: string) => Promise<T>): Promise<T> {
  const dir = path.join(root, `case${++n}`);
  await mkdir(dir, { recursive: true });
  const env = { STATION_DATA_DIR: path.join(dir, 'data'), STATION_SERVER_URL: registry.base, STATION_TOKEN: token, STATION_NAME: 'ghiseu-1' };
  const station = openStationContext(loadConfig({ env, cwd: dir }));
  try {
    return await run(station, dir);
  } finally {
    station.close();
  }
}

const noProgress = { emit: () => {}, flush: () => {} };

/** A scanner that yields no page and then fails with `err`. */
function failingDriver(err: Error): ScanDriver {
  return {
    name: 'folder',
    listDevices: async () => [],
    getCapabilities: async () => { throw err; },
    scan: async function* () { throw err; },
  };
}

describe('the registry borderou a batch took', () => {
  it('split: a failure after summary.json is written (the journal\'s disk) keeps the CSV the summary names', async () => {
    await withStation(async (station, dir) => {
      const complete = station.journal.complete;
      station.journal.complete = () => { throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'); };
      const out = path.join(dir, 'out');
      const err = await executeSplit({ inputs: [SAMPLE], outDir: out, duplex: false, removeBlank: false, genericSeparators: [], batchId: 'lot-io', borderouRegistryDay: '2021-09-27' }, station, dir)
        .then(() => null, (e: unknown) => e);
      station.journal.complete = complete;
      expect(err).toMatchObject({ code: 'DISK_IO_ERROR' });
      const summary = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')) as SplitSummary;
      expect(summary.batchId).toBe('lot-io');
      const named = summary.borderou?.file;
      expect(named).toBe(path.join(station.cfg.dataDir, 'batches', 'lot-io', KEPT));
      expect(Buffer.compare(await readFile(named!), CSV)).toBe(0);
    });
  }, 120_000);

  it('scan: paused on an empty feeder, or failed, after the journal: the borderou (parsed once) stays for --resume', async () => {
    await withStation(async (station, dir) => {
      for (const [batchId, driverErr, status] of [
        ['lot-gol', new StationError('FEEDER_EMPTY', 'Alimentatorul este gol.'), 'paused'],
        ['lot-cazut', new Error('scanner gone'), 'failed'],
      ] as const) {
        const notes: string[] = [];
        parsed.times = 0;
        const err = await runScanSession(station, {
          driver: failingDriver(driverErr),
          request: { device: 'test', source: 'adf', resolution: 200, mode: 'gray', options: {} },
          batch: { batchId, outDir: path.join(dir, `out-${batchId}`), duplex: false, removeBlank: false, genericSeparators: [], borderouRegistryDay: '2021-09-27' },
          resume: false,
          progress: noProgress,
          onBorderou: (note) => notes.push(note),
        }).then(() => null, (e: unknown) => e);
        expect(err).toBeInstanceOf(Error);
        expect(notes).toEqual(['Borderoul zilei 27.09.2021 de la registratură: versiunea 1, 1 document.']);
        const row = station.journal.get(batchId)!;
        expect(row.status).toBe(status);
        const kept = path.join(station.cfg.dataDir, 'batches', batchId, KEPT);
        expect(row.options).toMatchObject({ borderouFile: kept });
        expect(Buffer.compare(await readFile(kept), CSV)).toBe(0);
        expect(parsed.times).toBe(1); // taken and checked against: one parse
      }
    });
  }, 120_000);

  it('scan: a batch that never reaches the journal takes it back', async () => {
    await withStation(async (station, dir) => {
      // the journal refuses the batch (its disk): nothing of it stays
      const start = station.journal.start;
      station.journal.start = () => { throw new Database.SqliteError('disk I/O error', 'SQLITE_IOERR_WRITE'); };
      const err = await runScanSession(station, {
        driver: failingDriver(new Error('not reached')),
        request: { device: 'test', source: 'adf', resolution: 200, mode: 'gray', options: {} },
        batch: { batchId: 'lot-fara-jurnal', outDir: path.join(dir, 'out'), duplex: false, removeBlank: false, genericSeparators: [], borderouRegistryDay: '2021-09-27' },
        resume: false,
        progress: noProgress,
      }).then(() => null, (e: unknown) => e);
      station.journal.start = start;
      expect(err).toMatchObject({ code: 'SQLITE_IOERR_WRITE' });
      expect(await listTree(path.join(station.cfg.dataDir, 'batches', 'lot-fara-jurnal'))).toBeNull();
    });
  }, 120_000);
});
