/**
 * A registration label set tight in the text of a letter full of text (the bench's dense letter): a
 * QR code or a Data Matrix with only ~1 mm of clear paper between it and the lines around it. Its
 * patch of ink joins the text's into one blob, so it is no block shaped like a symbol; the first look
 * still reads it, and still never reads the whole preview.
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
import { GrayCanvas, PAPER, toJpeg } from '../../support/make-pages.ts';
import { barcodeSymbol, type TestBarcodeFormat } from '../../support/zxing-writer.ts';

const FORMATS = ['Code128', 'Code39', 'QRCode', 'DataMatrix'] as const;
const VALUE = '84512/27.09.2021';
/** Clear paper around the symbol (mm): under the symbol-shaped block's ~1.3 mm cell, so its ink joins the text's. */
const CLEAR_MM = 1;

/** The dense letter with a label: paper cleared `CLEAR_MM` around the symbol, whose top-left corner lies at (`xMm`, `yMm`), in the body text. */
async function letterWithLabel(dpi: number, format: TestBarcodeFormat, xMm: number, yMm: number, moduleMm: number): Promise<GrayImage> {
  const raster = await rasterizeSvg(denseLetterSvg(dpi, createPrng(16), grayHex(PAPER), false), dpi, 1);
  const c = new GrayCanvas(raster.width, raster.height, dpi);
  c.data.set(raster.data);
  const sym = await barcodeSymbol(VALUE, format);
  const module = Math.max(1, Math.round(moduleMm * c.ppmm));
  const x = xMm * c.ppmm;
  const y = yMm * c.ppmm;
  const clear = CLEAR_MM * c.ppmm;
  c.rect(x - clear, y - clear, sym.width * module + 2 * clear, sym.height * module + 2 * clear, PAPER);
  c.symbol(sym, x, y, module);
  return toGray(openEncoded(await toJpeg(c.noise(3), 85)), c.width, previewFactor(dpi), 'test');
}

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

describe('lookAtPreview: a label tight in the text of a letter full of text', () => {
  const cases: { format: TestBarcodeFormat; xMm: number; yMm: number; moduleMm: number }[] = [
    { format: 'QRCode', xMm: 120, yMm: 101, moduleMm: 0.8 },
    { format: 'DataMatrix', xMm: 60, yMm: 150, moduleMm: 0.8 },
    { format: 'QRCode', xMm: 22, yMm: 190, moduleMm: 1 },
  ];
  for (const dpi of [200, 300]) {
    const opts = { formats: FORMATS, locator: DEFAULT_LOCATOR, thorough: false, blank: false, dpi: dpi / previewFactor(dpi) };
    for (const k of cases) {
      it(`${dpi} dpi: reads a ${k.format} at (${k.xMm}, ${k.yMm}) mm with ${CLEAR_MM} mm of paper round it, never the whole preview`, async () => {
        const preview = await letterWithLabel(dpi, k.format, k.xMm, k.yMm, k.moduleMm);
        const { reader, sizes } = await countingReader();
        const look = lookAtPreview(reader, preview, opts);
        expect(look.found.map((b) => `${b.format} ${b.text}`)).toEqual([`${k.format === 'QRCode' ? 'QRCode' : 'DataMatrix'} ${VALUE}`]);
        expect(sizes.filter((s) => s > 0.1 * preview.width * preview.height)).toEqual([]);
      });
    }
  }
});
