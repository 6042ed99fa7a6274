/**
 * Issue 16, storage: what each `storage` mode costs per page on disk and in speed, on colour scans
 * generated as a scanner's colour mode writes them (`fixtures/lib/colour-page.ts`): a batch of
 * pages with no colour but their paper's tint (white, pink, yellow, recycled, blue paper; tables;
 * scanner noise and fringes) and a batch of pages carrying colour (stamps, signatures, logos,
 * highlighter), at 200 and 300 dpi. Each batch is split in each mode, in this process, one after
 * the other: bytes of PDF per page, pages/s, CPU ms per page; and a week of the seed's office.
 * Run alone: `npm run bench -- --only storage` (options --storage-pages N, 12 a batch).
 */
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SplitSummary, StorageMode } from '../shared/src/split-summary.ts';
import { colourCases, colourPageJpeg } from '../fixtures/lib/colour-page.ts';
import { loadConfig } from '../station/src/config.ts';
import { expandInputs } from '../station/src/inputs/expand-inputs.ts';
import { closePageContext, makePageContext, runBatch } from '../station/src/pipeline/pipeline.ts';

/** Pages a week in the seed's office (activity report, week of 27 September 2021: «Nr. file 13230»). */
export const WEEK_PAGES = 13_230;
export const MODES: StorageMode[] = ['original', 'auto', 'auto-bitonal'];

export interface StorageRun {
  dpi: number;
  batch: 'gray' | 'colour';
  mode: StorageMode;
  pages: number;
  bytesPerPage: number;
  pagesPerSecond: number;
  cpuMsPerPage: number;
  /** How the pages were stored (original / gray / bitonal) and decided. */
  stored: Record<string, number>;
  wrongDecisions: number;
}

/** `pages` pages of one kind at `dpi`, cycling through the colour cases of that kind (new seeds each round); generated once. */
async function batchDir(cache: string, dpi: number, kind: 'gray' | 'colour', pages: number, log: (l: string) => void): Promise<string> {
  const dir = path.join(cache, `storage-${kind}-${dpi}dpi-${pages}`);
  if (existsSync(path.join(dir, '.done'))) return dir;
  log(`generating ${dir} …`);
  await mkdir(dir, { recursive: true });
  const cases = colourCases().filter((c) => c.colour === (kind === 'colour'));
  for (let i = 0; i < pages; i++) {
    const c = cases[i % cases.length]!;
    await writeFile(path.join(dir, `p${String(i + 1).padStart(3, '0')}.jpg`), await colourPageJpeg({ ...c.spec, dpi, seed: `storage-${c.name}-${dpi}-${i}` }));
  }
  await writeFile(path.join(dir, '.done'), ''); // hidden: a split skips it
  return dir;
}

async function pdfBytes(out: string, s: SplitSummary): Promise<number> {
  let n = 0;
  for (const f of [...s.documents.map((d) => d.file), s.unassigned?.file]) if (f) n += (await stat(path.join(out, f))).size;
  return n;
}

export async function measureStorage(cache: string, pages: number, log: (l: string) => void): Promise<StorageRun[]> {
  const runs: StorageRun[] = [];
  const work = await mkdtemp(path.join(tmpdir(), 'bench-storage-'));
  try {
    for (const dpi of [300, 200]) {
      for (const batch of ['gray', 'colour'] as const) {
        const dir = await batchDir(cache, dpi, batch, pages, log);
        for (const mode of MODES) {
          const cfg = { ...loadConfig({ env: { STATION_DATA_DIR: path.join(work, 'data') } }), storage: mode };
          const ctx = await makePageContext(cfg, []);
          const out = path.join(work, `${batch}-${dpi}-${mode}`);
          const c0 = process.cpuUsage();
          const t0 = performance.now();
          let summary: SplitSummary;
          try {
            summary = await runBatch(await expandInputs([dir]), ctx, cfg, { batchId: 'storage', outDir: out, duplex: false, removeBlank: false, genericSeparators: [], concurrency: cfg.concurrency });
          } finally {
            await closePageContext(ctx);
          }
          const ms = performance.now() - t0;
          const cpu = process.cpuUsage(c0);
          const stored: Record<string, number> = {};
          for (const r of summary.pageColour ?? []) stored[r.stored ?? 'dropped'] = (stored[r.stored ?? 'dropped'] ?? 0) + 1;
          runs.push({
            dpi, batch, mode, pages: summary.pagesIn,
            bytesPerPage: (await pdfBytes(out, summary)) / summary.pagesIn,
            pagesPerSecond: (summary.pagesIn * 1000) / ms,
            cpuMsPerPage: (cpu.user + cpu.system) / 1000 / summary.pagesIn,
            stored,
            wrongDecisions: (summary.pageColour ?? []).filter((r) => r.decision !== batch).length,
          });
          await rm(out, { recursive: true, force: true });
        }
      }
    }
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return runs;
}

/** GB a week for the seed's volume when `colourShare` of the pages carry colour. */
export function weekGb(runs: StorageRun[], dpi: number, mode: StorageMode, colourShare: number): number {
  const per = (batch: 'gray' | 'colour') => runs.find((r) => r.dpi === dpi && r.mode === mode && r.batch === batch)!.bytesPerPage;
  return (WEEK_PAGES * (colourShare * per('colour') + (1 - colourShare) * per('gray'))) / 1e9;
}
