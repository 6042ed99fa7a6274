/**
 * Where a page's time goes: the station's per-page steps run one page at a time in this one thread
 * (barcode reading too: no worker), each timed in CPU milliseconds of the process (libvips threads
 * included), over the first N pages of a folder. Wall-clock stage sums of a concurrent run mix
 * waiting with working; these do not. Garbage collection is left where it falls (a forced collection
 * between pages would make every step slower: fresh memory to fault in, colder code), and the main
 * thread's GC pauses are printed per step beside the figures, in wall-clock ms: a collection runs
 * in whichever step lets V8 run it — most often the PDF write, whose file writes yield to its GC
 * tasks, so that step's figure is mostly other steps' garbage. Prints one JSON line: mean CPU ms a
 * page per step, and the GC pauses that fell in each step.
 * Usage: node --import tsx bench/stage-cost-child.ts <dir> [pages, default 40]
 */
import { readdir, rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { loadConfig } from '../station/src/config.ts';
import { readStamped } from '../station/src/fs/file-stamp.ts';
import { PdfImageWriter } from '../station/src/pdf/pdf-image-writer.ts';
import { closePageContext, makePageContext } from '../station/src/pipeline/pipeline.ts';
import { readSeparator } from '../station/src/pipeline/stages/barcode.ts';
import { checkBlank } from '../station/src/pipeline/stages/blank-check.ts';
import { checkColour } from '../station/src/pipeline/stages/colour-check.ts';
import { decodePage } from '../station/src/pipeline/stages/decode.ts';

const [dir, count] = process.argv.slice(2);
if (!dir) throw new Error('usage: stage-cost-child <dir> [pages]');
const cfg = loadConfig({ env: { STATION_DATA_DIR: path.join(tmpdir(), 'scan-station-bench-data') } });
const files = (await readdir(dir)).filter((f) => /\.jpe?g$/i.test(f)).sort().slice(0, Number(count ?? 40));
// the station's own settings, barcode reading in this thread (no worker)
const ctx = await makePageContext({ ...cfg, barcodeWorkers: 0 }, []);
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const steps = { read: 0, 'read-sha256': 0, decode: 0, 'colour-check': 0, 'blank-check': 0, barcode: 0, 'pdf-write': 0 };
type Step = keyof typeof steps;
const work = mkdtempSync(path.join(tmpdir(), 'bench-cost-'));
const pdf = await PdfImageWriter.create(path.join(work, 'out.pdf'));
/** Each timed step's wall-clock window, to find the step a GC pause fell in. */
const windows: { step: Step; from: number; to: number }[] = [];
const pauses: PerformanceEntry[] = [];
const gcSeen = new PerformanceObserver((list) => pauses.push(...list.getEntries()));
gcSeen.observe({ entryTypes: ['gc'] });
let timing = false;
const time = async <T>(step: Step, fn: () => Promise<T> | T): Promise<T> => {
  const t0 = cpu();
  const from = performance.now();
  const r = await fn();
  steps[step] += cpu() - t0;
  if (timing) windows.push({ step, from, to: performance.now() });
  return r;
};
// one page first, untimed: module loading and JIT warm-up are no page's cost
for (const [i, f] of [files[0]!, ...files].entries()) {
  // as read-pages.ts reads: the Buffer, no copy, and the file's stamp (a JPEG file is decoded DCT-scaled from the file while it holds: jpeg-readers.ts)
  const file = path.join(dir, f);
  const { bytes, stamp } = await time('read', () => readStamped(file));
  await time('read-sha256', () => createHash('sha256').update(bytes).digest('hex'));
  const decoded = await time('decode', () => decodePage({ seq: i, origin: { file, pageInFile: 0, pagesInFile: 1, fileSha256: '' }, label: f, source: { format: 'jpeg', bytes, ...(stamp ? { onDisk: stamp } : {}) } }, ctx.decode));
  const coloured = await time('colour-check', () => checkColour(decoded));
  const checked = await time('blank-check', () => checkBlank(coloured, ctx.blank));
  const page = await time('barcode', () => readSeparator(checked, ctx.barcode));
  await time('pdf-write', () => pdf.addPage(page.embed, page.dpiX, page.dpiY, page.rotation));
  if (i === 0) for (const k of Object.keys(steps) as (keyof typeof steps)[]) steps[k] = 0;
  timing = true;
}
await new Promise((r) => setTimeout(r, 50)); // the last GC entries arrive after a turn of the event loop
gcSeen.disconnect();
const gcPauses: Partial<Record<Step | 'between', number>> = {};
for (const p of pauses) {
  const at = windows.find((w) => p.startTime >= w.from && p.startTime < w.to)?.step ?? 'between';
  if (at !== 'between' || p.startTime > windows[0]!.from) gcPauses[at] = (gcPauses[at] ?? 0) + p.duration / files.length;
}
await pdf.finish({ title: 'cost', producer: 'bench', creationDate: new Date() });
await closePageContext(ctx);
await rm(work, { recursive: true, force: true });
process.stdout.write(`${JSON.stringify({ pages: files.length, cpuMsPerPage: Object.fromEntries(Object.entries(steps).map(([k, v]) => [k, v / files.length])), gcPauseMsPerPage: gcPauses })}\n`);
