/**
 * Stage «barcode» through the real decode and blank stages (JPEG shrink-on-load preview, zxing in
 * worker threads): what decides a page is or is not a separator.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../station/src/config.ts';
import { analyzePage, closePageContext, makePageContext, type PageContext } from '../../../../station/src/pipeline/pipeline.ts';
import type { RawPage } from '../../../../station/src/pipeline/stages/read-pages.ts';
import { contentPage, separatorPage, toJpeg, type BarcodeSpec } from '../../../support/make-pages.ts';

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
