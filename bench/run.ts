/**
 * `npm run bench`: the station's and the server's figures from one run on this machine.
 *   1. a 300 dpi A4 grayscale JPEG batch (≥200 pages) with its truth, generated once and cached;
 *   2. the limit: those images read and decoded at the scale the station's first look needs (its
 *      preview, 1/4 at 300 dpi) or in full, whichever is faster (decode-limit.ts; 1/8 beside them),
 *      nothing else, same concurrency;
 *   3. `station split` of the same images: pages/s, ratio to the limit, peak RSS, stage times;
 *   3b. the speed batches (batch-speed.ts): dense letters, gray and colour, 200 and 300 dpi,
 *      separators at 10 % and 25 %: split, limit, ratio, CPU a page and where it goes;
 *   3c. separation (separation-cost.ts): the batch of 1 with registration labels instead of separator
 *      sheets (--separation label) and with Patch T sheets (--separator PATCHT), same document
 *      pages: per document page beside the sheet batch, the ratio and the 10 % target;
 *   4. the same batch as one scanner PDF: split by the station vs. the usual method (render each
 *      page at 300 dpi + zxing on the whole page), side by side;
 *   5. live scanning against the eSCL emulator at 400 images/min, through real scanimage + sane-airscan
 *      and through the station's own eSCL driver, gray and colour; and scan-to-folder (pages written into a watched folder at that pace);
 *   6. peak RSS at 200 and at 2,000 pages;
 *   7. accuracy: every batch above and the committed fixture batches must come out exactly as
 *      their truth says, and every kept page of the fixture batches must look like its scanned
 *      page (size, orientation, tone, likeness, colour), or the bench fails (exit code 1);
 *   8. disk cost of a 300 dpi A4 text page per storage mode; 8b. storage (storage-cost.ts): colour scans
 *      split with --storage original | auto | auto-bitonal, bytes and speed per page, a week of the
 *      seed's office; 9. registry server figures. The accuracy part also checks every page's colour
 *      decision on the colour batches (colour-accuracy.ts).
 * Options: --pages N (200) --large N (2000; 0 skips) --baseline-step N (1: every page) --live N (120; 0 skips) --no-ui
 *          --skip-fixtures (leave out the 200/300 dpi fixture batches) --no-server --cache DIR (generated batches go in DIR/gen-<generator key>)
 *          --only main,speed,separation,ui,pdf,live,memory,disk,storage,tiff,accuracy,server (the parts to run; default all)
 *          --storage-pages N (12: pages of each storage batch, gray-content and colour, at 200 and 300 dpi)
 *          --separation-rounds N (3: sheet, label and Patch T splits taken in turn N times, best of each)
 *          --speed-batches gray-200,gray-300,colour-200,colour-300 --separator-shares 10,25 --speed-pages N (200)
 *          --cost-pages N (40; 0 leaves out where a page's time goes) --colour-large N (2000; 0 skips)
 * Figures only: targets are shown next to them, never asserted in tests.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { generateBatch, generateBenchBatch, SCENARIOS } from '../fixtures/lib/index.ts';
import { loadConfig } from '../station/src/config.ts';
import type { BarcodeStats } from '../station/src/pipeline/stages/barcode.ts';
import { previewFactor } from '../station/src/pipeline/stages/decode.ts';
import { checkColourBatches, checkOutput, checkSampleBatches } from './accuracy.ts';
import { measureStorage, MODES, WEEK_PAGES, weekGb } from './storage-cost.ts';
import { measureSeparation } from './separation-cost.ts';
import { batchName, measureSpeedBatch, parseSpeedBatches, speedBatch } from './batch-speed.ts';
import { runChild } from './child.ts';
import { chooseLimit, type DecodeFigures, limitRoute, limitRoutes, routeName } from './decode-limit.ts';
import { generatorKey } from './generator-key.ts';
import { measureDiskCost } from './disk-cost.ts';
import { measureFolderLive, measureLiveScan } from './live-scan.ts';
import { measureMultipageTiff } from './multipage-tiff.ts';
import { makeScannerPdf } from './scanner-pdf.ts';
import { runServerBench, serverBenchRows } from './server-bench.ts';
import { measureReviewPage } from './ui-bench.ts';

interface SplitFigures { ms: number; pagesIn: number; peakRssMb: number; stagesMs: Record<string, number>; concurrency: number; barcodeStats: BarcodeStats }
interface BaselineFigures { ms: number; pages: number; renderMs: number; zxingMs: number }

const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '200' },
    large: { type: 'string', default: '2000' },
    'baseline-step': { type: 'string', default: '1' },
    live: { type: 'string', default: '120' },
    'no-server': { type: 'boolean', default: false },
    'no-ui': { type: 'boolean', default: false },
    'skip-fixtures': { type: 'boolean', default: false },
    cache: { type: 'string', default: path.join(tmpdir(), 'scan-station-bench') },
    only: { type: 'string', default: 'main,speed,separation,ui,pdf,live,memory,disk,storage,tiff,accuracy,server' },
    'storage-pages': { type: 'string', default: '12' },
    'separation-rounds': { type: 'string', default: '3' },
    'speed-batches': { type: 'string', default: 'gray-200,gray-300,colour-200,colour-300' },
    'separator-shares': { type: 'string', default: '10,25' },
    'speed-pages': { type: 'string', default: '200' },
    'cost-pages': { type: 'string', default: '40' },
    'colour-large': { type: 'string', default: '2000' },
  },
});
const parts = new Set(values.only!.split(',').map((p) => p.trim()));
const want = (part: string) => parts.has(part);
// generated batches live under a key of the generators' source: a changed generator never reuses old pages
const cache = path.join(values.cache!, `gen-${await generatorKey()}`);
const pages = Math.max(200, Number(values.pages));
const large = Number(values.large);
const step = Math.max(1, Number(values['baseline-step']));
const livePages = Number(values.live);
const problems: string[] = [];
const rows: [string, string, string][] = [];
const fmt = (n: number, d = 1) => n.toFixed(d);
const rate = (n: number, ms: number) => (n * 1000) / ms;
const row = (what: string, figure: string, target = '') => {
  rows.push([what, figure, target]);
  process.stdout.write(`  ${what.padEnd(58)} ${figure.padEnd(22)} ${target}\n`);
};
const verdict = (ok: boolean) => (ok ? 'met' : 'NOT MET');

async function benchBatch(n: number): Promise<string> {
  const dir = path.join(cache, `300dpi-${n}`);
  if (existsSync(path.join(dir, 'truth.json')) && (await readdir(dir)).filter((f) => f.endsWith('.jpg')).length === n) return dir;
  process.stdout.write(`generating a ${n}-page 300 dpi batch in ${dir} …\n`);
  await generateBenchBatch(dir, { pages: n, dpi: 300 });
  return dir;
}

async function split(input: string, truthDir: string, label: string): Promise<SplitFigures> {
  const out = await mkdtemp(path.join(tmpdir(), 'bench-out-'));
  try {
    const f = await runChild<SplitFigures>('./split-child.ts', [input, path.join(out, 'o')]);
    problems.push(...(await checkOutput(path.join(out, 'o'), truthDir)).map((p) => `${label}: ${p}`));
    return f;
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const cfg = loadConfig({ env: { STATION_DATA_DIR: path.join(tmpdir(), 'scan-station-bench-data') } });
process.stdout.write(`Scan Station bench — ${cpus()[0]?.model ?? 'cpu'}, ${availableParallelism()} cores, Node ${process.version}; ` +
  `concurrency ${cfg.concurrency}, barcode workers ${cfg.barcodeWorkers}\n\n`);

const dir = await benchBatch(pages);
let s: SplitFigures | null = null;
let splitRate = 0;
if (want('main')) {
  process.stdout.write(`Station, ${pages} pages, 300 dpi A4 gray JPEG (${dir})\n`);
  // the limit: the same files decoded at the scale of the station's first look (its preview, at 300 dpi: resized or DCT-scaled) or in full, whichever is fastest
  const preview = previewFactor(300);
  const decode = await runChild<DecodeFigures>('./decode-child.ts', [dir, String(cfg.concurrency), limitRoutes(preview).join(',')]);
  s = await split(dir, dir, `split ${pages}`);
  splitRate = rate(s.pagesIn, s.ms);
  const limit = chooseLimit(decode, preview);
  row(`limit pages/s: ${limitRoute(limit)}`, fmt(limit.pagesPerSecond), Object.entries(decode.scales).map(([k, v]) => `${routeName(k)}: ${fmt(rate(decode.pages, v.ms))}`).join(', '));
  row('station split end to end, pages/s', fmt(splitRate), `≥ 40: ${verdict(splitRate >= 40)}`);
  row('split / limit', fmt(splitRate / limit.pagesPerSecond, 2), `≥ 0.7: ${verdict(splitRate / limit.pagesPerSecond >= 0.7)}`);
  row(`peak RSS, split of ${pages} pages, MB`, fmt(s.peakRssMb, 0));
  row('stage time summed over pages in flight, ms', Object.entries(s.stagesMs).map(([k, v]) => `${k} ${Math.round(v)}`).join(', '));
  row('pages read again for barcodes: dense patch / window / whole page', `${s.barcodeStats.patchReads} / ${s.barcodeStats.windowReads} / ${s.barcodeStats.closerReads} of ${s.barcodeStats.pages}`);
}

if (want('separation')) {
  // issue 13: documents started by registration labels or by Patch T sheets instead of separator sheets
  const rounds = Math.max(1, Number(values['separation-rounds']));
  process.stdout.write(`\nSeparation: the same ${pages}-page batch with separator sheets, with registration labels instead, with Patch T sheets (300 dpi; best of ${rounds} runs each, taken in turn)\n`);
  const sep = await measureSeparation(dir, cache, rounds);
  problems.push(...sep.problems);
  const sheet = sep.runs.find((r) => r.name === 'sheet')!;
  const cpu = (r: { cpuMsPerDocPage: number | null }) => (r.cpuMsPerDocPage === null ? '–' : fmt(r.cpuMsPerDocPage));
  for (const r of sep.runs) {
    const what = r.name === 'sheet' ? 'sheet batch' : r.name === 'label' ? 'label batch' : 'Patch T batch';
    const slower = r.msPerDocPage / sheet.msPerDocPage - 1;
    const cpuSlower = r.cpuMsPerDocPage !== null && sheet.cpuMsPerDocPage !== null ? r.cpuMsPerDocPage / sheet.cpuMsPerDocPage - 1 : null;
    const pct = (x: number) => `${x >= 0 ? '+' : ''}${fmt(100 * x, 0)} %`;
    process.stdout.write(`  ${what} (${r.args}): ${r.pagesIn} pages in, ${r.documentPages} document pages\n`);
    row('    ms per document page: wall / CPU (every thread)', `${fmt(r.msPerDocPage)} / ${cpu(r)}`, `${fmt(r.pagesPerSecond)} pages/s`);
    row('    pages read again: dense patch / window / whole page', `${r.barcodeStats.patchReads} / ${r.barcodeStats.windowReads ?? '–'} / ${r.barcodeStats.closerReads} of ${r.barcodeStats.pages}`);
    row('    stage time a page, summed over pages in flight, ms', ['decode', 'barcode', 'pdf-write'].map((k) => `${k} ${fmt(r.stageMsPerPage[k] ?? 0)}`).join(', '));
    if (r.name !== 'sheet') {
      const met = slower <= 0.1 && (cpuSlower === null || cpuSlower <= 0.1);
      row('    per document page vs the sheet batch: wall / CPU', `${pct(slower)} / ${cpuSlower === null ? '–' : pct(cpuSlower)}`, `≤ +10 %: ${verdict(met)}`);
    }
  }
}

if (want('speed')) {
  const speedPages = Math.max(20, Number(values['speed-pages']));
  process.stdout.write(`\nSpeed batches: ${speedPages} dense letters (~40 lines) each, A4 JPEG q85, concurrency ${cfg.concurrency}\n`);
  process.stdout.write(`  limit = read + decode at the preview's scale (1/${previewFactor(300)} at 300 dpi, 1/${previewFactor(200)} at 200 dpi: sharp's resize or libjpeg's DCT scaling) or in full, whichever is fastest, same files, same run\n`);
  process.stdout.write('  (resize: sharp takes no shrink-on-load at exactly 1/2, a full decode and a reduce; 1/4 and 1/8 are shrink-on-load 2 and 4, then a reduce by 2. DCT: the file as page.jpg[shrink=N], libjpeg alone)\n');
  for (const b of parseSpeedBatches(values['speed-batches']!, values['separator-shares']!)) {
    const f = await measureSpeedBatch(cache, b, speedPages, cfg.concurrency, Number(values['cost-pages']), (l) => process.stdout.write(`${l}\n`));
    problems.push(...f.problems);
    const ratio = f.split / f.limit;
    const target = b.colour && b.dpi === 300 ? `≥ 0.7× and ≥ 40: ${verdict(ratio >= 0.7 && f.split >= 40)}` : `≥ 0.7×: ${verdict(ratio >= 0.7)}`;
    process.stdout.write(`  ${batchName(b, speedPages)}\n`);
    row('    station split end to end, pages/s', fmt(f.split), target);
    const l = f.limitRoute;
    const bothCpu = [`1/${l.previewScale} resize ${fmt(l.preview.cpuMsPerPage)}`, ...(l.dct ? [`1/${l.previewScale} DCT ${fmt(l.dct.cpuMsPerPage)}`] : []), ...(l.full ? [`full ${fmt(l.full.cpuMsPerPage)}`] : [])].join(', ');
    row(`    limit: ${limitRoute(l)}; split / limit`, `${fmt(f.limit)} pages/s; ${fmt(ratio, 2)}`, Object.entries(f.rates).map(([k, v]) => `${routeName(k)}: ${fmt(v)}`).join(', '));
    row('    CPU ms a page: split (every thread) / limit', `${fmt(f.splitCpuMsPerPage)} / ${fmt(f.limitCpuMsPerPage)}`, `decode CPU ms a page: ${bothCpu}; peak RSS ${fmt(f.peakRssMb, 0)} MB`);
    row('    split\'s main thread: CPU ms a page; busy share of wall', `${f.splitMainCpuMsPerPage === null ? '–' : fmt(f.splitMainCpuMsPerPage)}; ${fmt(f.splitMainBusyShare, 2)}`, `busy ${fmt(f.splitMainBusyMsPerPage)} ms a page (wall)`);
    if (Object.keys(f.cost).length > 0) {
      row('    where a page\'s CPU goes, ms (one at a time)', Object.entries(f.cost).map(([k, v]) => `${k} ${fmt(v)}`).join(', '));
      const sum = Object.values(f.cost).reduce((a, v) => a + v, 0);
      row('    GC pauses within those steps, wall ms a page', Object.entries(f.costGc).filter(([, v]) => v >= 0.05).map(([k, v]) => `${k} ${fmt(v)}`).join(', ') || '–');
      row('    steps\' sum; split − sum (unaccounted)', `${fmt(sum)}; ${f.unaccounted! >= 0 ? '+' : ''}${fmt(f.unaccounted!)}`, `split's main-thread GC pauses ${fmt(f.splitGcMsPerPage)} ms a page (wall)`);
    }
    row('    pages read again: dense patch / window / whole page', `${f.barcodeStats.patchReads} / ${(f.barcodeStats as { windowReads?: number }).windowReads ?? '–'} / ${f.barcodeStats.closerReads} of ${f.barcodeStats.pages}`);
  }
}

if (want('ui') && !values['no-ui']) {
  // the web app's thumbnails come from the preview the decode stage already made; on and off
  // alternate, best of two each, so a machine busy with something else weighs on both alike
  const onRates: number[] = [];
  const offRates: number[] = [];
  if (s) offRates.push(splitRate);
  for (let round = 0; round < 2; round++) {
    const on = await runChild<SplitFigures>('./split-child.ts', [dir, path.join(await mkdtemp(path.join(tmpdir(), 'bench-out-')), 'o'), '--thumbnails']);
    onRates.push(rate(on.pagesIn, on.ms));
    if (offRates.length < 2) {
      const off = await split(dir, dir, `split ${pages}`);
      s ??= off;
      offRates.push(rate(off.pagesIn, off.ms));
    }
  }
  const thumbRate = Math.max(...onRates);
  const offRate = Math.max(...offRates);
  process.stdout.write(`\nStation web app (station ui)\n`);
  row('split with thumbnails on / off, pages/s (best of 2)', `${fmt(thumbRate)} / ${fmt(offRate)}`, `runs: on ${onRates.map((r) => fmt(r)).join(', ')}; off ${offRates.map((r) => fmt(r)).join(', ')}`);
  row('split rate, thumbnails on / off', `${fmt((100 * thumbRate) / offRate, 0)} %`, `≥ 95 %: ${verdict(thumbRate / offRate >= 0.95)}`);
  if (large > 0) {
    const review = await measureReviewPage(await benchBatch(large));
    if (review) {
      row(`review page of ${review.pages} pages usable in Chromium, first visit, ms`, String(review.firstMs), `< 1500: ${verdict(review.firstMs < 1500)}`);
      row('the same, thumbnails already made, ms', String(review.againMs), `${review.visibleThumbnails} thumbnails visible`);
      row('thumbnails asked for when usable, of all pages', `${review.thumbnailsRequestedAtStart} of ${review.pages}`);
      if (review.scrolled) row('scrolled to the end: documents drawn, thumbnails asked for', `${review.scrolled.documents}, ${review.scrolled.thumbnailsRequested} of ${review.scrolled.pages}`, 'not every page');
    }
  }
}

if (want('pdf')) {
const pdfDir = await mkdtemp(path.join(tmpdir(), 'bench-pdf-'));
try {
  const pdf = path.join(pdfDir, 'scan.pdf');
  await makeScannerPdf(dir, pdf);
  const onPdf = await split(pdf, dir, 'split of the scanner PDF');
  const base = await runChild<BaselineFigures>('./baseline-child.ts', [pdf, String(step)]);
  const ours = rate(onPdf.pagesIn, onPdf.ms);
  const usual = rate(base.pages, base.ms);
  process.stdout.write(`\nSame batch as one scanner PDF (${pages} pages)\n`);
  row('station split of the PDF, pages/s', fmt(ours));
  row(`usual method: render 300 dpi + zxing full page (1 page in ${step}), pages/s`, fmt(usual, 2), `render ${fmt(base.renderMs / base.pages, 0)} ms + zxing ${fmt(base.zxingMs / base.pages, 0)} ms a page`);
  row('station / usual method', `${fmt(ours / usual, 1)}×`, `≥ 20×: ${verdict(ours / usual >= 20)}`);
} finally {
  await rm(pdfDir, { recursive: true, force: true });
}
}

if (want('live') && livePages > 0) {
  const colourDir = await speedBatch(cache, { colour: true, dpi: 300, separatorPct: 10 }, Math.max(200, Math.min(livePages, pages)), (l) => process.stdout.write(`${l}\n`));
  const paths = {
    sane: (mode: string) => `scanimage --mode ${mode} → sane-airscan → eSCL emulator`,
    escl: (mode: string) => `station's eSCL driver (--driver escl --mode ${mode}) → eSCL emulator, the scanner's JPEG kept`,
  };
  for (const driver of ['sane', 'escl'] as const) {
    for (const [what, from, mode] of [['gray', dir, 'gray'], ['colour', colourDir, 'color']] as const) {
      process.stdout.write(`\nLive scanning, ${what} JPEG pages (${paths[driver](mode)}, ${livePages} pages)\n`);
      const live = await measureLiveScan(from, Math.min(livePages, pages), 400, mode, driver);
      if (!live) {
        row('live lag', 'skipped: scanimage not installed');
        break;
      }
      if (live.pages !== Math.min(livePages, pages)) problems.push(`live scan (${driver}, ${what}): ${live.pages} pages processed of ${Math.min(livePages, pages)}`);
      row('scanner pace achieved, images/min', fmt(live.scannedPerMinute, 0), 'asked 400');
      row('max pages scanned but not yet processed', String(live.maxLag), `≤ 4: ${verdict(live.maxLag <= 4)}`);
      row('  the same, «scanned» counted at the scanner', String(live.maxScannerLag), `≤ 4: ${verdict(live.maxScannerLag <= 4)}`);
      if (live.stationCpuMsPerPage !== null) row('station CPU a page, ms (all threads; scanimage not counted)', fmt(live.stationCpuMsPerPage, 0));
    }
  }
  process.stdout.write(`\nLive scan-to-folder (pages written into a watched folder, ${livePages} pages)\n`);
  const folder = await measureFolderLive(dir, Math.min(livePages, pages), 400);
  if (folder.pages !== Math.min(livePages, pages)) problems.push(`scan-to-folder: ${folder.pages} pages processed of ${Math.min(livePages, pages)}`);
  row('pace of the writer, images/min', fmt(folder.scannedPerMinute, 0), 'asked 400');
  row('max pages written but not yet processed', String(folder.maxLag), `≤ 4: ${verdict(folder.maxLag <= 4)}`);
  if (folder.stationCpuMsPerPage !== null) row('station CPU a page, ms (all threads)', fmt(folder.stationCpuMsPerPage, 0));
}

if (want('memory') && large > 0) {
  const bigDir = await benchBatch(large);
  const big = await split(bigDir, bigDir, `split ${large}`);
  process.stdout.write(`\nMemory\n`);
  if (s) row(`peak RSS at ${pages} pages, MB`, fmt(s.peakRssMb, 0));
  row(`peak RSS at ${large} pages, MB`, fmt(big.peakRssMb, 0), `≤ 400: ${verdict(big.peakRssMb <= 400)}`);
  row(`station split of ${large} pages, pages/s`, fmt(rate(big.pagesIn, big.ms)));
}
const colourLarge = Number(values['colour-large']);
if (want('memory') && colourLarge > 0) {
  const b = { colour: true, dpi: 300, separatorPct: 10 };
  const bigDir = await speedBatch(cache, b, colourLarge, (l) => process.stdout.write(`${l}\n`));
  const big = await split(bigDir, bigDir, `split ${batchName(b, colourLarge)}`);
  process.stdout.write(`\nMemory, colour (${batchName(b, colourLarge)})\n`);
  row(`peak RSS at ${colourLarge} colour pages, MB`, fmt(big.peakRssMb, 0), `≤ 400: ${verdict(big.peakRssMb <= 400)}`);
  row(`station split of ${colourLarge} colour pages, pages/s`, fmt(rate(big.pagesIn, big.ms)));
}

if (want('disk')) {
  process.stdout.write(`\nDisk cost of one 300 dpi A4 text page (one-page PDF)\n`);
  const textPage = path.join(dir, (await readdir(dir)).filter((f) => f.endsWith('.jpg')).sort()[1]!);
  for (const c of await measureDiskCost(textPage)) row(c.mode, `${fmt(c.kib, 0)} KiB`);
}

if (want('storage')) {
  // issue 16: what each storage mode costs on colour scans, per page and per week, and in speed
  const runs = await measureStorage(cache, Math.max(2, Number(values['storage-pages'])), (l) => process.stdout.write(`${l}\n`));
  process.stdout.write(`\nStorage of colour scans (--storage), ${runs[0]?.pages ?? 0} pages a batch: pages with no colour but their paper's tint / pages carrying colour\n`);
  for (const dpi of [300, 200]) {
    for (const mode of MODES) {
      const g = runs.find((r) => r.dpi === dpi && r.mode === mode && r.batch === 'gray')!;
      const c = runs.find((r) => r.dpi === dpi && r.mode === mode && r.batch === 'colour')!;
      row(`${dpi} dpi ${mode}: KiB a page, gray-content / colour`, `${fmt(g.bytesPerPage / 1024, 0)} / ${fmt(c.bytesPerPage / 1024, 0)}`, `stored ${JSON.stringify(g.stored)} / ${JSON.stringify(c.stored)}`);
      row(`    pages/s, CPU ms a page: gray-content / colour`, `${fmt(g.pagesPerSecond)}, ${fmt(g.cpuMsPerPage, 0)} / ${fmt(c.pagesPerSecond)}, ${fmt(c.cpuMsPerPage, 0)}`);
      row(`    a week (${WEEK_PAGES} pages), GB: all gray-content / 20 % colour / all colour`, `${fmt(weekGb(runs, dpi, mode, 0), 2)} / ${fmt(weekGb(runs, dpi, mode, 0.2), 2)} / ${fmt(weekGb(runs, dpi, mode, 1), 2)}`);
      for (const r of [g, c]) if (r.wrongDecisions > 0) problems.push(`storage ${dpi} dpi ${r.batch} batch (${mode}): ${r.wrongDecisions} pages decided wrong`);
    }
  }
}

const tiff = want('tiff') ? await measureMultipageTiff() : null;
if (tiff) {
  process.stdout.write(`\nMulti-page TIFF (${tiff.pages} small G4 pages in one file)\n`);
  const worst = Math.max(tiff.firstMs, tiff.lastMs);
  row(`decode, ms a page: alone / first ${tiff.sample} / last ${tiff.sample} of the file`, `${fmt(tiff.aloneMs)} / ${fmt(tiff.firstMs)} / ${fmt(tiff.lastMs)}`, `≤ 2 × alone: ${verdict(worst <= 2 * tiff.aloneMs + 1)}`);
}

const samples = path.join(import.meta.dirname, '..', 'fixtures', 'samples');
const acc = want('accuracy') ? await checkSampleBatches(samples) : { batches: 0, pages: 0, problems: [] };
problems.push(...acc.problems);
let fullBatches = 0;
let comparedPages = acc.pages;
let colourBatches = 0;
if (want('accuracy')) {
  // issue 16: every page of the colour batches gets its right colour decision and, stored auto, looks like its scan
  process.stdout.write('\nColour decisions (colour batches, 200 and 300 dpi, --storage auto)\n');
  const col = await checkColourBatches(cache, (l) => process.stdout.write(`${l}\n`));
  problems.push(...col.problems);
  colourBatches = col.batches;
  comparedPages += col.pages;
}
if (want('accuracy') && !values['skip-fixtures']) {
  // every scenario (symbologies, rotations, skew, low contrast, distractors…) at 200 and 300 dpi
  for (const dpi of [200, 300]) {
    const root = path.join(cache, `fixtures-${dpi}dpi`);
    for (const scenario of SCENARIOS) {
      const dir = path.join(root, scenario.name);
      if (!existsSync(path.join(dir, 'truth.json'))) await generateBatch(scenario.build({ dpi, jpegQuality: 85 }), dir) // as `npm run fixtures -- --set full`;
    }
    const r = await checkSampleBatches(root);
    fullBatches += r.batches;
    comparedPages += r.pages;
    problems.push(...r.problems.map((p) => `${dpi} dpi ${p}`));
  }
}

if (want('server') && !values['no-server']) {
  process.stdout.write(`\nRegistry server (loopback, real server processes; SQLite, and PostgreSQL when a server answers)\n`);
  const srv = await runServerBench({}, (line) => process.stdout.write(`  ${line}\n`));
  for (const [what, figure, note] of serverBenchRows(srv)) row(what, figure, note);
}

process.stdout.write(`\nAccuracy: ${acc.batches} committed fixture batches, ${fullBatches} fixture batches at 200/300 dpi, ${colourBatches} colour batches, the bench batches\n`);
if (problems.length > 0) {
  process.stdout.write(`ACCURACY FAILED — separators missed, content taken for separators, pages unaccounted for or unlike their scan:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write('  every separator found, no content page taken for a separator, every page accounted for\n');
process.stdout.write(`  every kept page of the fixture batches (${comparedPages}) looks like its scan: size, orientation, tone, likeness, colour\n`);
