/**
 * Live scanning lag: `station scan` against the eSCL scanner emulator feeding the bench pages at a
 * fixed pace (400 images a minute by default: a 200 ppm duplex scanner), through real scanimage →
 * real sane-airscan (`--driver sane`) or through the station's own eSCL driver (`--driver escl`).
 * Lag = pages scanned minus pages whose fate the pipeline has decided (`page`), sampled at every
 * event and every 50 ms; its maximum is the figure. «Scanned» is counted twice: as the station
 * sees it (`page-scanned`, when the pipeline takes the page from the driver) and as the scanner
 * sees it (pages the emulator has sent), which also counts pages waiting in the driver.
 * The sane path needs scanimage and sane-airscan (Linux) and returns null when they are missing.
 */
import { spawn, spawnSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { stationNodeFlags } from './child.ts';
import { cpuMsOfStat, readStatFields } from './proc-cpu.ts';
import { startEsclEmulator, writeAirscanConfig } from '../test/support/escl-emulator.ts';

export interface LiveScanResult {
  pages: number;
  imagesPerMinute: number;
  /** The pace actually achieved by scanimage, pages per minute. */
  scannedPerMinute: number;
  maxLag: number;
  /** The same lag with «scanned» counted by the scanner (pages the emulator has sent). */
  maxScannerLag: number;
  /** CPU of the station process (all its threads) a page, ms; null where /proc is missing. */
  stationCpuMsPerPage: number | null;
  documents: number;
  ms: number;
}

interface StationEvent { event: string; lag?: number; documents?: number; code?: string; message?: string }

/** `station scan … --json` as a child process: its JSON-lines events, then its exit. */
function runStationScan(args: string[], env: NodeJS.ProcessEnv): { events: AsyncGenerator<StationEvent>; exit: () => Promise<void>; cpuMs: () => number | null } {
  const bin = fileURLToPath(new URL('../bin/station.js', import.meta.url));
  const child = spawn(process.execPath, [...stationNodeFlags(), bin, 'scan', ...args, '--json'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  // with --json the station reports its error as an «error» event on stdout, not on stderr
  let failure = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
  async function* events(): AsyncGenerator<StationEvent> {
    for await (const line of createInterface({ input: child.stdout })) {
      if (!line.startsWith('{')) continue;
      const ev = JSON.parse(line) as StationEvent;
      if (ev.event === 'error' || ev.event === 'interrupted') failure = line;
      yield ev;
    }
  }
  return {
    events: events(),
    cpuMs: () => cpuMsOf(child.pid),
    exit: async () => {
      const code = await closed;
      if (code !== 0) throw new Error(`station scan ${args.join(' ')} failed (exit ${code}): ${failure} ${stderr}`);
    },
  };
}

/** utime + stime of a live process (all threads), from /proc (Linux; proc-cpu.ts). */
function cpuMsOf(pid: number | undefined): number | null {
  if (pid === undefined) return null;
  try {
    return cpuMsOfStat(readStatFields(pid));
  } catch {
    return null;
  }
}

export function scanimageAvailable(): boolean {
  const r = spawnSync('scanimage', ['--version'], { encoding: 'utf8' });
  return r.status === 0;
}

export async function measureLiveScan(benchDir: string, pages: number, imagesPerMinute = 400, mode: 'gray' | 'color' = 'gray', driver: 'sane' | 'escl' = 'sane'): Promise<LiveScanResult | null> {
  if (driver === 'sane' && !scanimageAvailable()) return null;
  const files = (await readdir(benchDir)).filter((f) => f.endsWith('.jpg')).sort().slice(0, pages);
  const images = await Promise.all(files.map((f) => readFile(path.join(benchDir, f))));
  const work = await mkdtemp(path.join(tmpdir(), 'bench-live-'));
  const emu = await startEsclEmulator({ pages: images, resolutions: [300], pageIntervalMs: 60_000 / imagesPerMinute });
  try {
    const confDir = await writeAirscanConfig(path.join(work, 'sane.d'), emu.url);
    const t0 = performance.now();
    const device = driver === 'sane' ? 'airscan:e0:Emulator' : emu.url;
    const run = runStationScan(['--driver', driver, '--device', device, '--source', 'adf', '--resolution', '300', '--mode', mode, '--out', path.join(work, 'out')], {
      SANE_CONFIG_DIR: confDir, STATION_DATA_DIR: path.join(work, 'data'), STATION_ESCL_SCANNERS: emu.url,
    });
    let scanned = 0;
    let processed = 0;
    let maxLag = 0;
    let maxScannerLag = 0;
    const sample = () => void (maxScannerLag = Math.max(maxScannerLag, emu.delivered() - processed));
    const sampler = setInterval(sample, 50);
    sampler.unref();
    let firstScan = 0;
    let lastScan = 0;
    let documents = 0;
    let cpuMs: number | null = null;
    for await (const ev of run.events) {
      if (ev.event === 'page-scanned') {
        scanned++;
        lastScan = performance.now();
        if (scanned === 1) firstScan = lastScan;
      }
      if (ev.event === 'page') processed++;
      if (ev.event === 'batch-end') {
        documents = ev.documents ?? 0;
        cpuMs = run.cpuMs(); // the station is still alive: its summary is written, it is about to exit
      }
      maxLag = Math.max(maxLag, scanned - processed, ev.lag ?? 0);
      sample();
    }
    clearInterval(sampler);
    await run.exit();
    return {
      pages: processed,
      imagesPerMinute,
      scannedPerMinute: scanned > 1 ? ((scanned - 1) * 60_000) / (lastScan - firstScan) : 0,
      maxLag,
      maxScannerLag,
      stationCpuMsPerPage: cpuMs === null || processed === 0 ? null : cpuMs / processed,
      documents,
      ms: performance.now() - t0,
    };
  } finally {
    await emu.close();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * The same for scan-to-folder: the bench writes the pages into a watched folder at the given pace
 * (as a network scanner would), `station scan --driver folder` takes them. Lag = files written
 * minus pages processed. Works on any OS (no scanner software involved).
 */
export async function measureFolderLive(benchDir: string, pages: number, imagesPerMinute = 400): Promise<LiveScanResult> {
  const files = (await readdir(benchDir)).filter((f) => f.endsWith('.jpg')).sort().slice(0, pages);
  const work = await mkdtemp(path.join(tmpdir(), 'bench-folder-'));
  const watched = path.join(work, 'scaner');
  await mkdir(watched);
  try {
    const t0 = performance.now();
    const run = runStationScan(['--driver', 'folder', '--device', watched, '--option', 'idle-ms=4000', '--out', path.join(work, 'out')], {
      STATION_DATA_DIR: path.join(work, 'data'),
    });
    let written = 0;
    let processed = 0;
    let maxLag = 0;
    let documents = 0;
    const interval = 60_000 / imagesPerMinute;
    let started: () => void = () => {};
    let ended = false;
    const up = new Promise<void>((resolve) => (started = resolve));
    const writer = (async () => {
      // the scanner writes once the station says it watches the folder (`watching`: its pipeline is
      // ready too), as a clerk starts the scanner on that line — like the eSCL scanner, which sends
      // nothing before the station asks; `batch-start` comes 0.5–1.7 s earlier, before the pipeline
      // is built, and pages written in that gap were counted as lag
      await up;
      const start = performance.now();
      for (const f of files) {
        if (ended) break; // the station stopped early: its exit tells why
        const due = start + written * interval;
        await new Promise((r) => setTimeout(r, Math.max(0, due - performance.now())));
        await copyFile(path.join(benchDir, f), path.join(watched, f));
        written++;
        maxLag = Math.max(maxLag, written - processed);
      }
      return performance.now() - start;
    })();
    let cpuMs: number | null = null;
    for await (const ev of run.events) {
      if (ev.event === 'watching') started();
      if (ev.event === 'page') processed++;
      if (ev.event === 'batch-end') {
        documents = ev.documents ?? 0;
        cpuMs = run.cpuMs();
      }
      maxLag = Math.max(maxLag, written - processed);
    }
    ended = true;
    started();
    const writeMs = await writer;
    await run.exit();
    return { pages: processed, imagesPerMinute, scannedPerMinute: ((files.length - 1) * 60_000) / writeMs, maxLag, maxScannerLag: maxLag, stationCpuMsPerPage: cpuMs === null || processed === 0 ? null : cpuMs / processed, documents, ms: performance.now() - t0 };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === `file://${process.argv[1]}`) {
  const [dir, n, rate, mode, driver] = process.argv.slice(2);
  const at = [dir ?? '/tmp/bench200', Number(n ?? 60), Number(rate ?? 400)] as const;
  console.log(mode === 'folder' ? await measureFolderLive(...at) : await measureLiveScan(...at, mode === 'color' ? 'color' : 'gray', driver === 'escl' ? 'escl' : 'sane'));
}
