/**
 * The one pool of page workers (`page-workers.ts`): the preview measures with the first barcode
 * look in one request, a look or a read alone, all as the calling thread works them out; a worker
 * ended mid-request costs a retry, not the page; workers that cannot start leave the batch to the
 * calling thread (same result, said once); a stopped batch ends a hung worker's work, and a stop
 * while the workers start ends them.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourCases, colourPageJpeg } from '../../../fixtures/lib/colour-page.ts';
import { createBarcodeEngine, createLocalEngine, type BarcodeEngine } from '../../../station/src/barcode/barcode-engine.ts';
import { DEFAULT_LOCATOR } from '../../../station/src/barcode/barcode-locator.ts';
import { makeSeparatorRule } from '../../../station/src/barcode/separator-rule.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { isStationError, type StationError } from '../../../shared/src/errors.ts';
import { PageWorkers } from '../../../station/src/pipeline/page-workers.ts';
import type { PreviewInput } from '../../../station/src/pipeline/preview-look.ts';
import { pageWorkerEntry } from '../../../station/src/pipeline/worker-bundle.ts';
import { MAX_KERNEL_BYTES } from '../../../station/src/wasm/wasm-kernel.ts';
import { closePageContext, makePageContext, runBatch } from '../../../station/src/pipeline/pipeline.ts';
import { checkBlank } from '../../../station/src/pipeline/stages/blank-check.ts';
import { checkColour } from '../../../station/src/pipeline/stages/colour-check.ts';
import { decodePage, type PreviewLooker } from '../../../station/src/pipeline/stages/decode.ts';
import type { RawPage } from '../../../station/src/pipeline/stages/read-pages.ts';
import { previewDpi } from '../../../station/src/pipeline/page-types.ts';
import { GrayCanvas, contentPage, drawBarcode, separatorPage, toJpeg } from '../../support/make-pages.ts';
import { ManualClock } from '../../support/manual-clock.ts';
import { listTree, makeTempDir } from '../../support/temp-dirs.ts';

const FORMATS = ['Code128', 'Code39', 'QRCode', 'DataMatrix'] as const;
const look = { formats: FORMATS, locator: DEFAULT_LOCATOR, thorough: false, blank: false, dpi: 75 };
const cfg = loadConfig({ env: { STATION_DATA_DIR: '/nonexistent' } });
const rule = makeSeparatorRule(cfg.separatorPattern, []);
const ink = cfg.blank;

async function preview(value: string, format: 'Code128' | 'DataMatrix' | 'QRCode') {
  const c = new GrayCanvas(620, 877, 75, 245);
  await drawBarcode(c, { value, format, at: { x: 0.15, y: 0.1 }, moduleMm: format === 'Code128' ? 0.9 : 1.2 });
  return { data: c.data, width: c.width, height: c.height };
}

const STUB = new URL('../../support/pool-worker-stub.mjs', import.meta.url);
/** A worker that says it is ready and exits (a crash) once it holds two requests, answering none. */
const CRASH_AT_SECOND = "const { parentPort } = require('node:worker_threads'); let got = 0; parentPort.on('message', () => { if (++got === 2) process.exit(3); }); parentPort.postMessage({ ready: true });";
const raw = (bytes: Buffer, seq = 0): RawPage => ({ seq, origin: { file: `p${seq}.jpg`, pageInFile: 0, pagesInFile: 1, fileSha256: '' }, label: `p${seq}.jpg`, source: { format: 'jpeg', bytes } });

let pool: PageWorkers;
let local: BarcodeEngine;
beforeAll(async () => {
  pool = (await createBarcodeEngine(2)) as PageWorkers;
  local = await createLocalEngine();
  // the pool is there once one worker is ready; these tests count on both
  await waitFor(() => pool.threads.length === 2);
});
afterAll(() => pool.close());

describe('page workers', () => {
  it('start the number of workers asked for, or none', async () => {
    expect(pool).toBeInstanceOf(PageWorkers);
    expect(pool.size).toBe(2);
    expect(pool.threads.length).toBe(2);
    expect(await createBarcodeEngine(0)).not.toBeInstanceOf(PageWorkers);
  });

  it('start from one bundled JavaScript module, without the TypeScript loader', async () => {
    const entry = await pageWorkerEntry();
    expect(entry.pathname).toMatch(/\/node_modules\/\.cache\/scan-station\/page-worker-[0-9a-f]{16}\.mjs$/);
    const code = await readFile(entry, 'utf8');
    expect(code).not.toMatch(/from ["'][^"']+\.ts["']/);
    // nor sharp: a worker has no use for libvips (a ready worker beside a main thread with sharp loaded: RSS 21.5 → 16.8 MB, V8 heap 15.9 → 9.5 MB)
    expect(code).not.toMatch(/(from|import\() *["']sharp["']/);
    // a worker started from it with no loader at all answers a read
    const w = new Worker(entry, { execArgv: [] });
    try {
      await new Promise((resolve, reject) => (w.once('message', resolve), w.once('error', reject)));
      const answer = new Promise<{ ok: boolean; value: unknown }>((resolve) => w.once('message', resolve));
      w.postMessage({ id: 1, op: 'read', img: await preview('1203/28.09.2021', 'QRCode'), opts: { formats: FORMATS, tryHarder: true, maxSymbols: 4 } });
      expect(await answer).toMatchObject({ ok: true, value: [{ text: '1203/28.09.2021' }] });
    } finally {
      await w.terminate();
    }
  });

  it('look and read as the calling thread does, many requests at once', async () => {
    const pages = await Promise.all([
      preview('84512/27.09.2021', 'Code128'),
      preview('5/30.09.2021', 'DataMatrix'),
      preview('1203/28.09.2021', 'QRCode'),
      { data: new Uint8Array(620 * 877).fill(245), width: 620, height: 877 },
    ]);
    const fromPool = await Promise.all([...pages, ...pages].map((p) => pool.lookAtPreview(p, look)));
    const fromLocal = await Promise.all(pages.map((p) => local.lookAtPreview(p, look)));
    expect(fromPool).toEqual([...fromLocal, ...fromLocal]);
    expect(fromLocal.map((l) => l.found.map((b) => b.text))).toEqual([expect.anything(), ['5/30.09.2021'], ['1203/28.09.2021'], []]);
    expect(fromLocal[3]).toEqual({ found: [], closer: false, windows: [], patches: [] });
    const direct = await pool.read(pages[2]!, { formats: FORMATS, tryHarder: true, maxSymbols: 4 });
    expect(direct.map((b) => b.format)).toEqual(['QRCode']);
  });

  it('measure a preview and take the first look in one request: the same preview, colour, ink and look as the calling thread', async () => {
    const cases = colourCases();
    const picked = [cases.find((c) => c.colour)!, cases.find((c) => !c.colour)!];
    const pages: Buffer[] = [];
    for (const c of picked) pages.push(await colourPageJpeg({ ...c.spec, dpi: 200, seed: `w-${c.name}` }));
    // a one-component gray JPEG: no colour preview, the gray one goes to the worker
    pages.push(await sharp(pages[0]!).greyscale().jpeg({ quality: 85 }).toBuffer());
    const looker: PreviewLooker = { ink, measure: (i, at) => pool.measure(i, 'p.jpg', { formats: FORMATS, locator: DEFAULT_LOCATOR, separator: rule, maxInkRatio: ink.maxInkRatio, ...at }) };
    const decisions: string[] = [];
    for (const [i, bytes] of pages.entries()) {
      const s = { jpegQuality: 85, lossless: false, assumedDpi: 200 };
      const hereColour = checkColour(await decodePage(raw(bytes, i), s));
      const here = { ...hereColour, ...(await checkBlank(hereColour, ink)) };
      const hereLook = await local.lookAtPreview(here.preview, { formats: FORMATS, locator: DEFAULT_LOCATOR, separator: rule, thorough: here.previewScale === 1, blank: here.blank.isBlank, dpi: previewDpi(here) });
      const awayColour = checkColour(await decodePage(raw(bytes, i), s, looker));
      const away = { ...awayColour, ...(await checkBlank(awayColour, ink)) };
      expect(away.measured?.look).toEqual(hereLook);
      expect(away.colour).toEqual(here.colour);
      expect(away.blank).toEqual(here.blank);
      expect(Buffer.from(away.preview.data).equals(Buffer.from(here.preview.data))).toBe(true);
      expect(away.colourPreview === undefined).toBe(here.colourPreview === undefined);
      if (here.colourPreview) expect(Buffer.compare(away.colourPreview!.data, here.colourPreview.data)).toBe(0);
      decisions.push(away.colour.decision);
    }
    expect(decisions).toEqual(['colour', 'gray', 'gray']);
  });

  it('what a page got back stays as it was while later pages go through (the memory previews travel in is used again, never handed out)', async () => {
    const pageOf = (v: number, width: number, height: number) => ({ data: new Uint8Array(width * height * 3).fill(v), width, height });
    const kept = await Promise.all([10, 60, 110, 160].map((v) => pool.measure({ rgb: pageOf(v, 200, 300), pxPerMm: 100 / 25.4, ink }, `p${v}.jpg`)));
    const tones = kept.map((m) => m.preview!.data[0]);
    // more pages, of the same size and smaller and larger, through the same memory
    for (let i = 0; i < 12; i++) {
      const [w, h] = ([[200, 300], [150, 100], [260, 380]] as const)[i % 3]!;
      const m = await pool.measure({ rgb: pageOf(200 + i, w, h), pxPerMm: 100 / 25.4, ink }, `q${i}.jpg`);
      expect(m.preview!.data.length).toBe(w * h);
      expect(m.preview!.data.every((v) => v === m.preview!.data[0])).toBe(true);
    }
    expect(kept.map((m) => m.preview!.data[0])).toEqual(tones);
    expect(kept.every((m, i) => m.pixels.every((v) => v === [10, 60, 110, 160][i]) && m.preview!.data.every((v) => v === tones[i]))).toBe(true);
  });

  it('the caller keeps its pixels; a worker ended mid-request costs a retry on a restarted worker, not the page', async () => {
    const rgb = { data: Buffer.alloc(300 * 400 * 3, 250), width: 300, height: 400 };
    const first = await pool.measure({ rgb, pxPerMm: 100 / 25.4, ink }, 'p.jpg');
    expect(first.pixels).toBe(rgb.data); // its own: the copy the worker had carries a later page
    expect(rgb.data.every((v) => v === 250)).toBe(true);
    expect(first.preview!.data.length).toBe(300 * 400);

    // a large preview and a thorough read of noise: both workers are at them when they are ended
    let seed = 1;
    const noise = { data: new Uint8Array(2480 * 3508).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff), width: 2480, height: 3508 };
    const big = { data: Buffer.alloc(1500 * 2000 * 3, 250), width: 1500, height: 2000 };
    const measured = pool.measure({ rgb: big, pxPerMm: 100 / 25.4, ink }, 'big.jpg');
    const read = pool.read(noise, { formats: FORMATS, tryHarder: false, maxSymbols: 1 }, 'noise.jpg');
    const ended = pool.threads;
    await Promise.all(ended.map((w) => w.terminate()));
    const m = await measured;
    expect(m.colour.decision).toBe('gray');
    expect(m.preview!.data.length).toBe(1500 * 2000);
    expect(Buffer.from(m.pixels).equals(big.data)).toBe(true); // a fresh copy was sent to the restarted worker
    expect(await read).toEqual([]);
    expect((await pool.measure({ rgb, pxPerMm: 100 / 25.4, ink }, 'p.jpg')).inkRatio).toBe(first.inkRatio);
    expect(pool.threads.length).toBe(2); // restarted, not answered in this thread instead
    expect(pool.threads.every((w) => !ended.includes(w))).toBe(true);
  });
});

describe('a preview too large for the kernels\' memory', () => {
  // its size as a page worker is told it (no gigabyte allocated: the kernel's room is refused before it grows)
  const huge: PreviewInput[] = [
    { rgb: { data: new Uint8Array(30), width: 40_000, height: 40_000 }, pxPerMm: 100 / 25.4, ink },
    { gray: { data: new Uint8Array(10), width: 70_000, height: 70_000 }, pxPerMm: 100 / 25.4, ink },
  ];
  const small = { rgb: { data: Buffer.alloc(120 * 90 * 3, 240), width: 120, height: 90 }, pxPerMm: 100 / 25.4, ink };

  it('fails as its page, INPUT_TOO_LARGE naming it, in a worker and in the calling thread; the next page is measured', async () => {
    const refused = await PageWorkers.start(1, { spawn: () => new Worker(STUB, { workerData: { failStart: true } }), clock: new ManualClock() });
    try {
      for (const [workers, where] of [[pool, 'worker'], [refused, 'calling thread']] as const) {
        for (const input of huge) {
          const err = await workers.measure(input, 'scan.pdf, pagina 3', { formats: FORMATS, locator: DEFAULT_LOCATOR, separator: rule, maxInkRatio: ink.maxInkRatio, dpi: 100, thorough: false }).then(() => null, (e: unknown) => e);
          expect(isStationError(err, 'INPUT_TOO_LARGE'), `${where}: ${String(err)}`).toBe(true);
          expect((err as Error).message).toMatch(/^scan\.pdf, pagina 3: pagina este prea mare pentru a fi analizată; ar avea nevoie de \d+(,\d)? GB de memorie de lucru/);
          expect((err as StationError).details.page).toBe('scan.pdf, pagina 3');
          // the kernel's details too, sent along from the worker
          expect((err as StationError).details.needBytes).toBeGreaterThan(MAX_KERNEL_BYTES);
          expect((err as StationError).details.maxBytes).toBe(MAX_KERNEL_BYTES);
        }
        expect((await workers.measure(small, 'p.jpg')).colour.decision).toBe('gray');
      }
      expect(refused.ranHereNotStarted).toBe(3);
    } finally {
      await refused.close();
    }
  });
});

describe('a batch', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir('page-workers-batch-')));
  afterAll(() => cleanup());

  it('comes out the same with the page workers and with none (everything in the calling thread)', async () => {
    const inDir = path.join(dir, 'in');
    await mkdir(inDir, { recursive: true });
    const cases = colourCases();
    const pages: [string, Promise<Buffer>][] = [
      ['p1.jpg', contentPage(150, 1).then((c) => toJpeg(c))],
      ['p2.jpg', separatorPage(150, { value: '84512/27.09.2021', format: 'Code128' }).then((c) => toJpeg(c))],
      ['p3.jpg', colourPageJpeg({ ...cases.find((c) => c.colour)!.spec, dpi: 200, seed: 'b3' })],
      ['p4.jpg', separatorPage(150, { value: '1203/28.09.2021', format: 'QRCode' }).then((c) => toJpeg(c))],
      ['p5.jpg', colourPageJpeg({ ...cases.find((c) => !c.colour)!.spec, dpi: 200, seed: 'b5' })],
    ];
    const files: string[] = [];
    for (const [name, bytes] of pages) {
      const f = path.join(inDir, name);
      await writeFile(f, await bytes);
      files.push(f);
    }
    const warned: unknown[] = [];
    const run = async (barcodeWorkers: number, refusing = false, restarting = false) => {
      const c = { ...cfg, barcodeWorkers };
      const ctx = await makePageContext(refusing || restarting ? { ...c, barcodeWorkers: 0 } : c, []);
      if (restarting) {
        // the first worker crashes with two requests in it: the first waits for the restarted (real) worker,
        // the other runs in the calling thread meanwhile, an ordinary restart
        const entry = await pageWorkerEntry();
        let spawned = 0;
        const restarted = await PageWorkers.start(barcodeWorkers, { spawn: () => (spawned++ === 0 ? new Worker(CRASH_AT_SECOND, { eval: true }) : new Worker(entry)) });
        ctx.workers = restarted;
        ctx.barcode.engine = restarted;
      }
      if (refusing) {
        // workers that fail while starting: the batch is done in the calling thread (a clock that stands still: the
        // slots are not tried again however long the batch takes on a loaded machine, so each is logged once)
        const refused = await PageWorkers.start(barcodeWorkers, { spawn: () => new Worker(STUB, { workerData: { failStart: true } }), log: { warn: (o: unknown) => void warned.push(o), info: () => {} }, clock: new ManualClock() });
        ctx.workers = refused;
        ctx.barcode.engine = refused;
      }
      try {
        expect(ctx.workers === undefined).toBe(barcodeWorkers === 0);
        const s = await runBatch(files, ctx, c, { batchId: `20261130-120000-w${barcodeWorkers}`, outDir: path.join(dir, `out${barcodeWorkers}${refusing ? 'r' : ''}${restarting ? 'c' : ''}`), duplex: false, removeBlank: false, genericSeparators: [], concurrency: 4 });
        // the PDFs name their batch (their hashes differ); everything else must not
        const { sha256: _u, ...unassigned } = s.unassigned ?? { sha256: '' };
        return { ...s, batchId: '', startedAt: '', endedAt: '', unassigned, documents: s.documents.map(({ sha256: _h, ...d }) => ({ ...d, file: path.basename(d.file ?? '') })) };
      } finally {
        await closePageContext(ctx);
      }
    };
    const [none, two] = [await run(0), await run(2)];
    expect(two).toEqual(none);
    expect(two.separatorPages).toBe(2);
    expect(two.pageColour).toEqual(none.pageColour);

    // no worker can start: every page still done (here), the same result, said once to the clerk and logged
    const { warnings, ...refused } = await run(2, true);
    const { warnings: noneWarnings, ...rest } = none;
    expect(refused).toEqual(rest);
    expect(refused.pagesIn).toBe(5);
    expect(warnings).toEqual([...noneWarnings, { code: 'PAGE_WORKERS_UNAVAILABLE', message: expect.stringMatching(/^Prelucrarea paginilor în paralel nu a putut porni/) }]);
    expect(warned).toEqual([{ reason: 'stub worker refuses to start' }, { reason: 'stub worker refuses to start' }]);

    // a worker that crashed and restarted while the calling thread took a request: nothing to say to the clerk
    const { warnings: restartWarnings, ...restarted } = await run(1, false, true);
    expect(restarted).toEqual(rest);
    expect(restartWarnings).toEqual(noneWarnings);
  });
});

describe('a stopped batch', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  beforeAll(async () => ({ dir, cleanup } = await makeTempDir('page-workers-')));
  afterAll(() => cleanup());

  it('ends the work of a hung worker: the batch ends CANCELLED, nothing written', async () => {
    const inDir = path.join(dir, 'in');
    await mkdir(inDir, { recursive: true });
    const file = path.join(inDir, 'p1.jpg');
    await writeFile(file, await colourPageJpeg({ ...colourCases()[0]!.spec, dpi: 200, seed: 'hung' }));
    const ctx = await makePageContext({ ...cfg, barcodeWorkers: 0 }, []);
    // workers that never answer: the page's measure hangs until the batch is stopped
    const hung = await PageWorkers.start(1, { spawn: () => new Worker(STUB, { workerData: { onEvery: 'block' } }) });
    ctx.workers = hung;
    ctx.barcode.engine = hung;
    const ac = new AbortController();
    const batch = runBatch([file], ctx, cfg, { batchId: '20261130-120000-hung', outDir: path.join(dir, 'out'), duplex: false, removeBlank: false, genericSeparators: [], concurrency: 2, signal: ac.signal });
    try {
      // the page reaches the worker (its answer never comes), then the clerk stops the batch
      await waitFor(() => hung.inFlight > 0);
      ac.abort();
      await expect(batch).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      await closePageContext(ctx);
    }
    expect((await listTree(path.join(dir, 'out'))) ?? []).toEqual([]);
  });

  it('stopped before it begins (Ctrl-C while the workers started): CANCELLED, no page read, nothing written', async () => {
    const file = path.join(dir, 'early.jpg');
    await writeFile(file, await toJpeg(await contentPage(150, 2)));
    const ctx = await makePageContext({ ...cfg, barcodeWorkers: 0 }, []);
    const ac = new AbortController();
    ac.abort();
    const read: string[] = [];
    try {
      const batch = runBatch([file], ctx, cfg, { batchId: '20261130-120000-early', outDir: path.join(dir, 'out-early'), duplex: false, removeBlank: false, genericSeparators: [], concurrency: 2, signal: ac.signal, onFile: (f) => void read.push(f) });
      await expect(batch).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      await closePageContext(ctx);
    }
    expect(read).toEqual([]);
    expect(await listTree(path.join(dir, 'out-early'))).toBeFalsy();
  });

  it('stopped while its output folder is prepared (before it listens for a stop): CANCELLED, no page read, nothing written', async () => {
    const file = path.join(dir, 'prepare.jpg');
    await writeFile(file, await toJpeg(await contentPage(150, 3)));
    const ctx = await makePageContext({ ...cfg, barcodeWorkers: 0 }, []);
    const ac = new AbortController();
    const read: string[] = [];
    try {
      const batch = runBatch([file], ctx, cfg, { batchId: '20261130-120000-prep', outDir: path.join(dir, 'out-prep'), duplex: false, removeBlank: false, genericSeparators: [], concurrency: 2, signal: ac.signal, onFile: (f) => void read.push(f) });
      ac.abort(); // runBatch is at its first wait: the output folder being prepared
      await expect(batch).rejects.toMatchObject({ code: 'CANCELLED' });
    } finally {
      await closePageContext(ctx);
    }
    expect(read).toEqual([]);
    expect((await listTree(path.join(dir, 'out-prep'))) ?? []).toEqual([]);
  });

  it('Ctrl-C as the page workers start: the context is not made (CANCELLED)', async () => {
    const ac = new AbortController();
    const making = makePageContext({ ...cfg, barcodeWorkers: 2 }, [], { signal: ac.signal });
    ac.abort();
    await expect(making).rejects.toMatchObject({ code: 'CANCELLED' });
  });
});

/** Waits for a condition, a turn of the event loop at a time. */
async function waitFor(ok: () => boolean): Promise<void> {
  while (!ok()) await new Promise((r) => setImmediate(r));
}
