/**
 * A separator whose barcode value has spaces at its ends (label templates pad values): the spaces are
 * trimmed by the shared document-id rule, the separator counts, and the page says so in a warning.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../station/src/config.ts';
import { analyzePage, closePageContext, makePageContext, type PageContext } from '../../../../station/src/pipeline/pipeline.ts';
import { separatorPage, toJpeg } from '../../../support/make-pages.ts';

let ctx: PageContext;
beforeAll(async () => {
  ctx = await makePageContext(loadConfig({ env: { STATION_DATA_DIR: '/nonexistent-not-used' } }), []);
});
afterAll(() => closePageContext(ctx));

describe('barcode stage: spaces around a separator value', () => {
  it('trims them, keeps the separator and warns', async () => {
    const page = await separatorPage(200, { value: '  84512/27.09.2021 ', format: 'QRCode' });
    const out = await analyzePage({
      seq: 0,
      origin: { file: '/in/sep.jpg', pageInFile: 0, pagesInFile: 1, fileSha256: 'x' },
      label: 'sep.jpg',
      source: { format: 'jpeg', bytes: new Uint8Array(await toJpeg(page)) },
    }, ctx);
    expect(out.separator).toEqual({ kind: 'registration', id: '84512/27.09.2021' });
    expect((out as { notes?: unknown }).notes).toEqual([{
      code: 'TRIMMED_BARCODE',
      message: 'sep.jpg: codul de bare „  84512/27.09.2021 ” avea spații la început sau la sfârșit; au fost eliminate, separatorul este „84512/27.09.2021”.',
    }]);
  });
});
