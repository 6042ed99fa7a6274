/**
 * The memory of the whole page pipeline is bounded, not that of one page: pages in flight share one
 * budget of decoded samples, however high the concurrency.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../station/src/config.ts';
import { closePageContext, makePageContext, runBatch } from '../../../station/src/pipeline/pipeline.ts';
import { PixelBudget } from '../../../station/src/pipeline/pixel-budget.ts';
import { contentPage, toPng } from '../../support/make-pages.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('pipeline-memory-')));
afterAll(() => cleanup());

class WatchedBudget extends PixelBudget {
  peak = 0;
  pages = 0;
  override async run<T>(cost: number, fn: () => Promise<T>): Promise<T> {
    return super.run(cost, async () => {
      this.pages++;
      this.peak = Math.max(this.peak, this.inUse);
      return fn();
    });
  }
}

describe('pipeline memory', () => {
  it('with concurrency 8, pages in flight never hold more decoded samples than the budget', async () => {
    const inDir = path.join(dir, 'in');
    await mkdir(inDir, { recursive: true });
    const files: string[] = [];
    const page = await contentPage(100, 1);
    const png = await toPng(page);
    for (let i = 0; i < 8; i++) {
      const f = path.join(inDir, `p${i + 1}.png`);
      await writeFile(f, png);
      files.push(f);
    }
    const cfg = loadConfig({ env: {}, cwd: dir });
    const ctx = await makePageContext(cfg, []);
    const budget = new WatchedBudget(2 * page.width * page.height); // two gray pages at a time
    ctx.pixels = budget;
    try {
      const summary = await runBatch(files, ctx, cfg, { batchId: '20261130-120000-abcd', outDir: path.join(dir, 'out'), duplex: false, removeBlank: false, genericSeparators: [], concurrency: 8 });
      expect(summary.pagesIn).toBe(8);
    } finally {
      await closePageContext(ctx);
    }
    expect(budget.pages).toBe(8);
    expect(budget.peak).toBeGreaterThan(0);
    expect(budget.peak).toBeLessThanOrEqual(2 * page.width * page.height);
    expect(budget.inUse).toBe(0);
  });
});
