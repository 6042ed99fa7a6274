/**
 * The first look at a page full of text (the bench's dense letter, about 40 lines), on the preview the
 * decode stage makes: zxing never reads the whole preview there, only where a symbol can be; a Data
 * Matrix and a QR code printed beside the text are still read, and the bars of a fine label are
 * still handed back for a closer look.
 */
import { describe, expect, it } from 'vitest';
import { denseLetterSvg } from '../../../fixtures/lib/bench-letter.ts';
import { createPrng } from '../../../fixtures/lib/prng.ts';
import { rasterizeSvg } from '../../../fixtures/lib/raster.ts';
import { grayHex } from '../../../fixtures/lib/svg-page.ts';
import { DEFAULT_LOCATOR } from '../../../station/src/barcode/barcode-locator.ts';
import { lookAtPreview } from '../../../station/src/barcode/preview-look.ts';
import { BarcodeReader, type GrayImage } from '../../../station/src/barcode/zxing-reader.ts';
import { openEncoded, toGray } from '../../../station/src/imaging/sharp-adapter.ts';
import { previewFactor } from '../../../station/src/pipeline/stages/decode.ts';
import { drawBarcode, GrayCanvas, PAPER, toJpeg, type BarcodeSpec } from '../../support/make-pages.ts';

const FORMATS = ['Code128', 'Code39', 'QRCode', 'DataMatrix'] as const;
const INVOICE = 'https://efactura.example.ro/f/2021-0045?cif=RO12345678&total=1250.00';

async function letter(dpi: number, symbols: BarcodeSpec[]): Promise<GrayImage> {
  const raster = await rasterizeSvg(denseLetterSvg(dpi, createPrng(16), grayHex(PAPER), false), dpi, 1);
  const c = new GrayCanvas(raster.width, raster.height, dpi);
  c.data.set(raster.data);
  for (const s of symbols) await drawBarcode(c, s);
  return toGray(openEncoded(await toJpeg(c.noise(3), 85)), c.width, previewFactor(dpi), 'test');
}

/** A real reader that notes the size of every image it is asked to read. */
async function countingReader(): Promise<{ reader: BarcodeReader; sizes: number[] }> {
  const reader = await BarcodeReader.create();
  const sizes: number[] = [];
  const read = reader.readDetailed.bind(reader);
  reader.readDetailed = (img, opts) => {
    sizes.push(img.width * img.height);
    return read(img, opts);
  };
  return { reader, sizes };
}

describe('lookAtPreview on a letter full of text', () => {
  for (const dpi of [200, 300]) {
    const opts = { formats: FORMATS, locator: DEFAULT_LOCATOR, thorough: false, blank: false, dpi: dpi / previewFactor(dpi) };

    it(`${dpi} dpi: finds nothing and never reads the whole preview`, async () => {
      const preview = await letter(dpi, []);
      const { reader, sizes } = await countingReader();
      const look = lookAtPreview(reader, preview, opts);
      expect(look).toEqual({ found: [], closer: false, windows: [], patches: [] });
      expect(sizes.filter((s) => s > 0.1 * preview.width * preview.height)).toEqual([]);
    });

    it(`${dpi} dpi: reads a Data Matrix and a QR code printed in its margins, each in a window of its own`, async () => {
      const preview = await letter(dpi, [
        { value: 'FACT 2021-0045 RO12345678', format: 'DataMatrix', at: { x: 0.8, y: 0.02 } },
        { value: INVOICE, format: 'QRCode', at: { x: 0.05, y: 0.87 } },
      ]);
      const { reader, sizes } = await countingReader();
      const look = lookAtPreview(reader, preview, opts);
      expect(look.found.map((b) => b.text).sort()).toEqual(['FACT 2021-0045 RO12345678', INVOICE]);
      expect(sizes.filter((s) => s > 0.1 * preview.width * preview.height)).toEqual([]);
    });

    it(`${dpi} dpi: hands back the bars of a fine label as a window for a closer look`, async () => {
      const preview = await letter(dpi, [{ value: '84512/27.09.2021', format: 'Code128', moduleMm: 0.25, at: { x: 0.62, y: 0.05 } }]);
      const { reader } = await countingReader();
      const look = lookAtPreview(reader, preview, opts);
      const mm = opts.dpi / 25.4;
      expect(look.closer).toBe(true);
      // the label's left edge, 0.62 of the page's width, lies in a window of bars running down
      expect(look.windows.some((w) => w.bars === 'vertical' && w.x <= 0.62 * preview.width + 3 * mm && w.x + w.width > 0.62 * preview.width + 10 * mm)).toBe(true);
    });
  }
});
