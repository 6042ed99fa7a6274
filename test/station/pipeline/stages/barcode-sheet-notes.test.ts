/**
 * A separator sheet read in its band still has its other symbols read, and what they say reaches
 * the summary's notes: a hostile value is reported as ignored, a second separator value (another
 * document's label stuck on the sheet) is told to the clerk; the first read decides the document.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../station/src/config.ts';
import { analyzePage, closePageContext, makePageContext, type PageContext } from '../../../../station/src/pipeline/pipeline.ts';
import { drawBarcode, separatorPage, toJpeg, type BarcodeSpec } from '../../../support/make-pages.ts';

let ctx: PageContext;
beforeAll(async () => {
  ctx = await makePageContext(loadConfig({ env: { STATION_DATA_DIR: '/nonexistent-not-used' } }), []);
});
afterAll(() => closePageContext(ctx));

const ID = '84512/27.09.2021';

async function sheet(dpi: number, more: BarcodeSpec): Promise<{ separator: unknown; notes: { code: string; message: string }[] }> {
  const c = await separatorPage(dpi, { value: ID, format: 'Code128', moduleMm: 0.7 });
  await drawBarcode(c, more);
  return analyzePage({
    seq: 0,
    origin: { file: '/in/sep.jpg', pageInFile: 0, pagesInFile: 1, fileSha256: 'x' },
    label: 'sep.jpg',
    source: { format: 'jpeg', bytes: new Uint8Array(await toJpeg(c)) },
  }, ctx);
}

describe('barcode stage: the other symbols on a separator sheet', () => {
  for (const dpi of [200, 300]) {
    it(`${dpi} dpi: a hostile QR value beside the separator is reported as ignored`, async () => {
      const out = await sheet(dpi, { value: 'x\u202Eevil', format: 'QRCode', moduleMm: 1, at: { x: 0.15, y: 0.6 } });
      expect(out.separator).toEqual({ kind: 'registration', id: ID });
      expect(out.notes).toEqual([{ code: 'IGNORED_BARCODE', message: 'sep.jpg: cod de bare ignorat, valoare nepermisă „x\\u202eevil”.' }]);
    });

    it(`${dpi} dpi: a second registration number on the sheet is told to the clerk; the band's separator decides`, async () => {
      const out = await sheet(dpi, { value: '99/30.09.2021', format: 'DataMatrix', moduleMm: 1, at: { x: 0.6, y: 0.6 } });
      expect(out.separator).toEqual({ kind: 'registration', id: ID });
      expect(out.notes).toEqual([{ code: 'CONFLICTING_SEPARATOR', message: `sep.jpg: pagina are două coduri de separator diferite, „${ID}” și „99/30.09.2021”; s-a folosit „${ID}”. Verificați separarea.` }]);
    });
  }
});
