/**
 * The first look with the separator rule (`separator`): a sheet's separator read in its band ends the
 * look without a whole read, and the other symbols the sheet carries are still read (a hostile value
 * to report, a second registration number); a page whose bars are no separator has them read once.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCATOR } from '../../../station/src/barcode/barcode-locator.ts';
import { lookAtPreview } from '../../../station/src/barcode/preview-look.ts';
import { DEFAULT_SEPARATOR_PATTERN, makeSeparatorRule } from '../../../station/src/barcode/separator-rule.ts';
import { BarcodeReader, type GrayImage } from '../../../station/src/barcode/zxing-reader.ts';
import { openEncoded, toGray } from '../../../station/src/imaging/sharp-adapter.ts';
import { previewFactor } from '../../../station/src/pipeline/stages/decode.ts';
import { denseLetterSvg } from '../../../fixtures/lib/bench-letter.ts';
import { createPrng } from '../../../fixtures/lib/prng.ts';
import { rasterizeSvg } from '../../../fixtures/lib/raster.ts';
import { grayHex } from '../../../fixtures/lib/svg-page.ts';
import { drawBarcode, GrayCanvas, PAPER, separatorPage, toJpeg, type BarcodeSpec } from '../../support/make-pages.ts';

const FORMATS = ['Code128', 'Code39', 'QRCode', 'DataMatrix'] as const;
const ID = '84512/27.09.2021';
const separator = makeSeparatorRule(DEFAULT_SEPARATOR_PATTERN, []);

async function preview(c: GrayCanvas, dpi: number): Promise<GrayImage> {
  return toGray(openEncoded(await toJpeg(c, 85)), c.width, previewFactor(dpi), 'test');
}

/** A real reader noting each read (`read` goes through `readDetailed`): the image's share of the preview. */
async function notingReader(previewPixels: () => number): Promise<{ reader: BarcodeReader; reads: number[] }> {
  const reader = await BarcodeReader.create();
  const reads: number[] = [];
  const f = reader.readDetailed.bind(reader);
  reader.readDetailed = (img, o) => (reads.push((img.width * img.height) / previewPixels()), f(img, o));
  return { reader, reads };
}

/** The bench's letter of about 40 lines (a page full of text), with `symbols` printed on it. */
async function denseLetter(dpi: number, symbols: BarcodeSpec[]): Promise<GrayCanvas> {
  const raster = await rasterizeSvg(denseLetterSvg(dpi, createPrng(16), grayHex(PAPER), false), dpi, 1);
  const c = new GrayCanvas(raster.width, raster.height, dpi);
  c.data.set(raster.data);
  for (const s of symbols) await drawBarcode(c, s);
  return c.noise(3);
}

async function sheetWith(dpi: number, more: BarcodeSpec[]): Promise<GrayCanvas> {
  const c = await separatorPage(dpi, { value: ID, format: 'Code128', moduleMm: 0.7 });
  for (const b of more) await drawBarcode(c, b);
  return c;
}

describe('lookAtPreview with the separator rule', () => {
  for (const dpi of [200, 300]) {
    const opts = { formats: FORMATS, locator: DEFAULT_LOCATOR, thorough: false, blank: false, dpi: dpi / previewFactor(dpi), separator };

    it(`${dpi} dpi: a plain separator sheet is read in its band, nothing read whole, no 2D read`, async () => {
      const img = await preview(await sheetWith(dpi, []), dpi);
      const { reader, reads } = await notingReader(() => img.width * img.height);
      const look = lookAtPreview(reader, img, opts);
      expect(look).toEqual({ found: [expect.objectContaining({ text: ID, format: 'Code128' })], closer: false, windows: [], patches: [] });
      expect(reads.filter((r) => r > 0.25)).toEqual([]);
      expect(reads.length).toBeLessThanOrEqual(2);
    });

    it(`${dpi} dpi: the other symbols on a separator sheet are read too (a hostile QR value, a second number's Data Matrix, a Code 128)`, async () => {
      const img = await preview(await sheetWith(dpi, [
        { value: 'x\u202Eevil\u0007', format: 'QRCode', moduleMm: 1, at: { x: 0.15, y: 0.6 } },
        { value: '99/30.09.2021', format: 'DataMatrix', moduleMm: 1, at: { x: 0.6, y: 0.6 } },
        { value: 'INV-2021-0042', format: 'Code128', at: { x: 0.3, y: 0.8 } },
      ]), dpi);
      const { reader, reads } = await notingReader(() => img.width * img.height);
      const look = lookAtPreview(reader, img, opts);
      expect(look.found[0]).toMatchObject({ text: ID, format: 'Code128' });
      expect(look.found.map((b) => `${b.format} ${b.text}`).sort()).toEqual([`Code128 ${ID}`, 'Code128 INV-2021-0042', 'DataMatrix 99/30.09.2021', 'QRCode x\u202Eevil\u0007']);
      expect(reads.filter((r) => r > 0.25)).toEqual([]);
    });

    it(`${dpi} dpi: a letter's Code 128 that is no separator is read once, in its band (not again alone)`, async () => {
      const img = await preview(await denseLetter(dpi, [{ value: 'INV-2021-0042', format: 'Code128', moduleMm: 0.7, at: { x: 0.3, y: 0.03 } }]), dpi);
      const { reader, reads } = await notingReader(() => img.width * img.height);
      const look = lookAtPreview(reader, img, opts);
      expect(look.found.map((b) => `${b.format} ${b.text}`)).toEqual(['Code128 INV-2021-0042']);
      expect(look.closer).toBe(false);
      expect(reads).toHaveLength(1);
    });
  }
});
