/**
 * A QR code or Data Matrix on a letter full of text (the bench's dense letter) is read on the preview
 * whatever its module size and however light its ink: modules of 1.5 mm (fewer changes a pixel than
 * the 0.8 mm ones, the same number across the symbol), and a light gray label set tight in black text
 * (measured against its own ink, not the text's). Never by reading the whole preview.
 */
import { describe, expect, it } from 'vitest';
import { writeBarcode } from 'zxing-wasm';
import { denseLetterSvg } from '../../../fixtures/lib/bench-letter.ts';
import { createPrng } from '../../../fixtures/lib/prng.ts';
import { rasterizeSvg } from '../../../fixtures/lib/raster.ts';
import { grayHex } from '../../../fixtures/lib/svg-page.ts';
import { DEFAULT_LOCATOR } from '../../../station/src/barcode/barcode-locator.ts';
import { lookAtPreview } from '../../../station/src/barcode/preview-look.ts';
import { DEFAULT_SEPARATOR_PATTERN, makeSeparatorRule } from '../../../station/src/barcode/separator-rule.ts';
import { BarcodeReader, type GrayImage } from '../../../station/src/barcode/zxing-reader.ts';
import { openEncoded, toGray } from '../../../station/src/imaging/sharp-adapter.ts';
import { previewFactor } from '../../../station/src/pipeline/stages/decode.ts';
import { GrayCanvas, INK, PAPER, toJpeg } from '../../support/make-pages.ts';
import { loadZXing } from '../../support/zxing-writer.ts';

const FORMATS = ['Code128', 'Code39', 'QRCode', 'DataMatrix'] as const;
const VALUE = '84512/27.09.2021';

/** The symbol's modules (a square Data Matrix: a label's). */
async function symbol(format: 'QRCode' | 'DataMatrix'): Promise<{ data: Uint8Array; width: number; height: number }> {
  await loadZXing();
  const res = await writeBarcode(VALUE, { format, forceSquareDataMatrix: true });
  const { data, width, height } = res.symbol!;
  return { data: new Uint8Array(data), width, height };
}

/** The dense letter with the symbol at (120, 101) mm in its text, `clearMm` of paper round it, printed in `ink`. */
async function letter(dpi: number, format: 'QRCode' | 'DataMatrix', moduleMm: number, clearMm: number, ink: number): Promise<GrayImage> {
  const raster = await rasterizeSvg(denseLetterSvg(dpi, createPrng(16), grayHex(PAPER), false), dpi, 1);
  const c = new GrayCanvas(raster.width, raster.height, dpi);
  c.data.set(raster.data);
  const sym = await symbol(format);
  const module = Math.max(1, Math.round(moduleMm * c.ppmm));
  const [x, y, clear] = [120 * c.ppmm, 101 * c.ppmm, clearMm * c.ppmm];
  c.rect(x - clear, y - clear, sym.width * module + 2 * clear, sym.height * module + 2 * clear, PAPER);
  c.symbol(sym, x, y, module, { ink });
  return toGray(openEncoded(await toJpeg(c.noise(3), 85)), c.width, previewFactor(dpi), 'test');
}

async function sizedReader(): Promise<{ reader: BarcodeReader; sizes: number[] }> {
  const reader = await BarcodeReader.create();
  const sizes: number[] = [];
  for (const name of ['read', 'readDetailed'] as const) {
    const f = reader[name].bind(reader) as (img: GrayImage, o: never) => never;
    (reader as unknown as Record<string, unknown>)[name] = (img: GrayImage, o: never) => (sizes.push(img.width * img.height), f(img, o));
  }
  return { reader, sizes };
}

describe('lookAtPreview on a dense letter: 2D symbols whatever their module size and ink', () => {
  const cases: { format: 'QRCode' | 'DataMatrix'; moduleMm: number; clearMm: number; ink: number }[] = [
    { format: 'QRCode', moduleMm: 1.5, clearMm: 4, ink: INK },
    { format: 'DataMatrix', moduleMm: 1.5, clearMm: 4, ink: INK },
    { format: 'QRCode', moduleMm: 1.5, clearMm: 1, ink: INK },
    { format: 'DataMatrix', moduleMm: 1.5, clearMm: 1, ink: INK },
    // a light gray label tight in black text
    { format: 'QRCode', moduleMm: 0.8, clearMm: 1, ink: 140 },
    { format: 'DataMatrix', moduleMm: 1, clearMm: 1, ink: 140 },
    { format: 'QRCode', moduleMm: 1, clearMm: 1, ink: 160 },
  ];
  for (const dpi of [200, 300]) {
    for (const separator of [undefined, makeSeparatorRule(DEFAULT_SEPARATOR_PATTERN, [])]) {
      const opts = { formats: FORMATS, locator: DEFAULT_LOCATOR, thorough: false, blank: false, dpi: dpi / previewFactor(dpi), ...(separator ? { separator } : {}) };
      for (const k of cases) {
        it(`${dpi} dpi${separator ? ', separator rule' : ''}: a ${k.format} with ${k.moduleMm} mm modules, ink ${k.ink}, ${k.clearMm} mm of paper round it`, async () => {
          const preview = await letter(dpi, k.format, k.moduleMm, k.clearMm, k.ink);
          const { reader, sizes } = await sizedReader();
          const look = lookAtPreview(reader, preview, opts);
          expect(look.found.map((b) => `${b.format} ${b.text}`)).toEqual([`${k.format} ${VALUE}`]);
          // cut-outs and bands only (a band across bars the locator saw is a page-wide strip)
          expect(sizes.filter((s) => s > 0.25 * preview.width * preview.height)).toEqual([]);
        });
      }
    }
  }
});
