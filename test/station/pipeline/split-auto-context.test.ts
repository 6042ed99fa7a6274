/**
 * `separation: auto` decides sheet or label by the ink beside the separator's symbol. A batch run
 * under `auto` with a page context made under another separation (which does not measure that ink)
 * still measures it: its labelled first page is kept, not dropped as a separator sheet.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../station/src/config.ts';
import { closePageContext, makePageContext, runBatch, type PageContext } from '../../../station/src/pipeline/pipeline.ts';
import { contentPage, separatorPage, toJpeg } from '../../support/make-pages.ts';
import { labelledPage } from '../../support/make-labels.ts';
import { writeInputs } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const cfg = loadConfig({ env: { STATION_DATA_DIR: '/nonexistent-not-used' } });
let ctx: PageContext;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ctx = await makePageContext({ ...cfg, separation: 'sheet' }, []);
  ({ dir, cleanup } = await makeTempDir('split-auto-context-'));
});
afterAll(async () => {
  await closePageContext(ctx);
  await cleanup();
});

describe('runBatch under separation auto with a context made under sheet', () => {
  it('keeps a labelled first page and drops a separator sheet', async () => {
    const pages = [await labelledPage(200, 1, { value: '84512/27.09.2021', modulePx: 2 }), await contentPage(200, 2), await separatorPage(200, { value: '85/28.09.2021', format: 'Code128' }), await contentPage(200, 3)];
    await mkdir(path.join(dir, 'in'));
    const files = await writeInputs(path.join(dir, 'in'), await Promise.all(pages.map(async (p, i) => [`p${i + 1}.jpg`, new Uint8Array(await toJpeg(p, 85))] as [string, Uint8Array])));
    const summary = await runBatch(files, ctx, { ...cfg, separation: 'auto' }, { batchId: 'LOT', outDir: path.join(dir, 'out'), duplex: false, removeBlank: false, genericSeparators: [], concurrency: 2 });
    expect(summary.documents.map((d) => [d.id, d.startedBy, d.pages])).toEqual([['84512/27.09.2021', 'label', 2], ['85/28.09.2021', 'sheet', 1]]);
    expect(summary.separatorPages).toBe(1);
  });
});
