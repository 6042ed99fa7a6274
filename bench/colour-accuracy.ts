/**
 * Accuracy gate, issue 16: every page of the colour batches (`fixtures/lib/colour-page.ts`: pink,
 * yellow, recycled and blue paper, gray pages with scanner noise, fringes and JPEG chroma noise;
 * red, blue and faded stamps, blue signatures, colour logos, highlighter; at 200 and 300 dpi) gets
 * the colour decision its truth says, and under `storage: auto` every kept page still looks like its
 * scan (`page-fidelity.ts`: size, orientation, tone, likeness, colour beyond the paper).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { colourCases, colourPageJpeg } from '../fixtures/lib/colour-page.ts';
import { loadConfig } from '../station/src/config.ts';
import { expandInputs } from '../station/src/inputs/expand-inputs.ts';
import { closePageContext, makePageContext, runBatch } from '../station/src/pipeline/pipeline.ts';
import { checkPageFidelity, KeptPages } from './page-fidelity.ts';

/** The batch at `dpi` under `cache`, with `colour-truth.json` ({ file: true when colour }); generated once. */
async function colourBatch(cache: string, dpi: number): Promise<{ dir: string; truth: Record<string, boolean> }> {
  const dir = path.join(cache, `colour-cases-${dpi}dpi`);
  const truthFile = path.join(dir, 'colour-truth.json');
  if (!existsSync(truthFile)) {
    await mkdir(dir, { recursive: true });
    const truth: Record<string, boolean> = {};
    for (const [i, c] of colourCases().entries()) {
      const file = `p${String(i + 1).padStart(2, '0')}-${c.name}.jpg`;
      await writeFile(path.join(dir, file), await colourPageJpeg({ ...c.spec, dpi, seed: `${c.name}-${dpi}` }));
      truth[file] = c.colour;
    }
    await writeFile(truthFile, JSON.stringify(truth, null, 2));
  }
  return { dir, truth: JSON.parse(await readFile(truthFile, 'utf8')) as Record<string, boolean> };
}

export async function checkColourBatches(cache: string, log: (line: string) => void = () => {}): Promise<{ batches: number; pages: number; problems: string[] }> {
  const problems: string[] = [];
  let pages = 0;
  const work = await mkdtemp(path.join(tmpdir(), 'bench-colour-'));
  try {
    for (const dpi of [200, 300]) {
      const { dir, truth } = await colourBatch(cache, dpi);
      const cfg = { ...loadConfig({ env: { STATION_DATA_DIR: path.join(work, 'data') } }), storage: 'auto' as const };
      const ctx = await makePageContext(cfg, []);
      const outDir = path.join(work, `out-${dpi}`);
      const kept = new KeptPages();
      const name = `colour-cases ${dpi} dpi`;
      try {
        const summary = await runBatch(await expandInputs([dir]), ctx, cfg, { batchId: 'colour', outDir, duplex: false, removeBlank: false, genericSeparators: [], concurrency: cfg.concurrency, onPage: kept.onPage, onDocument: kept.onDocument });
        const wrong: string[] = [];
        for (const [file, colour] of Object.entries(truth)) {
          const row = summary.pageColour?.find((r) => r.page === file);
          const want = colour ? 'colour' : 'gray';
          if (!row) wrong.push(`${file}: no colour decision in summary.json`);
          else if (row.decision !== want) wrong.push(`${file}: ${row.decision}, should be ${want} (area ${row.measure?.areaMm2} mm², peak chroma ${row.measure?.peakChroma})`);
        }
        const keptPages = kept.finish(summary.unassigned?.file ?? null);
        pages += keptPages.length;
        const unlike = await checkPageFidelity(outDir, keptPages, dpi);
        problems.push(...[...wrong, ...unlike].map((p) => `${name}: ${p}`));
        const stored = (summary.pageColour ?? []).filter((r) => r.stored === 'gray').length;
        log(`  ${name}: ${Object.keys(truth).length} pages, ${wrong.length === 0 ? 'every colour decision right' : `${wrong.length} wrong`}, ${stored} stored gray, ${unlike.length === 0 ? 'all like their scans' : `${unlike.length} unlike`}`);
      } finally {
        await closePageContext(ctx);
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return { batches: 2, pages, problems };
}
