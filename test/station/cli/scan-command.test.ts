/**
 * `station scan` end to end with real scanimage: SANE's `test` backend (a 10-page ADF) and
 * sane-airscan driving the eSCL emulator with real separator sheets (fixtures/samples). A jam in
 * the middle, `--resume`, and `kill -9` of the station mid-batch followed by `--resume`: every
 * document comes out whole, no page lost, none twice.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { compareWithTruth } from '../../../station/src/cli/demo-command.ts';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import { startEsclEmulator, writeAirscanConfig, type EsclEmulator } from '../../support/escl-emulator.ts';
import { killAll, runNode, STATION_BIN } from '../../support/real-processes.ts';
import { readFixturePageMarks } from '../../support/pdf-tools.ts';
import { events, loadSample, summaryOf } from '../../support/scan-results.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
const DEVICE = 'airscan:e0:Emulator';

let root: string;
let cleanup: () => Promise<void>;
let n = 0;
let truth: Truth;
let pages: Buffer[];
let emulator: EsclEmulator | undefined;

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('scan-cli-'));
  ({ truth, pages } = await loadSample('simplex-symbologies'));
});
afterEach(async () => {
  killAll();
  await emulator?.close();
  emulator = undefined;
});
afterAll(() => cleanup());

interface Case { dir: string; out: string; env: NodeJS.ProcessEnv }

async function newCase(saneConfigDir?: string): Promise<Case> {
  const dir = path.join(root, `case${++n}`);
  await mkdir(dir, { recursive: true });
  const env: NodeJS.ProcessEnv = { STATION_DATA_DIR: path.join(dir, 'data'), LANG: 'C.UTF-8' };
  if (saneConfigDir) env.SANE_CONFIG_DIR = saneConfigDir;
  return { dir, out: path.join(dir, 'documente'), env };
}

async function emulatorCase(over: Parameters<typeof startEsclEmulator>[0] extends infer O ? Partial<O> : never = {}): Promise<Case & { emu: EsclEmulator }> {
  const c = await newCase();
  // the station's page files go under its data folder (see pagesWrittenUnder: no job ends before its first page is taken)
  const emu = await startEsclEmulator({ pages, resolutions: [truth.dpi], pagesWrittenUnder: c.env.STATION_DATA_DIR!, ...over });
  emulator = emu;
  c.env.SANE_CONFIG_DIR = await writeAirscanConfig(path.join(c.dir, 'sane.d'), emu.url);
  return { ...c, emu };
}


/** scanimage processes writing into `dir` (read from /proc). */
function scanimagesWritingTo(dir: string): number[] {
  return readdirSync('/proc').filter((e) => /^\d+$/.test(e)).filter((e) => {
    try {
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8');
      return cmd.startsWith('scanimage\0') && cmd.includes(dir);
    } catch {
      return false; // gone meanwhile
    }
  }).map(Number);
}
const scanArgs = (c: Case, device: string, resolution: number) =>
  ['scan', '--device', device, '--source', 'adf', '--resolution', String(resolution), '--mode', 'gray', '--out', c.out, '--json'];

/**
 * Every document's PDF holds exactly its own pages, in order, each once: the page marks printed on
 * the sample pages are read back from the PDFs (counts alone would pass a lost page plus a doubled one).
 */
async function expectPagesOfTruth(c: Case, s: SplitSummary): Promise<void> {
  const got: Record<string, unknown> = {};
  for (const d of s.documents) got[d.id] = d.file === null ? [] : await readFixturePageMarks(path.join(c.out, d.file));
  expect(got).toEqual(Object.fromEntries(truth.documents.map((d) => [d.id, d.pages])));
  expect(s.unassigned).toBeNull();
}

describe('station scan with SANE\'s test backend (real scanimage)', () => {
  it('streams a 10-page ADF batch into the pipeline: every page accounted for, JSON-lines events', async () => {
    const c = await newCase();
    const r = await runNode(STATION_BIN, scanArgs(c, 'test:0', 50), { env: c.env, cwd: c.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ev = events(r.stdout);
    expect(ev.filter((e) => e.event === 'page-scanned')).toHaveLength(10);
    expect(ev.filter((e) => e.event === 'page')).toHaveLength(10);
    expect(ev.at(-1)).toMatchObject({ event: 'batch-end', pagesIn: 10 });
    const s = await summaryOf(c);
    expect(s.pagesIn).toBe(10);
    expect(s.separatorPages + s.blankPages + (s.unassigned?.pages ?? 0) + s.documents.reduce((k, d) => k + d.pages, 0)).toBe(10);
  });
});

describe('station scan through sane-airscan and the eSCL emulator, with real separator sheets', () => {
  it('splits the batch into the right documents while the feeder runs, and checks it against the borderou', async () => {
    const c = await emulatorCase();
    const borderou = path.join(c.dir, 'borderou.csv');
    const rows = truth.documents.slice(0, 3).map((d) => `${d.id};Direcția Juridică`);
    await writeFile(borderou, ['numar_inregistrare;structura', ...rows, '99999/27.09.2021;Cabinet Primar', ''].join('\n'));
    const r = await runNode(STATION_BIN, [...scanArgs(c, DEVICE, truth.dpi), '--borderou', borderou], { env: c.env, cwd: c.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = await summaryOf(c);
    expect(compareWithTruth(s, truth)).toEqual([]);
    await expectPagesOfTruth(c, s);
    expect(s.reconciliation!.missing.map((m) => m.registrationNumber)).toEqual(['99999/27.09.2021']);
    expect(s.reconciliation!.unexpected.map((d) => d.id)).toEqual([truth.documents[3]!.id]);
    const docs = events(r.stdout).filter((e) => e.event === 'document').map((e) => e.id);
    expect(docs).toEqual(truth.documents.map((d) => d.id));
  });

  it('a jam after page 5 keeps pages 1–5, pauses (exit 3) with the way on in Romanian; --resume finishes every document whole', async () => {
    const c = await emulatorCase({ jamAfterPage: 5 });
    const first = await runNode(STATION_BIN, scanArgs(c, DEVICE, truth.dpi), { env: c.env, cwd: c.dir });
    expect(first.code).toBe(3);
    const ev = events(first.stdout);
    expect(ev.filter((e) => e.event === 'page-scanned')).toHaveLength(5);
    const paused = ev.find((e) => e.event === 'paused')!;
    expect(paused).toMatchObject({ code: 'PAPER_JAM', pagesSoFar: 5 });
    const batchId = String(paused.batchId);
    expect(paused.message).toContain(`station scan --resume ${batchId}`);
    expect(existsSync(path.join(c.out, 'summary.json'))).toBe(false);

    c.emu.clearJam();
    const second = await runNode(STATION_BIN, ['scan', '--resume', batchId, '--json'], { env: c.env, cwd: c.dir });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(events(second.stdout)[0]).toMatchObject({ event: 'batch-start', resumed: true, replayedFiles: 5 });
    const s = await summaryOf(c);
    expect(s.batchId).toBe(batchId);
    expect(compareWithTruth(s, truth)).toEqual([]);
    await expectPagesOfTruth(c, s);
  });

  it('kill -9 of the station mid-batch, then --resume: no page lost, none twice', async () => {
    const c = await emulatorCase({ holdAfterPage: 5 }); // the feeder stops after sheet 5: the kill is certainly mid-batch
    const child = spawn(process.execPath, [STATION_BIN, ...scanArgs(c, DEVICE, truth.dpi)], {
      cwd: c.dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...c.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_code, signal) => resolve(signal)));
    try {
      // four pages through the pipeline; a station that ends before that fails the test at once
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (events(out).filter((e) => e.event === 'page').length >= 4) resolve();
        });
        child.once('close', (code, signal) => reject(new Error(`the station ended (${code ?? signal}) before 4 pages were processed:\n${out}\n${err}`)));
      });
      process.kill(-child.pid!, 'SIGKILL');
      expect(await exited).toBe('SIGKILL');
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
    const batchId = String(events(out).find((e) => e.event === 'batch-start')!.batchId);
    // and its scanimage (a process group of its own), as a power cut would
    const workDir = path.join(c.env.STATION_DATA_DIR!, 'batches', batchId, 'pages');
    for (const pid of scanimagesWritingTo(workDir)) process.kill(pid, 'SIGKILL');

    // pages scanimage finished are on disk; sheets that were in the scanner when it died go back on the feeder
    const kept = (await readdir(workDir)).filter((f) => /^page-\d+\.pnm$/.test(f)).length;
    expect(kept).toBeGreaterThanOrEqual(4);
    await c.emu.settled(); // the dead client's connections are gone: no sheet is pulled after this
    const delivered = c.emu.delivered();
    expect(delivered).toBeGreaterThanOrEqual(kept);
    c.emu.putBack(pages.slice(kept, delivered));
    c.emu.release();

    const resumed = await runNode(STATION_BIN, ['scan', '--resume', batchId, '--json'], { env: c.env, cwd: c.dir });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const s = await summaryOf(c);
    expect(s.pagesIn).toBe(pages.length);
    expect(compareWithTruth(s, truth)).toEqual([]);
    await expectPagesOfTruth(c, s);
  });

  it('Ctrl-C (SIGINT to the whole foreground group, scanimage included) mid-batch: paused with its pages, --resume finishes it', async () => {
    const c = await emulatorCase({ holdAfterPage: 4 });
    const child = spawn(process.execPath, [STATION_BIN, ...scanArgs(c, DEVICE, truth.dpi)], {
      cwd: c.dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...c.env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (events(out).filter((e) => e.event === 'page').length >= 4) resolve();
        });
        child.once('close', (code, signal) => reject(new Error(`the station ended (${code ?? signal}) before 4 pages were processed:\n${out}\n${err}`)));
      });
      process.kill(-child.pid!, 'SIGINT'); // what Ctrl-C in the terminal does
      expect(await exited).toBe(130);
    } finally {
      if (child.exitCode === null && child.signalCode === null) process.kill(-child.pid!, 'SIGKILL');
    }
    const batchId = String(events(out).find((e) => e.event === 'batch-start')!.batchId);
    expect(events(out).at(-1)).toMatchObject({ event: 'interrupted', batchId, status: 'paused', resume: `station scan --resume ${batchId}` });
    expect(err).toBe('');
    expect(existsSync(c.out)).toBe(false);
    expect((await readdir(c.dir)).filter((n) => n.includes('staging'))).toEqual([]);

    const workDir = path.join(c.env.STATION_DATA_DIR!, 'batches', batchId, 'pages');
    const kept = (await readdir(workDir)).filter((f) => /^page-\d+\.pnm$/.test(f)).length;
    expect(kept).toBeGreaterThanOrEqual(4);
    await c.emu.settled();
    c.emu.putBack(pages.slice(kept, c.emu.delivered()));
    c.emu.release();
    const resumed = await runNode(STATION_BIN, ['scan', '--resume', batchId, '--json'], { env: c.env, cwd: c.dir });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const s = await summaryOf(c);
    expect(s.pagesIn).toBe(pages.length);
    expect(compareWithTruth(s, truth)).toEqual([]);
    await expectPagesOfTruth(c, s);
  });

  it('on a terminal, Ctrl-C at the jam prompt means «stop»: the batch stays paused (exit 3), nothing hangs', async (t) => {
    if (!existsSync('/usr/bin/script')) return t.skip();
    const c = await emulatorCase({ jamAfterPage: 3 });
    const args = scanArgs(c, DEVICE, truth.dpi).filter((a) => a !== '--json');
    const command = [process.execPath, STATION_BIN, ...args].map((a) => `'${a}'`).join(' ');
    const child = spawn('/usr/bin/script', ['-qfec', command, '/dev/null'], {
      cwd: c.dir, env: { PATH: process.env.PATH, HOME: process.env.HOME, TERM: 'dumb', ...c.env }, stdio: ['pipe', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => { out += d.toString('utf8'); });
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    try {
      await new Promise<void>((resolve, reject) => {
        const check = () => out.includes('Apăsați Enter pentru a continua scanarea') && resolve();
        child.stdout.on('data', check);
        child.once('close', () => reject(new Error(`ended before the jam prompt:\n${out}`)));
      });
      child.stdin.write('\u0003');
      expect(await exited).toBe(3);
    } finally {
      child.kill('SIGKILL');
    }
    expect(out).toContain('station scan --resume');
    expect(existsSync(path.join(c.out, 'summary.json'))).toBe(false);
  });
});
