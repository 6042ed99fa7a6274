/**
 * Accuracy gate of the bench: a split summary against its batch's ground truth (`truth.json`), and
 * every kept page of the fixture batches against the page that was scanned (`page-fidelity.ts`).
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SplitSummary } from '../shared/src/split-summary.ts';
import { compareWithTruth } from '../station/src/cli/demo-command.ts';
import { loadConfig } from '../station/src/config.ts';
import { expandInputs } from '../station/src/inputs/expand-inputs.ts';
import { closePageContext, makePageContext, runBatch } from '../station/src/pipeline/pipeline.ts';
import type { Truth } from '../fixtures/lib/truth.ts';
import { checkPageFidelity, KeptPages } from './page-fidelity.ts';

export async function loadTruthOf(dir: string): Promise<Truth> {
  return JSON.parse(await readFile(path.join(dir, 'truth.json'), 'utf8')) as Truth;
}

/** Problems (Romanian, as the demo prints them) of a finished split, [] when it matches the truth. */
export async function checkOutput(outDir: string, truthDir: string): Promise<string[]> {
  const summary = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8')) as SplitSummary;
  return compareWithTruth(summary, await loadTruthOf(truthDir));
}

/**
 * Splits every batch folder under `root` (each with its truth.json) and lists what does not match:
 * separators, documents and counts against the truth, then every kept page against its input page.
 */
export async function checkSampleBatches(root: string): Promise<{ batches: number; pages: number; problems: string[] }> {
  const dirs = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => path.join(root, d.name));
  const work = await mkdtemp(path.join(tmpdir(), 'bench-accuracy-'));
  const cfg = loadConfig({ env: { STATION_DATA_DIR: path.join(work, 'data') } });
  const problems: string[] = [];
  let pages = 0;
  try {
    for (const dir of dirs) {
      const truth = await loadTruthOf(dir);
      const ctx = await makePageContext(cfg, truth.options.separators);
      const outDir = path.join(work, path.basename(dir));
      const kept = new KeptPages();
      try {
        const summary = await runBatch(await expandInputs([dir]), ctx, cfg, {
          batchId: 'accuracy', outDir, duplex: truth.options.duplex,
          removeBlank: truth.options.removeBlank, genericSeparators: truth.options.separators, concurrency: cfg.concurrency,
          onPage: kept.onPage, onDocument: kept.onDocument,
        });
        problems.push(...compareWithTruth(summary, truth).map((p) => `${path.basename(dir)}: ${p}`));
        const keptPages = kept.finish(summary.unassigned?.file ?? null);
        pages += keptPages.length;
        problems.push(...(await checkPageFidelity(outDir, keptPages, truth.dpi)).map((p) => `${path.basename(dir)}: ${p}`));
      } finally {
        await closePageContext(ctx);
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { batches: dirs.length, pages, problems };
}
