/**
 * Stage «barcode», the closer look by windows (real JPEG decode, zxing in worker threads): a
 * registration label's fine Code 128 (module 2–4 px) on a page of text is read from the window where
 * the preview shows its bars, cut from the full image (or already in their band of the preview) — upright, sideways, skewed, faded, at 200 and
 * 300 dpi — and the page is never read again whole; a Patch T sheet's bars are its patch code, not a
 * window to read; a page without bars is never read again at all.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../station/src/config.ts';
import { analyzePage, closePageContext, makePageContext, type PageContext } from '../../../../station/src/pipeline/pipeline.ts';
import type { RawPage } from '../../../../station/src/pipeline/stages/read-pages.ts';
import { newBarcodeStats } from '../../../../station/src/pipeline/stages/barcode.ts';
import { GrayCanvas, INK, contentPage, textBlock, toJpeg } from '../../../support/make-pages.ts';
import { labelledPage, type LabelSpec } from '../../../support/make-labels.ts';

const cfg = () => loadConfig({ env: { STATION_DATA_DIR: '/nonexistent-not-used' } });
let ctx: PageContext;
let withPatch: PageContext;
beforeAll(async () => {
  ctx = await makePageContext(cfg(), []);
  withPatch = await makePageContext(cfg(), ['PATCHT']);
});
afterAll(async () => {
  await closePageContext(ctx);
  await closePageContext(withPatch);
});

let seq = 0;
async function analyze(c: GrayCanvas, on: PageContext, skewDeg = 0) {
  const stats = newBarcodeStats();
  const raw: RawPage = { seq: seq++, origin: { file: '/in/p.jpg', pageInFile: 0, pagesInFile: 1, fileSha256: 'x' }, label: 'p.jpg', source: { format: 'jpeg', bytes: new Uint8Array(await toJpeg(c, 85, { skewDeg })) } };
  const page = await analyzePage(raw, { ...on, barcode: { ...on.barcode, stats } });
  return { page, stats };
}

describe('stage barcode: a label read from its window, never the whole page', () => {
  const cases: [dpi: number, spec: LabelSpec, skewDeg: number][] = [
    [300, { value: '84512/27.09.2021', modulePx: 3 }, 0],
    [300, { value: '5/30.09.2021', modulePx: 3, corner: 'left' }, 0],
    [300, { value: '1203/28.09.2021', modulePx: 4, rotate: 90 }, 0],
    [300, { value: '5/30.09.2021', modulePx: 2, rotate: 270 }, -1.5],
    [300, { value: '77/29.09.2021', modulePx: 3, ink: 110 }, 2],
    [200, { value: '84512/27.09.2021', modulePx: 2 }, 0],
    [200, { value: '1203/28.09.2021', modulePx: 3, rotate: 90, corner: 'left' }, 1],
  ];
  it('upright, sideways, skewed and faded labels at 300 and 200 dpi', async () => {
    const wrong: string[] = [];
    for (const [dpi, spec, skew] of cases) {
      const { page, stats } = await analyze(await labelledPage(dpi, 3, spec), ctx, skew);
      const what = `${dpi} dpi, module ${spec.modulePx} px, ${spec.rotate ?? 0}°, skew ${skew}°${spec.ink ? ', faded' : ''}`;
      if (page.separator?.kind !== 'registration' || page.separator.id !== spec.value) wrong.push(`${what}: ${JSON.stringify(page.separator)}`);
      // at most its window at full resolution: a label whose bars read in their band of the preview needs none (200 dpi, 2 px modules)
      else if (stats.windowReads > 1 || stats.closerReads !== 0) wrong.push(`${what}: ${JSON.stringify(stats)}`);
    }
    expect(wrong).toEqual([]);
  });

  it('a page of text without bars is not read again, a labelled page reports its window read', async () => {
    const text = await analyze(await contentPage(300, 4, { lines: 30 }), ctx);
    expect(text.page.separator).toBeNull();
    expect(text.stats).toEqual({ pages: 1, patchReads: 0, windowReads: 0, closerReads: 0 });
  });
});

describe('stage barcode: a Patch T sheet', () => {
  function patchT(dpi: number): GrayCanvas {
    const c = GrayCanvas.a4(dpi);
    let y = 0.5 * dpi;
    for (const ch of 'NWNW') {
      const h = (ch === 'W' ? 0.2 : 0.08) * dpi;
      c.rect(0.5 * dpi, y, c.width - dpi, h, INK);
      y += h + 0.08 * dpi;
    }
    textBlock(c, 3, 4, { top: 0.45 });
    return c.noise(2);
  }
  it('is PATCHT from its bars on the preview: no window and no whole page read again, fed either way round', async () => {
    for (const turned of [false, true]) {
      const sheet = turned ? patchT(300).rotated(180) : patchT(300);
      const { page, stats } = await analyze(sheet, withPatch);
      expect(page.separator).toEqual({ kind: 'generic', value: 'PATCHT' });
      expect(stats).toEqual({ pages: 1, patchReads: 0, windowReads: 0, closerReads: 0 });
    }
  });
});
