/**
 * The first look at a page, on the preview the decode stage makes (JPEG shrink-on-load to ~75–100 dpi):
 * Data Matrix and QR separators in every orientation, skewed, at 200 and 300 dpi, are read there;
 * a blank page never asks for a closer look.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCATOR } from '../../../station/src/barcode/barcode-locator.ts';
import { lookAtPreview } from '../../../station/src/barcode/preview-look.ts';
import { BarcodeReader } from '../../../station/src/barcode/zxing-reader.ts';
import { openEncoded, toGray } from '../../../station/src/imaging/sharp-adapter.ts';
import { previewFactor } from '../../../station/src/pipeline/stages/decode.ts';
import { GrayCanvas, separatorPage, toJpeg } from '../../support/make-pages.ts';

const FORMATS = ['Code128', 'Code39', 'QRCode', 'DataMatrix'] as const;
const opts = { formats: FORMATS, locator: DEFAULT_LOCATOR, thorough: false, blank: false, dpi: 75 };

async function preview(c: GrayCanvas, skewDeg = 0) {
  const jpeg = await toJpeg(c, 85, { skewDeg });
  const factor = previewFactor(c.dpi);
  return toGray(openEncoded(jpeg), c.width, factor, 'test');
}

describe('lookAtPreview', () => {
  for (const dpi of [200, 300]) {
    for (const format of ['DataMatrix', 'QRCode'] as const) {
      it(`reads a ${format} separator at ${dpi} dpi in every orientation, and skewed`, async () => {
        const reader = await BarcodeReader.create();
        for (const pageRotate of [undefined, 90, 180, 270] as const) {
          const page = await separatorPage(dpi, { value: '5/30.09.2021', format }, { pageRotate });
          const look = lookAtPreview(reader, await preview(page, pageRotate === 180 ? 2.5 : 0), { ...opts, dpi: dpi / previewFactor(dpi) });
          expect(look.found.map((b) => b.text), `${format} ${dpi} dpi ${pageRotate ?? 0}°`).toEqual(['5/30.09.2021']);
        }
      });
    }
  }

  it('a blank page is read once and never asks for a closer look', async () => {
    const reader = await BarcodeReader.create();
    const look = lookAtPreview(reader, await preview(GrayCanvas.a4(300)), { ...opts, blank: true });
    expect(look).toEqual({ found: [], closer: false, windows: [], patches: [] });
  });
});
