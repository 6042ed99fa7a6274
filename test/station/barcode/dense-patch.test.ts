/**
 * Dense patches on the preview: where a symbol too fine for the preview can hide. A separator sheet
 * carrying only a small Data Matrix is «otherwise almost empty» with the symbol as its one patch; a
 * page of text is not almost empty.
 */
import { describe, expect, it } from 'vitest';
import { findDensePatches, inkOutside } from '../../../station/src/barcode/dense-patch.ts';
import { ALMOST_EMPTY } from '../../../station/src/barcode/preview-look.ts';
import { openEncoded, toGray } from '../../../station/src/imaging/sharp-adapter.ts';
import { previewFactor } from '../../../station/src/pipeline/stages/decode.ts';
import { GrayCanvas, contentPage, drawBarcode, toJpeg } from '../../support/make-pages.ts';

async function preview(c: GrayCanvas) {
  const factor = previewFactor(c.dpi);
  return { img: await toGray(openEncoded(await toJpeg(c)), c.width, factor, 'test'), dpi: c.dpi / factor };
}

describe('findDensePatches', () => {
  for (const dpi of [200, 300]) {
    it(`finds a Data Matrix with 0.25 mm modules as the one patch of an otherwise empty page at ${dpi} dpi`, async () => {
      const c = GrayCanvas.a4(dpi);
      await drawBarcode(c, { value: '84512/27.09.2021', format: 'DataMatrix', moduleMm: 0.25, at: { x: 0.6, y: 0.7 } });
      const { img, dpi: previewDpi } = await preview(c.noise(2));
      const found = findDensePatches(img, { dpi: previewDpi });
      expect(inkOutside(found, found.patches)).toBeLessThanOrEqual(ALMOST_EMPTY);
      expect(found.patches).toHaveLength(1);
      const p = found.patches[0]!;
      // the patch covers the symbol's place on the page
      expect(p.x).toBeLessThanOrEqual(img.width * 0.6 + 2);
      expect(p.x + p.width).toBeGreaterThan(img.width * 0.6);
      expect(p.y).toBeLessThanOrEqual(img.height * 0.7 + 2);
      expect(p.y + p.height).toBeGreaterThan(img.height * 0.7);
    });
  }

  it('a page of text is not almost empty, and a patch already read is left out', async () => {
    const { img, dpi } = await preview(await contentPage(300, 3));
    const text = findDensePatches(img, { dpi });
    expect(inkOutside(text, text.patches.slice(0, 6))).toBeGreaterThan(ALMOST_EMPTY);
    const c = GrayCanvas.a4(300);
    await drawBarcode(c, { value: '84512/27.09.2021', format: 'QRCode', moduleMm: 0.25, at: { x: 0.3, y: 0.3 } });
    const lone = await preview(c.noise(2));
    const [p] = findDensePatches(lone.img, { dpi: lone.dpi }).patches;
    expect(p).toBeDefined();
    expect(findDensePatches(lone.img, { dpi: lone.dpi, known: [p!] }).patches).toEqual([]);
  });

  it('an empty page and dust specks have no patch', () => {
    const c = GrayCanvas.a4(75);
    for (let i = 0; i < 20; i++) c.rect(40 + i * 25, 100 + i * 30, 1, 1, 30);
    expect(findDensePatches({ data: c.data, width: c.width, height: c.height }, { dpi: 75 }).patches).toEqual([]);
  });
});
