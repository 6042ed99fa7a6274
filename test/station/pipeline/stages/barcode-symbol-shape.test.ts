/**
 * Stage «barcode»: a page costs a full-resolution decode only when it is a separator candidate. A
 * «symbol» zxing located on the preview but could not decode is looked at closer only when its box
 * has a symbol's shape (square-ish, or narrow on one side); a large oblong box (finder-like blobs in
 * the text of a dense letter) costs nothing more. Bars the locator saw are always read.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCATOR } from '../../../../station/src/barcode/barcode-locator.ts';
import type { BarcodeEngine } from '../../../../station/src/barcode/barcode-engine.ts';
import type { CloserWindow } from '../../../../station/src/barcode/preview-look.ts';
import { makeSeparatorRule } from '../../../../station/src/barcode/separator-rule.ts';
import type { GrayImage } from '../../../../station/src/barcode/zxing-reader.ts';
import { couldBeSymbol, findBarcodes, newBarcodeStats } from '../../../../station/src/pipeline/stages/barcode.ts';
import type { CheckedPage } from '../../../../station/src/pipeline/stages/blank-check.ts';

const gray = (width: number, height: number): GrayImage => ({ data: new Uint8Array(width * height).fill(240), width, height });

/** A 300 dpi A4 page (75 dpi preview) whose preview look hands back `windows`; counts full decodes and reads. */
async function lookWith(windows: CloserWindow[]) {
  const counts = { full: 0, detail: 0, reads: 0 };
  const engine: BarcodeEngine = {
    lookAtPreview: async () => ({ found: [], closer: windows.length > 0, windows, patches: [] }),
    read: async () => {
      counts.reads++;
      return [];
    },
    close: async () => {},
  };
  const page = {
    seq: 0, origin: { file: '/in/p.jpg', pageInFile: 0, pagesInFile: 1, fileSha256: 'x' }, label: 'p.jpg',
    width: 2480, height: 3508, dpiX: 300, dpiY: 300, rotation: 0, previewScale: 4, preview: gray(620, 877),
    detail: async () => (counts.detail++, gray(1240, 1754)),
    full: async () => (counts.full++, gray(2480, 3508)),
    embed: { filter: 'DCTDecode', data: new Uint8Array(0), width: 2480, height: 3508, components: 3 },
    blank: { inkRatio: 0.05, isBlank: false },
  } as CheckedPage;
  const stats = newBarcodeStats();
  await findBarcodes(page, { engine, rule: makeSeparatorRule('^\\d{1,8}/\\d{2}\\.\\d{2}\\.\\d{4}$', []), formats: ['Code128', 'QRCode', 'DataMatrix'], locator: DEFAULT_LOCATOR, stats });
  return { counts, stats };
}

const mm = 75 / 25.4;
const box = (wMm: number, hMm: number, bars: CloserWindow['bars'] = 'either'): CloserWindow => ({ x: 78, y: 174, width: wMm * mm, height: hMm * mm, bars });

describe('stage barcode: the shape of a located symbol decides whether it costs a full decode', () => {
  it('a large oblong «symbol» in the text (139 × 76 mm, as on a dense letter) is not read again, nothing is decoded', async () => {
    const { counts, stats } = await lookWith([box(139, 76)]);
    expect(counts).toEqual({ full: 0, detail: 0, reads: 0 });
    expect(stats).toMatchObject({ windowReads: 0, closerReads: 0 });
  });

  it('a square-ish symbol (a QR code turned any way), a 1D line and a narrow Data Matrix are read at full resolution', async () => {
    for (const w of [box(30, 28), box(60, 3), box(40, 12)]) {
      const { counts, stats } = await lookWith([w]);
      expect(counts.full).toBeGreaterThan(0);
      expect(counts.reads).toBeGreaterThan(0);
      expect(stats.windowReads).toBe(1);
    }
  });

  it('a page without an area reader (PNG, TIFF) asks its full raster for the window and the last resort, not once more for its width', async () => {
    const { counts } = await lookWith([box(30, 28)]);
    // the window's cut, then the last resort's look as the window read nothing (this page keeps no raster; decodePage's keeps it)
    expect(counts.full).toBe(2);
  });

  it('bars the locator saw are read whatever the shape of their patch', async () => {
    const { counts } = await lookWith([box(139, 76, 'vertical')]);
    expect(counts.full).toBeGreaterThan(0);
  });

  it('couldBeSymbol: square-ish or narrow on one side', () => {
    expect([couldBeSymbol(box(139, 76), 75), couldBeSymbol(box(50, 45), 75), couldBeSymbol(box(80, 19), 75), couldBeSymbol(box(45, 25), 75)]).toEqual([false, true, true, false]);
  });
});
