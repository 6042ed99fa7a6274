/**
 * Stage «barcode» through the real decode and blank stages (JPEG shrink-on-load preview, zxing in
 * worker threads): what decides a page is or is not a separator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../station/src/config.ts';
import { analyzePage, closePageContext, makePageContext, type PageContext } from '../../../../station/src/pipeline/pipeline.ts';
import type { RawPage } from '../../../../station/src/pipeline/stages/read-pages.ts';
import { newBarcodeStats } from '../../../../station/src/pipeline/stages/barcode.ts';
import { GrayCanvas, INK, PAPER, contentPage, drawBarcode, separatorPage, textLine, toJpeg, type BarcodeSpec } from '../../../support/make-pages.ts';
import { barcodeSymbol } from '../../../support/zxing-writer.ts';

let ctx: PageContext;
beforeAll(async () => {
  ctx = await makePageContext(loadConfig({ env: { STATION_DATA_DIR: '/nonexistent-not-used' } }), []);
});
afterAll(() => closePageContext(ctx));

let seq = 0;
function raw(bytes: Uint8Array, label: string): RawPage {
  return { seq: seq++, origin: { file: `/in/${label}`, pageInFile: 0, pagesInFile: 1, fileSha256: 'x' }, label, source: { format: 'jpeg', bytes } };
}
const invoiceQr: BarcodeSpec = { value: 'https://www.anaf.ro/verificare?factura=FAC-2021-00042', format: 'QRCode', at: { x: 0.7, y: 0.78 }, moduleMm: 1.2 };

describe('stage barcode', () => {
  it('a sheet whose small QR reads on the preview still has its fine Code 128 separator found at full resolution', async () => {
    const page = await contentPage(300, 3, { lines: 3, barcodes: [{ value: '84512/27.09.2021', format: 'Code128', at: { x: 0.1, y: 0.06 }, moduleMm: 0.3 }, invoiceQr] });
    const out = await analyzePage(raw(new Uint8Array(await toJpeg(page)), 'cover.jpg'), ctx);
    expect(out.separator).toMatchObject({ kind: 'registration', id: '84512/27.09.2021' });
  });

  it('a content page with only an invoice QR is a content page, its QR reported', async () => {
    const page = await contentPage(300, 4, { barcodes: [invoiceQr] });
    const out = await analyzePage(raw(new Uint8Array(await toJpeg(page)), 'factura.jpg'), ctx);
    expect(out.separator).toBeNull();
    expect(out.barcode).toMatchObject({ state: 'found', barcodes: [expect.objectContaining({ format: 'QRCode' })] });
  });

  it('a separator sheet printed at 200 dpi with a Data Matrix is found', async () => {
    const page = await separatorPage(200, { value: '77/29.09.2021', format: 'DataMatrix' });
    const out = await analyzePage(raw(new Uint8Array(await toJpeg(page, 85, { skewDeg: 2 })), 'dm.jpg'), ctx);
    expect(out.separator).toMatchObject({ id: '77/29.09.2021' });
  });
});

/** A separator sheet that carries only a small symbol (and, with `title`, one line of large print). */
async function smallSymbolSheet(dpi: number, kind: string, rotate: 0 | 90 | 180 | 270, title: boolean): Promise<GrayCanvas> {
  let c = GrayCanvas.a4(dpi);
  const value = '84512/27.09.2021';
  if (title) textLine(c, c.width * 0.2, c.height * 0.08, 20, 11, { glyphMm: 6 });
  const at = { x: 0.55, y: 0.4 };
  if (kind.startsWith('inverted')) {
    // white on black, as some label printers make them: a black label with the symbol knocked out
    const format = kind === 'inverted-qr' ? 'QRCode' : 'DataMatrix';
    const sym = await barcodeSymbol(value, format);
    const module = Math.round(0.6 * c.ppmm);
    const border = 3 * module;
    c.rect(c.width * at.x - border, c.height * at.y - border, sym.width * module + 2 * border, sym.height * module + 2 * border, INK);
    await drawBarcode(c, { value, format, moduleMm: 0.6, at, ink: PAPER });
  } else if (kind === 'code128') {
    // a short Code 128 label: 0.25 mm modules, bars 6 mm high
    const sym = await barcodeSymbol(value, 'Code128');
    c.symbol(sym, c.width * at.x, c.height * at.y, Math.max(1, Math.round(0.25 * c.ppmm)), { barHeight: Math.round(6 * c.ppmm) });
  } else {
    const [format, mm] = kind.split('-') as ['DataMatrix' | 'QRCode', string];
    await drawBarcode(c, { value, format, moduleMm: Number(mm), at });
  }
  if (rotate) c = c.rotated(rotate);
  return c.noise(5);
}

describe('stage barcode: small and inverted symbols', () => {
  const kinds = ['DataMatrix-0.25', 'DataMatrix-0.33', 'QRCode-0.25', 'QRCode-0.33', 'code128', 'inverted-qr', 'inverted-dm'];
  for (const dpi of [200, 300]) {
    it(`reads small Data Matrix, QR and Code 128 separators and white-on-black ones at ${dpi} dpi, in every orientation`, async () => {
      const missed: string[] = [];
      for (const kind of kinds) {
        for (const rotate of [0, 90, 180, 270] as const) {
          const title = rotate === 90 || rotate === 180;
          const page = await smallSymbolSheet(dpi, kind, rotate, title);
          const out = await analyzePage(raw(new Uint8Array(await toJpeg(page)), `${kind}-${rotate}.jpg`), ctx);
          if (out.separator?.kind !== 'registration' || out.separator.id !== '84512/27.09.2021') missed.push(`${kind} ${rotate}°${title ? ' with a title' : ''}`);
        }
      }
      expect(missed).toEqual([]);
    });
  }

  it('a dense text page without barcodes is not read again at a higher resolution', async () => {
    const stats = newBarcodeStats();
    const s = { ...ctx, barcode: { ...ctx.barcode, stats } };
    for (const mark of [5, 6, 7]) {
      for (const dpi of [200, 300]) {
        const out = await analyzePage(raw(new Uint8Array(await toJpeg(await contentPage(dpi, mark, { lines: 30 }))), `text-${mark}.jpg`), s);
        expect(out.separator).toBeNull();
      }
    }
    expect(stats).toEqual({ pages: 6, patchReads: 0, windowReads: 0, closerReads: 0 });
  });
});
