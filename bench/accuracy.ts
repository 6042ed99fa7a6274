/**
 * Accuracy gate of the bench: a split summary against its batch's ground truth (`truth.json`): the
 * counts, which page went where and, for label and patch batches, how each document started and the
 * warnings (`separation-check.ts`); and every kept page of the fixture batches against the page that
 * was scanned (`page-fidelity.ts`). Each batch's result is printed on its own line.
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
import { checkSeparation } from './separation-check.ts';

/** Issue 16: the colour decision of every page of the colour batches (its own file). */
export { checkColourBatches } from './colour-accuracy.ts';

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
export async function checkSampleBatches(
  root: string,
  opts: { log?: (line: string) => void } = {},
): Promise<{ batches: number; pages: number; problems: string[] }> {
  const log = opts.log ?? ((line: string) => process.stdout.write(`${line}\n`));
  const dirs = (await readdir(root, { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => path.join(root, d.name));
  log(`Accuracy: ${dirs.length} batch${dirs.length === 1 ? '' : 'es'} in ${root}`);
  const work = await mkdtemp(path.join(tmpdir(), 'bench-accuracy-'));
  const base = loadConfig({ env: { STATION_DATA_DIR: path.join(work, 'data') } });
  const problems: string[] = [];
  let pages = 0;
  try {
    for (const dir of dirs) {
      const truth = await loadTruthOf(dir);
      const cfg = { ...base, separation: truth.options.separation ?? base.separation };
      const ctx = await makePageContext(cfg, truth.options.separators);
      const outDir = path.join(work, path.basename(dir));
      const kept = new KeptPages();
      try {
        const summary = await runBatch(await expandInputs([dir]), ctx, cfg, {
          batchId: 'accuracy', outDir, duplex: truth.options.duplex,
          removeBlank: truth.options.removeBlank, genericSeparators: truth.options.separators, concurrency: cfg.concurrency,
          onPage: kept.onPage, onDocument: kept.onDocument,
        });
        const keptPages = kept.finish(summary.unassigned?.file ?? null);
        pages += keptPages.length;
        const found = [
          ...compareWithTruth(summary, truth),
          ...checkSeparation(summary, truth, keptPages),
          ...(await checkPageFidelity(outDir, keptPages, truth.dpi)),
        ];
        problems.push(...found.map((p) => `${path.basename(dir)}: ${p}`));
        log(`  ${batchLine(truth, summary)}: ${found.length === 0 ? 'right' : `${found.length} PROBLEM${found.length > 1 ? 'S' : ''}`}`);
      } finally {
        await closePageContext(ctx);
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { batches: dirs.length, pages, problems };
}

/** «label-registration @300 dpi, separation label: 17 pages in, 7 documents (7 by label), 1 separator page, 2 warnings» */
function batchLine(truth: Truth, s: SplitSummary): string {
  const byLabel = s.documents.filter((d) => d.startedBy === 'label').length;
  return `${truth.scenario} @${truth.dpi} dpi${truth.options.separation ? `, separation ${truth.options.separation}` : ''}: ${s.pagesIn} pages in, ` +
    `${s.documents.length} documents${byLabel ? ` (${byLabel} by label)` : ''}, ${s.separatorPages} separator pages, ${s.blankPages} blank, ` +
    `${s.unassigned?.pages ?? 0} unassigned, ${s.warnings.length} warnings`;
}
