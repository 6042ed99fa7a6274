/**
 * The review page's large page view shows a colour scan in colour (issue 16; it was gray while the
 * thumbnails were colour): the scan's own image at the view's ~150 dpi, upright (an EXIF-turned
 * page too); a page scanned in gray stays gray. Real split batch, real HTTP, and the viewer in
 * Chromium (screenshot in test-artifacts/).
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { colourCases, colourPageJpeg } from '../../../fixtures/lib/colour-page.ts';
import { contentPage, toJpeg } from '../../support/make-pages.ts';
import { colourBeyondPaper, rgbOf } from '../../support/page-likeness.ts';
import { runSplit } from '../../support/split-run.ts';
import { useSplitBatchUi } from '../../support/browser-suite.ts';
import { ARTIFACTS, rawRequest } from '../../support/ui-harness.ts';

let stamp: Buffer;
const batchId = 'lot-color';

const suite = useSplitBatchUi('large-colour-', async (root, dataDir) => {
  const inDir = path.join(root, 'in');
  await mkdir(inDir, { recursive: true });
  const c = colourCases().find((x) => x.name === 'red-stamp')!;
  stamp = await colourPageJpeg({ ...c.spec, dpi: 300, seed: 'large-view' });
  // the same scan turned a quarter counter-clockwise, its EXIF tag saying turn it back
  const sideways = await sharp(await sharp(stamp).rotate(-90).jpeg({ quality: 85 }).toBuffer()).withMetadata({ orientation: 6, density: 300 }).jpeg({ quality: 85 }).toBuffer();
  await writeFile(path.join(inDir, 'p01.jpg'), stamp);
  await writeFile(path.join(inDir, 'p02.jpg'), sideways);
  await writeFile(path.join(inDir, 'p03.jpg'), await toJpeg(await contentPage(300, 3), 85));
  const r = await runSplit([inDir, '--out', path.join(root, 'out'), '--batch-id', batchId], { cwd: root, dataDir });
  expect(r.stderr).toBe('');
  await mkdir(ARTIFACTS, { recursive: true });
});

async function large(seq: number): Promise<Buffer> {
  const res = await rawRequest(suite.ui.port, 'GET', `/api/batches/${batchId}/pages/${seq}/large`, { host: `127.0.0.1:${suite.ui.port}`, 'x-station-secret': suite.ui.secret });
  expect(res.status).toBe(200);
  return res.bytes;
}

describe('the large page view', () => {
  it('is in colour for a colour scan, upright and at the view size; gray for a gray scan', async () => {
    const scanned = colourBeyondPaper(await rgbOf(stamp, 310, 438));
    expect(scanned).toBeGreaterThan(0.002);
    for (const seq of [0, 1]) {
      const view = await large(seq);
      const meta = await sharp(view).metadata();
      // 300 dpi A4 at the detail scale (1/2): 1240 × 1754, upright
      expect([seq, meta.channels, meta.width, meta.height]).toEqual([seq, 3, 1240, 1754]);
      expect({ seq, colour: colourBeyondPaper(await rgbOf(view, 310, 438)) >= scanned * 0.7 }).toEqual({ seq, colour: true });
    }
    const gray = await large(2);
    expect(colourBeyondPaper(await rgbOf(gray, 310, 438))).toBe(0);
  });

  it('shows the colour page in colour in the viewer', async () => {
    const page = await suite.browser.newPage({ viewport: { width: 1280, height: 900 }, locale: 'ro-RO' });
    await page.goto(`${suite.ui.base}/#cheie=${suite.ui.secret}`);
    await page.goto(`${suite.ui.base}/#/lot/${batchId}`);
    await page.getByRole('heading', { name: `Verificare lot ${batchId}` }).waitFor();
    await page.getByRole('button', { name: 'Pagina 1', exact: true }).dblclick();
    const viewer = page.getByRole('dialog', { name: 'Pagina mărită' });
    await expect.poll(() => viewer.getByRole('img', { name: 'Pagina 1' }).evaluate((img) => (img as HTMLImageElement).naturalWidth), { timeout: 60_000 }).toBe(1240);
    await page.screenshot({ path: path.join(ARTIFACTS, 'station-page-view-colour.png') });
    await page.close();
  }, 120_000);
});
