import { describe, expect, it } from 'vitest';
import { decodePage } from '../../../../station/src/pipeline/stages/decode.ts';
import type { RawPage } from '../../../../station/src/pipeline/stages/read-pages.ts';
import { contentPage, toJpeg } from '../../../support/make-pages.ts';

const settings = { jpegQuality: 90, lossless: false, assumedDpi: 0 };
async function decoded(dpi: number) {
  const bytes = new Uint8Array(await toJpeg(await contentPage(dpi, 1)));
  const raw: RawPage = { seq: 0, origin: { file: '/in/p.jpg', pageInFile: 0, pagesInFile: 1, fileSha256: 'x' }, label: 'p.jpg', source: { format: 'jpeg', bytes } };
  return decodePage(raw, settings);
}

describe('decodePage: the rasters for a closer barcode look', () => {
  it('at 300 dpi: preview, detail (1/2) and full are three scales, each decoded once', async () => {
    const p = await decoded(300);
    const [detail, full] = [await p.detail(), await p.full()];
    expect([p.preview.width, detail.width, full.width]).toEqual([Math.round(full.width / 4), Math.round(full.width / 2), 2481]);
    expect(await p.detail()).toBe(detail);
    expect(await p.full()).toBe(full);
  });

  it('at 200 dpi the detail image is the full one, decoded once', async () => {
    const p = await decoded(200);
    expect(p.preview.width).toBe(827);
    expect(await p.detail()).toBe(await p.full());
  });
});
