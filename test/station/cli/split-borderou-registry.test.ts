/**
 * `station split --borderou-from-registry ZI` and `station scan`'s: the day's borderou taken from
 * the real registry server on loopback with the station's token, kept in the batch's folder and
 * reconciled exactly as the same CSV given with `--borderou`; the batch report then reaches the
 * registry. A day without a borderou, a server down, no server configured, a bad day or both
 * options at once: a Romanian error, and nothing is written.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { registryDay } from '../../../station/src/borderou/batch-registry-borderou.ts';
import { downRegistry, startRegistryWithBorderou, type RegistryApp } from '../../support/registry-app.ts';
import { startEsclEmulator } from '../../support/escl-emulator.ts';
import { runNode, STATION_BIN } from '../../support/real-processes.ts';
import { loadSample } from '../../support/scan-results.ts';
import { REPO_ROOT, runSplit } from '../../support/split-run.ts';
import { listTree, makeTempDir } from '../../support/temp-dirs.ts';

const SAMPLE = path.join(REPO_ROOT, 'fixtures', 'samples', 'simplex-symbologies');
// as the registry keeps it: Windows-1250, «;», CRLF; 84599 is missing from the sample, 84515 is not in the borderou
const CSV = iconv.encode([
  'numar_inregistrare;structura;nr_file;observatii',
  '84512/27.09.2021;Direcţia Urbanism;2;',
  '84513/27.09.2021;Serviciul Stare Civilă;3;',
  '84514/27.09.2021;Direcţia Urbanism;1;',
  '84599/27.09.2021;Direcţia Impozite şi Taxe Locale;1;',
  '',
].join('\r\n'), 'win1250');

let registry: RegistryApp;
let token: string;
let root: string;
let cleanup: () => Promise<void>;
let n = 0;

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('split-registry-'));
  let status: number;
  ({ registry, token, status } = await startRegistryWithBorderou(CSV));
  expect(status).toBe(201);
});
afterAll(async () => {
  await registry?.close();
  await cleanup?.();
});

async function split(args: string[], env: NodeJS.ProcessEnv = { STATION_SERVER_URL: registry.base, STATION_TOKEN: token, STATION_NAME: 'ghiseu-1' }) {
  const dir = path.join(root, `case${++n}`);
  await mkdir(dir, { recursive: true });
  const out = path.join(dir, 'out');
  const dataDir = path.join(dir, 'data');
  const r = await runSplit([SAMPLE, '--out', out, ...args], { cwd: dir, dataDir, env });
  return { ...r, dir, out, dataDir };
}
const summaryOf = async (out: string) => JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')) as SplitSummary;

describe('station split --borderou-from-registry', () => {
  it('reconciles against the day the registry uploaded, as the same CSV from a file does; the report reaches the registry', async () => {
    const r = await split(['--borderou-from-registry', '2021-09-27', '--batch-id', 'lot-reg']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('Borderoul zilei 27.09.2021 de la registratură: versiunea 1, 4 documente.\n');
    const kept = path.join(r.dataDir, 'batches', 'lot-reg', 'borderou-registratura-2021-09-27-v1.csv');
    expect(Buffer.compare(await readFile(kept), CSV)).toBe(0);
    const rec = (await summaryOf(r.out)).reconciliation!;

    // the same bytes given as a file: the same reconciliation
    const fileDir = path.join(root, 'from-file');
    await mkdir(fileDir, { recursive: true });
    await writeFile(path.join(fileDir, 'borderou.csv'), CSV);
    const f = await runSplit([SAMPLE, '--out', path.join(fileDir, 'out'), '--borderou', 'borderou.csv'], { cwd: fileDir, dataDir: path.join(fileDir, 'data') });
    expect(f.code).toBe(0);
    expect(rec).toEqual((await summaryOf(path.join(fileDir, 'out'))).reconciliation);
    expect(rec.missing).toEqual([{ registrationNumber: '84599/27.09.2021', department: 'Direcția Impozite și Taxe Locale', expectedSheets: 1 }]);
    expect(rec.unexpected.map((d) => d.id)).toEqual(['84515/27.09.2021']);
    for (const words of ['Lipsă', 'Direcția Impozite și Taxe Locale', '84599/27.09.2021']) expect(r.stdout).toContain(words);
    // the batch report went to the registry at the end of the command
    expect(registry.count("SELECT COUNT(*) FROM batches WHERE batch_id = 'lot-reg'")).toBe(1);
  });

  it('a day without a borderou: NOT_FOUND in Romanian, nothing written, no batch', async () => {
    const r = await split(['--borderou-from-registry', '2021-09-28', '--batch-id', 'lot-fara']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Registratura nu a încărcat încă borderoul zilei 28.09.2021 pe server.');
    expect(await listTree(r.out)).toBeNull();
    expect(await listTree(path.join(r.dataDir, 'batches', 'lot-fara'))).toBeNull();
  });

  it('the server down, or none configured: a Romanian error naming what to do, nothing written', async () => {
    const { url } = await downRegistry();
    const down = await split(['--borderou-from-registry', '2021-09-27'], { STATION_SERVER_URL: url, STATION_TOKEN: token });
    expect(down.code).toBe(1);
    expect(down.stderr).toContain(`Serverul registraturii (${url}) nu poate fi contactat`);
    expect(await listTree(down.out)).toBeNull();
    const none = await split(['--borderou-from-registry', '2021-09-27'], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('Stația nu are configurat serverul registraturii');
    expect(await listTree(none.out)).toBeNull();
  });

  it('a day that does not exist, or both borderou options: refused before anything runs', async () => {
    const bad = await split(['--borderou-from-registry', '2021-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--borderou-from-registry: ziua 2021-02-30 nu există în calendar. Scrieți „azi” sau ziua borderoului ca AAAA-LL-ZZ');
    const both = await split(['--borderou-from-registry', 'azi', '--borderou', 'b.csv']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--borderou și --borderou-from-registry nu pot fi folosite împreună');
    expect(await listTree(both.out)).toBeNull();
  });

  it('a command that fails on a local check takes nothing from the registry and leaves nothing behind', async () => {
    // --out not empty: refused before the download (it used to leave the borderou in the batch's folder)
    const dir = path.join(root, 'out-plin');
    await mkdir(path.join(dir, 'out'), { recursive: true });
    await writeFile(path.join(dir, 'out', 'alt-lot.pdf'), 'x');
    const dataDir = path.join(dir, 'data');
    const env = { STATION_SERVER_URL: registry.base, STATION_TOKEN: token, STATION_NAME: 'ghiseu-1' };
    const full = await runSplit([SAMPLE, '--out', path.join(dir, 'out'), '--batch-id', 'lot-plin', '--borderou-from-registry', '2021-09-27'], { cwd: dir, dataDir, env });
    expect(full.code).toBe(1);
    expect(full.stderr).toContain('Eroare [OUTPUT_NOT_EMPTY]');
    expect(full.stderr).not.toContain('Borderoul zilei');
    expect(await listTree(path.join(dataDir, 'batches'))).toBeNull();
    // an input that is not there
    const missing = await split([path.join(root, 'nu-exista.tif'), '--borderou-from-registry', '2021-09-27', '--batch-id', 'lot-lipsa']);
    expect(missing.code).not.toBe(0);
    expect(await listTree(path.join(missing.dataDir, 'batches'))).toBeNull();
    // a batch id already in the journal: its own borderou stays as it was
    const first = await split(['--borderou-from-registry', '2021-09-27', '--batch-id', 'lot-dublu']);
    expect(first.code).toBe(0);
    const kept = path.join(first.dataDir, 'batches', 'lot-dublu');
    const before = await listTree(kept);
    const again = await runSplit([SAMPLE, '--out', path.join(first.dir, 'alt'), '--batch-id', 'lot-dublu', '--borderou-from-registry', '2021-09-27'], { cwd: first.dir, dataDir: first.dataDir, env });
    expect(again.stderr).toContain('Eroare [BATCH_EXISTS]');
    expect(await listTree(kept)).toEqual(before);
    expect(await listTree(path.join(first.dir, 'alt'))).toBeNull();
  });

  it('a batch that fails after the download takes the borderou back', async () => {
    const dir = path.join(root, 'stricat');
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, 'p1.tif'), 'not a TIFF at all');
    const r = await split([dir, '--borderou-from-registry', '2021-09-27', '--batch-id', 'lot-stricat']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Borderoul zilei 27.09.2021 de la registratură');
    expect(r.stderr).toContain('Eroare [INPUT_');
    expect(await listTree(path.join(r.dataDir, 'batches', 'lot-stricat'))).toBeNull();
    expect(await listTree(r.out)).toBeNull();
  });

  it('one parser for the day, wherever it is typed: «azi» is the station\'s own day, the error names the option or field', () => {
    expect(registryDay('azi', '--borderou-from-registry', 'USAGE', new Date(2021, 8, 27, 23, 59))).toBe('2021-09-27');
    expect(registryDay(' 2024-02-29 ', '--borderou-from-registry', 'USAGE')).toBe('2024-02-29');
    expect(() => registryDay('27.09.2021', '--borderou-from-registry', 'USAGE')).toThrow('--borderou-from-registry: „27.09.2021” nu are forma AAAA-LL-ZZ.');
    const web = (() => {
      try {
        return registryDay('1899-01-01', 'Ziua borderoului', 'VALIDATION_FAILED');
      } catch (e) {
        return e;
      }
    })();
    expect(web).toMatchObject({ code: 'VALIDATION_FAILED', details: { field: 'borderou' } });
    expect((web as Error).message).toMatch(/^Ziua borderoului: ziua 1899-01-01 este în afara intervalului acceptat/);
    expect(() => registryDay(42, 'Ziua borderoului', 'VALIDATION_FAILED')).toThrow(/AAAA-LL-ZZ/);
  });
});

describe('station scan --borderou-from-registry', () => {
  it('the station binary scans from an eSCL scanner and reconciles against the registry\'s borderou of the day', async () => {
    const { truth, pages } = await loadSample('simplex-symbologies');
    const emulator = await startEsclEmulator({ pages, resolutions: [truth.dpi] });
    try {
      const dir = path.join(root, 'scan');
      await mkdir(dir, { recursive: true });
      const out = path.join(dir, 'documente');
      const env: NodeJS.ProcessEnv = {
        PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C.UTF-8', STATION_DATA_DIR: path.join(dir, 'data'), SANE_CONFIG_DIR: dir,
        STATION_ESCL_SCANNERS: emulator.url, STATION_SERVER_URL: registry.base, STATION_TOKEN: token, STATION_NAME: 'ghiseu-1',
      };
      const r = await runNode(STATION_BIN, ['scan', '--driver', 'escl', '--device', emulator.url, '--resolution', String(truth.dpi), '--out', out,
        '--batch-id', 'lot-scanat', '--borderou-from-registry', '2021-09-27', '--json'], { env, cwd: dir });
      expect(r.code).toBe(0);
      const rec = (await summaryOf(out)).reconciliation!;
      expect(rec.expected).toBe(4);
      expect(rec.missing.map((m) => m.registrationNumber)).toEqual(['84599/27.09.2021']);
      expect(rec.unexpected.map((d) => d.id)).toEqual(['84515/27.09.2021']);
      expect(Buffer.compare(await readFile(path.join(dir, 'data', 'batches', 'lot-scanat', 'borderou-registratura-2021-09-27-v1.csv')), CSV)).toBe(0);
    } finally {
      await emulator.close();
    }
  }, 120_000);
});
