/**
 * Rough figures for issue 13 (not part of `npm run bench` yet): the same content pages split with
 * separator sheets and with registration labels (`--separation sheet | label | auto`), 300 dpi JPEG,
 * 10 documents of 3 pages. Run: `flock /tmp/ss-bench.lock npx tsx bench/label-cost.ts`.
 */
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../station/src/config.ts';
import { expandInputs } from '../station/src/inputs/expand-inputs.ts';
import { closePageContext, makePageContext, runBatch } from '../station/src/pipeline/pipeline.ts';
import { contentPage, separatorPage, toJpeg } from '../test/support/make-pages.ts';
import { labelledPage } from '../test/support/make-labels.ts';

const work = await mkdtemp(path.join(tmpdir(), 'labelcost-'));
const DOCS = 10, PER = 3, DPI = 300;
async function make(dir: string, kind: 'sheet' | 'label') {
  await mkdir(dir, { recursive: true });
  let n = 0;
  for (let d = 0; d < DOCS; d++) {
    const id = `${100 + d}/02.01.2022`;
    if (kind === 'sheet') await writeFile(path.join(dir, `p${String(++n).padStart(3, '0')}.jpg`), await toJpeg(await separatorPage(DPI, { value: id, format: 'Code128' }, { seed: d + 1 })));
    for (let p = 0; p < PER; p++) {
      const c = kind === 'label' && p === 0 ? await labelledPage(DPI, d * PER + p + 1, { value: id, modulePx: 3 }) : await contentPage(DPI, d * PER + p + 1);
      await writeFile(path.join(dir, `p${String(++n).padStart(3, '0')}.jpg`), await toJpeg(c));
    }
  }
}
await make(path.join(work, 'sheet'), 'sheet');
await make(path.join(work, 'label'), 'label');
for (const [batch, separation] of [['sheet', 'sheet'], ['label', 'label'], ['label', 'auto'], ['sheet', 'auto'], ['sheet', 'sheet'], ['label', 'label']] as const) {
  const cfg = { ...loadConfig({ env: { STATION_DATA_DIR: path.join(work, 'data') } }), separation };
  const ctx = await makePageContext(cfg, []);
  ctx.timings = new Map();
  const t0 = performance.now();
  const out = path.join(work, `out-${batch}-${separation}-${Math.random()}`);
  const s = await runBatch(await expandInputs([path.join(work, batch)]), ctx, cfg, { batchId: 'x', outDir: out, duplex: false, removeBlank: false, genericSeparators: [], concurrency: cfg.concurrency });
  const ms = performance.now() - t0;
  await closePageContext(ctx);
  const docs = s.documents.map((d) => d.startedBy).join(',');
  console.log(`${batch} batch, --separation ${separation}: ${s.pagesIn} pages in ${(ms / 1000).toFixed(2)} s = ${(s.pagesIn / (ms / 1000)).toFixed(1)} pages/s; ${(ms / (DOCS * PER)).toFixed(0)} ms per document page; barcode stage ${(ctx.timings.get('barcode')! / s.pagesIn).toFixed(1)} ms/page; docs ${s.documents.length} ok=${s.documents.every((d) => d.pages === PER)} startedBy=${[...new Set(docs.split(','))]}`);
}
await rm(work, { recursive: true, force: true });
