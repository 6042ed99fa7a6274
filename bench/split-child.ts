/**
 * Runs one `station split` in this process (the bench starts it as a child so its peak memory
 * is its own) and prints one JSON line: wall time, CPU time (every thread), the main thread's GC
 * pauses and busy time, pages, stage timings, barcode work, peak RSS.
 * Usage: node --import tsx bench/split-child.ts <inputDir> <outDir> [--duplex] [--thumbnails]
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PerformanceObserver, performance as perf } from 'node:perf_hooks';
import { rssSampler } from './child.ts';
import { cpuMsOfStat, readStatFields } from './proc-cpu.ts';
import { loadConfig } from '../station/src/config.ts';
import { expandInputs } from '../station/src/inputs/expand-inputs.ts';
import { closePageContext, makePageContext, runBatch, type StageName } from '../station/src/pipeline/pipeline.ts';
import { newBarcodeStats } from '../station/src/pipeline/stages/barcode.ts';
import { thumbnailWriter } from '../station/src/web/page-images.ts';

/** utime + stime of this process's main thread (Linux: its task has the process's id; proc-cpu.ts), or null. */
function mainThreadCpuMs(): number | null {
  try {
    return cpuMsOfStat(readStatFields(`self/task/${process.pid}`));
  } catch {
    return null;
  }
}

const [input, out, ...rest] = process.argv.slice(2);
if (!input || !out) throw new Error('usage: split-child <inputDir> <outDir>');
const cfg = loadConfig({ env: { ...process.env, STATION_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'bench-data-')) }, cwd: process.cwd() });
const files = await expandInputs([input]);
const ctx = await makePageContext(cfg, []);
const timings = new Map<StageName, number>();
ctx.timings = timings;
const barcodeStats = newBarcodeStats();
ctx.barcode.stats = barcodeStats;
// --thumbnails: the web app's thumbnails made from each page's preview, as `station ui` does
if (rest.includes('--thumbnails')) ctx.onDecoded = thumbnailWriter(mkdtempSync(path.join(tmpdir(), 'bench-thumbs-')), () => {});
// the main thread's garbage-collection pauses (the barcode workers' are not counted here)
let gcMs = 0;
const gcSeen = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcMs += e.duration;
});
gcSeen.observe({ entryTypes: ['gc'] });
const mem = rssSampler();
const elu0 = perf.eventLoopUtilization();
const main0 = mainThreadCpuMs();
const c0 = process.cpuUsage();
const t0 = performance.now();
const duplex = rest.includes('--duplex');
const summary = await runBatch(files, ctx, cfg, { batchId: 'bench', outDir: out, duplex, removeBlank: duplex, genericSeparators: [], concurrency: cfg.concurrency });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
// the main thread's busy time (its event loop not waiting): the share of the wall time it is the bottleneck for
const mainBusyMs = perf.eventLoopUtilization(elu0).active;
// its CPU time (what it works, not counting the time it waits for a core on a loaded machine); null without /proc
const mainCpuMs = main0 === null ? null : mainThreadCpuMs()! - main0;
await new Promise((r) => setTimeout(r, 50)); // the last GC entries arrive after a turn of the event loop
gcSeen.disconnect();
await closePageContext(ctx);
mem.stop();
process.stdout.write(
  `${JSON.stringify({
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    gcMs,
    mainBusyMs,
    mainCpuMs,
    pagesIn: summary.pagesIn,
    documents: summary.documents.length,
    separatorPages: summary.separatorPages,
    ids: summary.documents.map((d) => d.id),
    docPages: summary.documents.map((d) => d.pages),
    peakRssMb: mem.peakMb(),
    stagesMs: Object.fromEntries(timings),
    barcodeStats,
    concurrency: cfg.concurrency,
    memory: Object.fromEntries(Object.entries(process.memoryUsage()).map(([k, v]) => [k, Math.round(v / 1048576)])),
  })}\n`,
);
