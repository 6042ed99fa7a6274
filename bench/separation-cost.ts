/**
 * What separation without sheets costs (issue 13): the bench's sheet batch, its label batch and its
 * Patch T batch (`separation-batches.ts`: the same document pages in the same order) split one after
 * the other, `rounds` times in turn; the least disturbed run of each counts (the machine is shared).
 * Per document page, since the label batch has no sheets: wall time, and CPU time of every thread.
 * Each output is checked against its batch's truth (counts, ids, how each document started).
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SplitSummary } from '../shared/src/split-summary.ts';
import type { BarcodeStats } from '../station/src/pipeline/stages/barcode.ts';
import { compareWithTruth } from '../station/src/cli/demo-command.ts';
import { loadTruthOf } from './accuracy.ts';
import { runChild } from './child.ts';
import { separationBatch } from './separation-batches.ts';
import { startProblem } from './separation-check.ts';

interface SplitFigures { ms: number; cpuMs?: number; pagesIn: number; barcodeStats: BarcodeStats; stagesMs: Record<string, number> }

export interface SeparationRun {
  name: 'sheet' | 'label' | 'patch-t';
  /** What the split was told, as a clerk would type it. */
  args: string;
  pagesIn: number;
  documentPages: number;
  /** Best of the rounds: wall and CPU milliseconds per document page. */
  msPerDocPage: number;
  cpuMsPerDocPage: number | null;
  pagesPerSecond: number;
  barcodeStats: BarcodeStats;
  /** The best run's stage times a page (ms, summed over the pages in flight: waiting included). */
  stageMsPerPage: Record<string, number>;
}

export interface SeparationFigures {
  runs: SeparationRun[];
  problems: string[];
}

const SETTINGS: Record<SeparationRun['name'], { args: string; config: Record<string, unknown> }> = {
  sheet: { args: '--separation sheet', config: {} },
  label: { args: '--separation label', config: { separation: 'label' } },
  'patch-t': { args: '--separator PATCHT', config: { genericSeparators: ['PATCHT'] } },
};

export async function measureSeparation(sheetDir: string, cacheRoot: string, rounds: number): Promise<SeparationFigures> {
  const dirs = {
    sheet: sheetDir,
    label: await separationBatch(sheetDir, cacheRoot, 'label'),
    'patch-t': await separationBatch(sheetDir, cacheRoot, 'patch-t'),
  };
  const work = await mkdtemp(path.join(tmpdir(), 'bench-separation-'));
  const problems: string[] = [];
  const best = new Map<SeparationRun['name'], SplitFigures>();
  try {
    for (let round = 0; round < Math.max(1, rounds); round++) {
      for (const name of ['sheet', 'label', 'patch-t'] as const) {
        const config = path.join(work, `${name}.json`);
        await writeFile(config, JSON.stringify(SETTINGS[name].config));
        const out = path.join(work, `${name}-${round}`);
        const f = await runChild<SplitFigures>('./split-child.ts', [dirs[name], out], { STATION_CONFIG: config });
        if (round === 0) problems.push(...(await checkSplit(out, dirs[name])).map((p) => `separation ${name}: ${p}`));
        await rm(out, { recursive: true, force: true });
        const prev = best.get(name);
        if (!prev || f.ms < prev.ms) best.set(name, { ...f, cpuMs: Math.min(f.cpuMs ?? Infinity, prev?.cpuMs ?? Infinity) });
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const runs: SeparationRun[] = [];
  for (const name of ['sheet', 'label', 'patch-t'] as const) {
    const truth = await loadTruthOf(dirs[name]);
    const f = best.get(name)!;
    const docPages = truth.totals.documentPages;
    runs.push({
      name,
      args: SETTINGS[name].args,
      pagesIn: f.pagesIn,
      documentPages: docPages,
      msPerDocPage: f.ms / docPages,
      cpuMsPerDocPage: Number.isFinite(f.cpuMs) ? f.cpuMs! / docPages : null,
      pagesPerSecond: (f.pagesIn * 1000) / f.ms,
      barcodeStats: f.barcodeStats,
      stageMsPerPage: Object.fromEntries(Object.entries(f.stagesMs).map(([k, v]) => [k, v / f.pagesIn])),
    });
  }
  return { runs, problems };
}

/** The output against the truth: counts and ids, and how each document started. */
async function checkSplit(out: string, truthDir: string): Promise<string[]> {
  const summary = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')) as SplitSummary;
  const truth = await loadTruthOf(truthDir);
  const starts = truth.documents.flatMap((d, i) => {
    const got = summary.documents[i];
    return (got && startProblem(d, got, i)) || [];
  });
  return [...compareWithTruth(summary, truth), ...starts];
}
