import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { StationError } from '../../../../shared/src/errors.ts';
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

/** A 300 dpi page as a colour scanner writes it (three-component JPEG or RGB PNG) with a red stamp at (600, 900), 300 px wide. */
async function colourPage(format: 'jpeg' | 'png'): Promise<Uint8Array> {
  const page = await contentPage(300, 1);
  const rgb = Buffer.alloc(page.width * page.height * 3);
  for (let i = 0; i < page.data.length; i++) rgb.fill(page.data[i]!, i * 3, i * 3 + 3);
  for (let y = 900; y < 1200; y++) for (let x = 600; x < 900; x++) rgb.set([200, 30, 40], (y * page.width + x) * 3);
  const img = sharp(rgb, { raw: { width: page.width, height: page.height, channels: 3 } }).withDensity(300);
  return new Uint8Array(format === 'jpeg' ? await img.jpeg({ quality: 85 }).toBuffer() : await img.png({ compressionLevel: 1 }).toBuffer());
}

function rawPage(bytes: Uint8Array, format: 'jpeg' | 'png'): RawPage {
  return { seq: 0, origin: { file: `/in/p.${format}`, pageInFile: 0, pagesInFile: 1, fileSha256: 'x' }, label: `p.${format}`, source: { format, bytes } };
}

describe('decodePage: the colour preview of a colour page (one decode, for colour detection)', () => {
  for (const format of ['jpeg', 'png'] as const) {
    it(`a colour ${format} page has an RGB preview at the gray preview's scale, the stamp red in it`, async () => {
      const p = await decodePage(rawPage(await colourPage(format), format), settings);
      const c = p.colourPreview!;
      expect(c).toBeDefined();
      expect([c.width, c.height, c.channels, c.data.length]).toEqual([p.preview.width, p.preview.height, 3, p.preview.width * p.preview.height * 3]);
      // the stamp's middle, at 1/4 scale
      const at = (262 * c.width + 187) * 3;
      const [r, g, b] = [c.data[at]!, c.data[at + 1]!, c.data[at + 2]!];
      expect(r - Math.max(g, b)).toBeGreaterThan(120);
      // the gray preview is that same decode in gray: the stamp is a mid gray there, paper light
      expect(p.preview.data[262 * p.preview.width + 187]!).toBeGreaterThan(50);
      expect(p.preview.data[262 * p.preview.width + 187]!).toBeLessThan(140);
    });
  }

  it('a gray page has no colour preview', async () => {
    expect((await decoded(300)).colourPreview).toBeUndefined();
  });
});

describe('decodePage: an RGB raster whose pixels are all gray is stored as one channel', () => {
  /** A P6 page of 40 × 30 paper-white pixels (channels r, g, b), one pixel `last` at the end. */
  const ppm = (rgb: [number, number, number], last: [number, number, number]) => {
    const px = new Uint8Array(40 * 30 * 3);
    for (let i = 0; i < px.length; i += 3) px.set(rgb, i);
    px.set(last, px.length - 3);
    return new Uint8Array(Buffer.concat([Buffer.from('P6\n40 30\n255\n'), px]));
  };
  const stored = async (bytes: Uint8Array, lossless = false) => {
    const raw: RawPage = { seq: 0, dpi: 300, origin: { file: '/in/p.pnm', pageInFile: 0, pagesInFile: 1, fileSha256: 'x' }, label: 'p.pnm', source: { format: 'pnm', bytes } };
    const page = await decodePage(raw, { ...settings, lossless });
    return page.embed as { filter: string; components?: number; data: Uint8Array };
  };

  it('channels within 6 of each other everywhere, up to the last pixel: gray, the channels\' mean', async () => {
    const gray = await stored(ppm([200, 203, 206], [10, 16, 13]));
    expect(gray).toMatchObject({ filter: 'DCTDecode', components: 1 });
    expect((await sharp(gray.data).metadata()).channels).toBe(1);
    const { data } = await sharp(gray.data).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
    expect(Math.abs(data[0]! - 203)).toBeLessThanOrEqual(2);
  });

  it('one pixel 7 apart, the very last: colour; lossless, any difference: colour', async () => {
    expect(await stored(ppm([200, 203, 206], [10, 17, 13]))).toMatchObject({ components: 3 });
    expect(await stored(ppm([200, 200, 200], [10, 10, 11]), true)).toMatchObject({ filter: 'FlateDecode', components: 3 });
    expect(await stored(ppm([200, 200, 200], [10, 10, 10]), true)).toMatchObject({ filter: 'FlateDecode', components: 1 });
  });
});

describe('decodePage: a page’s own error names the page, for every caller', () => {
  it('a kernel’s INPUT_TOO_LARGE that names no page comes out as this page’s (code and details kept); one that names it, unchanged', async () => {
    const bytes = new Uint8Array(await toJpeg(await contentPage(200, 1)));
    const raw: RawPage = { seq: 0, origin: { file: '/in/lat.jpg', pageInFile: 0, pagesInFile: 1, fileSha256: 'x' }, label: 'lat.jpg', source: { format: 'jpeg', bytes } };
    const refusing = (err: StationError) => ({ ink: { threshold: 128 } as never, measure: async () => { throw err; } });
    const unnamed = new StationError('INPUT_TOO_LARGE', 'previzualizarea ar avea nevoie de 2,2 GB de memorie de lucru.', { needBytes: 2 ** 31 + 8 });
    const e = await decodePage(raw, settings, refusing(unnamed)).catch((x: unknown) => x) as StationError;
    expect([e.code, e.message, e.details]).toEqual(['INPUT_TOO_LARGE', `lat.jpg: ${unnamed.message}`, { needBytes: 2 ** 31 + 8, page: 'lat.jpg' }]);
    const named = new StationError('INPUT_TOO_LARGE', 'lat.jpg, pagina 1: prea mare.', { page: 'lat.jpg, pagina 1' });
    expect(await decodePage(raw, settings, refusing(named)).catch((x: unknown) => x)).toBe(named);
  });
});
