/**
 * `station scan --driver escl` end to end: the station speaks eSCL to the emulator itself (no SANE,
 * no process), with real separator sheets (fixtures/samples). The scanner's JPEG must reach the
 * PDFs byte for byte; a jam pauses the batch and `--resume` finishes every document whole.
 */
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Truth } from '../../../fixtures/lib/truth.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { compareWithTruth } from '../../../station/src/cli/demo-command.ts';
import { startEsclEmulator, type EsclEmulator, type EsclEmulatorOptions } from '../../support/escl-emulator.ts';
import { readFixturePageMarks } from '../../support/pdf-tools.ts';
import { killAll, runNode, STATION_BIN } from '../../support/real-processes.ts';
import { events, loadSample, summaryOf } from '../../support/scan-results.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
let n = 0;
let truth: Truth;
let pages: Buffer[];
let emulator: EsclEmulator | undefined;

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('scan-escl-'));
  ({ truth, pages } = await loadSample('simplex-symbologies'));
});
afterEach(async () => {
  killAll();
  await emulator?.close();
  emulator = undefined;
});
afterAll(() => cleanup());

interface Case { dir: string; out: string; env: NodeJS.ProcessEnv; emu: EsclEmulator }

async function newCase(over: Partial<EsclEmulatorOptions> = {}): Promise<Case> {
  const dir = path.join(root, `case${++n}`);
  await mkdir(dir, { recursive: true });
  const emu = await startEsclEmulator({ pages, resolutions: [truth.dpi], ...over });
  emulator = emu;
  // SANE pointed at an empty folder: the scan must not need it
  const env: NodeJS.ProcessEnv = { STATION_DATA_DIR: path.join(dir, 'data'), STATION_ESCL_SCANNERS: emu.url, SANE_CONFIG_DIR: dir, LANG: 'C.UTF-8' };
  return { dir, out: path.join(dir, 'documente'), env, emu };
}

const scanArgs = (c: Case) => ['scan', '--driver', 'escl', '--device', c.emu.url, '--source', 'adf', '--resolution', String(truth.dpi), '--mode', 'gray', '--out', c.out, '--json'];

/** Each document's PDF holds its own pages in order (page marks read back), and each page is the scanner's JPEG byte for byte. */
async function expectScannerPages(c: Case, s: SplitSummary): Promise<void> {
  const got: Record<string, unknown> = {};
  const pdfs: Buffer[] = [];
  for (const d of s.documents) {
    got[d.id] = d.file === null ? [] : await readFixturePageMarks(path.join(c.out, d.file));
    if (d.file) pdfs.push(await readFile(path.join(c.out, d.file)));
  }
  expect(got).toEqual(Object.fromEntries(truth.documents.map((d) => [d.id, d.pages])));
  const all = Buffer.concat(pdfs);
  const inPdfs = pages.filter((p) => all.includes(p)).length;
  expect(inPdfs).toBe(s.documents.reduce((k, d) => k + d.pages, 0));
}

describe('station scan --driver escl against the eSCL emulator', () => {
  it('splits the batch into the right documents while the feeder runs; the scanner JPEG reaches the PDF untouched', async () => {
    const c = await newCase();
    const r = await runNode(STATION_BIN, scanArgs(c), { env: c.env, cwd: c.dir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const ev = events(r.stdout);
    expect(ev.filter((e) => e.event === 'page-scanned')).toHaveLength(pages.length);
    expect(ev.at(-1)).toMatchObject({ event: 'batch-end', pagesIn: pages.length });
    const s = await summaryOf(c);
    expect(compareWithTruth(s, truth)).toEqual([]);
    await expectScannerPages(c, s);
    expect(c.emu.requests.find((q) => q.method === 'POST')!.body).toContain('<scan:ColorMode>Grayscale8</scan:ColorMode>');
  });

  it('a jam after page 5 pauses (exit 3) with the way on in Romanian; --resume finishes every document whole', async () => {
    const c = await newCase({ jamAfterPage: 5 });
    const first = await runNode(STATION_BIN, scanArgs(c), { env: c.env, cwd: c.dir });
    expect(first.code).toBe(3);
    const ev = events(first.stdout);
    expect(ev.filter((e) => e.event === 'page-scanned')).toHaveLength(5);
    const paused = ev.find((e) => e.event === 'paused')!;
    expect(paused).toMatchObject({ code: 'PAPER_JAM', pagesSoFar: 5 });
    expect(paused.message).toContain('Hârtia s-a blocat în scaner după pagina 5');
    const batchId = String(paused.batchId);

    c.emu.clearJam();
    const second = await runNode(STATION_BIN, ['scan', '--resume', batchId, '--json'], { env: c.env, cwd: c.dir });
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(events(second.stdout)[0]).toMatchObject({ event: 'batch-start', resumed: true, replayedFiles: 5 });
    const s = await summaryOf(c);
    expect(s.batchId).toBe(batchId);
    expect(compareWithTruth(s, truth)).toEqual([]);
    await expectScannerPages(c, s);
  });

  it('a scanner not in the configuration is refused in Romanian, and nothing is written', async () => {
    const c = await newCase();
    const r = await runNode(STATION_BIN, scanArgs(c), { env: { ...c.env, STATION_ESCL_SCANNERS: 'http://127.0.0.1:9/eSCL' }, cwd: c.dir });
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain('nu este în configurare');
    expect(c.emu.requests).toEqual([]);
  });
});
