/**
 * The speed batches: dense letters (~40 lines) as one-component gray and three-component colour
 * JPEGs at 200 and 300 dpi, separator sheets at 10 % and at 25 % of the images. For each batch, in
 * one run and at the station's concurrency: the limit — the fastest route to the pixels of the
 * station's first look (its preview: 1/4 at 300 dpi, 1/2 at 200 dpi), the same files read and decoded
 * at that scale by sharp's resize, by libjpeg's DCT scaling (the file as `page.jpg[shrink=N]`, the
 * station's own route) or in full, whichever is fastest (`decode-limit.ts`: sharp's resize to 1/2 is a
 * full decode and a reduce), beside 1/8 and 1/4 both ways —, `station split` end to end, their ratio, the CPU time of both, and
 * where a page's CPU goes, step by step (`stage-cost-child.ts`), with what the split costs beyond
 * the sum of its steps as its own figure. The output is checked against the batch's truth
 * (accuracy problems are returned).
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { generateBenchBatch } from '../fixtures/lib/index.ts';
import { previewFactor } from '../station/src/pipeline/stages/decode.ts';
import type { BarcodeStats } from '../station/src/pipeline/stages/barcode.ts';
import { checkOutput } from './accuracy.ts';
import { runChild } from './child.ts';
import { chooseLimit, limitRoutes, type DecodeFigures, type DecodeLimit } from './decode-limit.ts';

export interface SpeedBatch {
  colour: boolean;
  dpi: number;
  /** Separator sheets, per cent of the images. */
  separatorPct: number;
}

interface SplitFigures { ms: number; cpuMs: number; gcMs: number; mainBusyMs: number; mainCpuMs: number | null; pagesIn: number; peakRssMb: number; stagesMs: Record<string, number>; barcodeStats: BarcodeStats }
interface CostFigures { pages: number; cpuMsPerPage: Record<string, number>; gcPauseMsPerPage: Record<string, number> }

export interface SpeedFigures {
  batch: SpeedBatch;
  dir: string;
  split: number;
  /** Pages/s of the limit: the fastest of the resize and DCT scaling to the preview's scale and the full decode (`limitRoute`). */
  limit: number;
  /** The route taken, with every candidate's rate and CPU. */
  limitRoute: DecodeLimit;
  previewScale: number;
  rates: Record<string, number>;
  splitCpuMsPerPage: number;
  /** The split's main-thread GC pauses, ms a page (part of its CPU). */
  splitGcMsPerPage: number;
  /** The split's main thread busy (not waiting for libvips, the workers or the disk), wall ms a page, and its share of the wall time. */
  splitMainBusyMsPerPage: number;
  splitMainBusyShare: number;
  /** The split's main thread's CPU, ms a page (null without /proc). */
  splitMainCpuMsPerPage: number | null;
  limitCpuMsPerPage: number;
  peakRssMb: number;
  /** CPU ms a page per step, one page at a time (each with the GC that fell in it). */
  cost: Record<string, number>;
  /** Main-thread GC pauses (wall ms a page) that fell in each step of `cost` (part of its figure). */
  costGc: Record<string, number>;
  /** The split's CPU a page less the sum of the steps: what running them concurrently adds (negative: saves). */
  unaccounted: number | null;
  barcodeStats: BarcodeStats;
  problems: string[];
}

export const batchName = (b: SpeedBatch, pages: number) => `dense-${b.colour ? 'colour' : 'gray'}-${b.dpi}dpi-sep${b.separatorPct}-${pages}`;

/** The batch's folder under `cache`, generated once. */
export async function speedBatch(cache: string, b: SpeedBatch, pages: number, log: (line: string) => void): Promise<string> {
  const dir = path.join(cache, batchName(b, pages));
  if (existsSync(path.join(dir, 'truth.json')) && (await readdir(dir)).filter((f) => f.endsWith('.jpg')).length === pages) return dir;
  log(`generating ${dir} …`);
  await generateBenchBatch(dir, { pages, dpi: b.dpi, colour: b.colour, dense: true, every: Math.round(100 / b.separatorPct) });
  return dir;
}

export async function measureSpeedBatch(cache: string, b: SpeedBatch, pages: number, concurrency: number, costPages: number, log: (line: string) => void): Promise<SpeedFigures> {
  const dir = await speedBatch(cache, b, pages, log);
  const previewScale = previewFactor(b.dpi);
  const decode = await runChild<DecodeFigures>('./decode-child.ts', [dir, String(concurrency), limitRoutes(previewScale).join(',')]);
  const out = await mkdtemp(path.join(tmpdir(), 'bench-speed-'));
  let split: SplitFigures;
  const problems: string[] = [];
  try {
    split = await runChild<SplitFigures>('./split-child.ts', [dir, path.join(out, 'o')]);
    problems.push(...(await checkOutput(path.join(out, 'o'), dir)).map((p) => `${batchName(b, pages)}: ${p}`));
  } finally {
    await rm(out, { recursive: true, force: true });
  }
  const costRun = costPages > 0 ? await runChild<CostFigures>('./stage-cost-child.ts', [dir, String(costPages)]) : null;
  const cost = costRun?.cpuMsPerPage ?? {};
  const rates = Object.fromEntries(Object.entries(decode.scales).map(([k, v]) => [k, (decode.pages * 1000) / v.ms]));
  const limit = chooseLimit(decode, previewScale);
  const splitCpuMsPerPage = split.cpuMs / split.pagesIn;
  const stepSum = Object.values(cost).reduce((a, v) => a + v, 0);
  return {
    batch: b, dir, previewScale, rates, cost, problems,
    costGc: costRun?.gcPauseMsPerPage ?? {},
    split: (split.pagesIn * 1000) / split.ms,
    limit: limit.pagesPerSecond,
    limitRoute: limit,
    splitCpuMsPerPage,
    splitGcMsPerPage: split.gcMs / split.pagesIn,
    splitMainBusyMsPerPage: split.mainBusyMs / split.pagesIn,
    splitMainBusyShare: split.mainBusyMs / split.ms,
    splitMainCpuMsPerPage: split.mainCpuMs === null ? null : split.mainCpuMs / split.pagesIn,
    unaccounted: costPages > 0 ? splitCpuMsPerPage - stepSum : null,
    limitCpuMsPerPage: limit.cpuMsPerPage,
    peakRssMb: split.peakRssMb,
    barcodeStats: split.barcodeStats,
  };
}

/** `gray-300,colour-200` → batches, each at every separator share. */
export function parseSpeedBatches(list: string, shares: string): SpeedBatch[] {
  const pcts = shares.split(',').map(Number).filter((n) => n > 0 && n <= 50);
  return list.split(',').filter(Boolean).flatMap((item) => {
    const m = /^(gray|colour|color)-(\d{2,3})$/.exec(item.trim());
    if (!m) throw new Error(`--speed-batches: «${item}» is not gray-<dpi> or colour-<dpi>`);
    return pcts.map((separatorPct) => ({ colour: m[1] !== 'gray', dpi: Number(m[2]), separatorPct }));
  });
}
