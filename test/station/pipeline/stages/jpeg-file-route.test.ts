/**
 * A JPEG page read from a file is decoded by libjpeg's DCT scaling, from the file (`jpeg-readers.ts`):
 * a colour page's preview at 200 dpi, a gray page's at 300 dpi, the 300 dpi detail, a gray page's at
 * 200 dpi smoothed by the 3 × 3 binomial kernel, a colour page's at 300 dpi as it is but marked
 * `sharp` (its colour measure smooths it, the gray preview does not): exactly libvips'
 * `file[shrink=N]` pixels (smoothed where said), not the resize's; names
 * with brackets and diacritics; the bytes' route whenever the file is no longer what was read
 * (rewritten with the same size, truncated, deleted); and previews of floor(width / N) pixels (pages
 * 1653 × 2339 and 2479 × 3507) still lead to the separator, nothing read outside the page.
 */
import { createHash } from 'node:crypto';
import { rm, truncate, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../station/src/config.ts';
import { analyzePage, closePageContext, makePageContext, type PageContext } from '../../../../station/src/pipeline/pipeline.ts';
import { newBarcodeStats } from '../../../../station/src/pipeline/stages/barcode.ts';
import { decodePage } from '../../../../station/src/pipeline/stages/decode.ts';
import { colourOfPreview } from '../../../../station/src/pipeline/preview-look.ts';
import { smoothInPlace } from '../../../../station/src/imaging/smooth-binomial.ts';

/** `img` smoothed, as a raster of its own. */
const smoothBinomial = <T extends { data: Uint8Array; width: number; height: number }>(img: T, c: 1 | 3): T => {
  const copy = { ...img, data: img.data.slice() };
  smoothInPlace(copy, c);
  return copy;
};
import { grayOfRgb } from '../../../../station/src/imaging/gray-of-rgb.ts';
import { readPages, type PageInput, type RawPage } from '../../../../station/src/pipeline/stages/read-pages.ts';
import { currentStamp } from '../../../../station/src/fs/file-stamp.ts';
import { GrayCanvas, contentPage, drawBarcode, drawMark, textBlock, toJpeg } from '../../../support/make-pages.ts';
import { stickLabel } from '../../../support/make-labels.ts';
import { makeTempDir } from '../../../support/temp-dirs.ts';
import { barcodeSymbol } from '../../../support/zxing-writer.ts';

const settings = { jpegQuality: 90, lossless: false, assumedDpi: 0 };
let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('jpeg-file-route-')));
afterAll(() => cleanup());

async function readOne(input: PageInput): Promise<RawPage> {
  for await (const raw of readPages([input])) return raw;
  throw new Error('no page');
}

/** The same page with its bytes alone (no file stamp): the bytes' route, sharp's resize. */
function bytesOnly(raw: RawPage): RawPage {
  if (raw.source.format !== 'jpeg') throw new Error('not a JPEG');
  return { ...raw, source: { format: 'jpeg', bytes: raw.source.bytes } };
}

/** libvips' own DCT-scaled decode of the file: gray, or sRGB. */
async function dctScaled(file: string, n: number, colour: boolean) {
  const img = sharp(`${file}[shrink=${n}]`);
  const { data, info } = await (colour ? img.toColourspace('srgb') : img.grayscale()).raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** A raster's size and its pixels' SHA-256: compared whole, and a failure prints a line, not a diff of megabytes. */
const pixels = (img: { data: Uint8Array; width: number; height: number }) => ({ width: img.width, height: img.height, sha256: createHash('sha256').update(img.data).digest('hex') });

/** A colour scan (three-component JPEG) with a red stamp. */
async function colourJpeg(dpi: number): Promise<Buffer> {
  const page = await contentPage(dpi, 2);
  const rgb = Buffer.alloc(page.width * page.height * 3);
  for (let i = 0; i < page.data.length; i++) rgb.fill(page.data[i]!, i * 3, i * 3 + 3);
  for (let y = 900; y < 1200; y++) for (let x = 600; x < 900; x++) rgb.set([200, 30, 40], (y * page.width + x) * 3);
  return sharp(rgb, { raw: { width: page.width, height: page.height, channels: 3 } }).withDensity(dpi).jpeg({ quality: 85 }).toBuffer();
}

describe('a JPEG file: previews by libjpeg\'s DCT scaling, from the file', () => {
  it('a gray 300 dpi page\'s preview is libvips\' file[shrink=4], not the resize\'s pixels; names with brackets and diacritics', async () => {
    const bytes = await toJpeg(await contentPage(300, 1));
    for (const name of ['a[1].jpg', 'b[shrink=8].jpg', 'c d ș ț.jpg']) {
      const file = path.join(root, name);
      await writeFile(file, bytes);
      const raw = await readOne(file);
      const p = await decodePage(raw, settings);
      const want = await dctScaled(file, 4, false);
      expect(pixels(p.preview), name).toEqual(pixels(want));
      const resized = (await decodePage(bytesOnly(raw), settings)).preview;
      expect(pixels(resized)).not.toEqual(pixels(want));
    }
  });

  it('a colour 200 dpi page: its RGB preview is file[shrink=2], its gray preview made from it', async () => {
    const file = path.join(root, 'colour-200.jpg');
    await writeFile(file, await colourJpeg(200));
    const raw = await readOne(file);
    const p = await decodePage(raw, settings);
    expect(pixels(p.colourPreview!)).toEqual(pixels(await dctScaled(file, 2, true)));
    const old = await decodePage(bytesOnly(raw), settings);
    expect(pixels(old.colourPreview!)).not.toEqual(pixels(p.colourPreview!));
  });

  it('a gray 200 dpi page\'s preview is file[shrink=2] smoothed by the binomial kernel, neither the raw DCT-scaled pixels nor the resize\'s', async () => {
    const file = await written('gray-200.jpg', await toJpeg(await contentPage(200, 1)));
    const raw = await readOne(file);
    const p = await decodePage(raw, settings);
    const dct = await dctScaled(file, 2, false);
    expect(pixels(p.preview)).toEqual(pixels(smoothBinomial(dct, 1)));
    expect(pixels(p.preview)).not.toEqual(pixels(dct));
    expect(pixels(p.preview)).not.toEqual(pixels((await decodePage(bytesOnly(raw), settings)).preview));
  });

  it('a colour 300 dpi page: its RGB preview is file[shrink=4] as it is, marked sharp; its colour is measured on that preview smoothed; its 300 dpi detail is DCT-scaled', async () => {
    const colour = path.join(root, 'colour-300.jpg');
    await writeFile(colour, await colourJpeg(300));
    const c = await readOne(colour);
    const [p, old] = [await decodePage(c, settings), await decodePage(bytesOnly(c), settings)];
    const dct = await dctScaled(colour, 4, true);
    expect(pixels(p.colourPreview!)).toEqual(pixels(dct));
    expect(p.colourPreview!.sharp).toBe(true);
    // the barcode look's gray preview is made from the raw preview, not the smoothed one
    expect(pixels(p.preview)).toEqual(pixels(grayOfRgb(dct)));
    expect(old.colourPreview!.sharp).toBeUndefined();
    expect(pixels(old.colourPreview!)).not.toEqual(pixels(dct));
    // the colour measure's figures are those of the smoothed raster, not of the raw one
    const pxPerMm = 300 / 4 / 25.4;
    const smoothed = smoothBinomial(dct, 3);
    expect(colourOfPreview(p.colourPreview!, pxPerMm)).toEqual(colourOfPreview(smoothed, pxPerMm));
    expect(colourOfPreview(p.colourPreview!, pxPerMm)).not.toEqual(colourOfPreview(dct, pxPerMm));
    expect(pixels(await p.detail())).toEqual(pixels(await dctScaled(colour, 2, false)));
    expect(pixels(await old.detail())).not.toEqual(pixels(await p.detail()));
  });
});

describe('a JPEG file that is no longer what was read: its bytes\' route', () => {
  it('rewritten with other bytes of the same size (another mtime), or truncated: a gray 300 dpi page\'s preview is the bytes\' (resize) one', async () => {
    const { large, other } = await sameSizePages();

    const rewritten = await written('rewritten.jpg', large);
    const raw = await readOne(rewritten);
    const want = (await decodePage(bytesOnly(raw), settings)).preview;
    await writeFile(rewritten, other);
    await utimes(rewritten, new Date(Date.UTC(2026, 0, 2)), new Date(Date.UTC(2026, 0, 2)));
    expect(pixels((await decodePage(raw, settings)).preview)).toEqual(pixels(want));

    const cut = await written('truncated.jpg', large);
    const rawCut = await readOne(cut);
    await truncate(cut, Math.floor(large.length / 2));
    expect(pixels((await decodePage(rawCut, settings)).preview)).toEqual(pixels(want));
  });

  it('a page a driver wrote and handed over with its bytes: the file route only while the stamp its writer took holds, not a stamp taken when the page is read', async () => {
    const { large, other } = await sameSizePages();
    const handed = async (name: string) => {
      const file = await written(name, large);
      const stamp = await currentStamp(file);
      return { file, content: { bytes: large, sha256: createHash('sha256').update(large).digest('hex'), stamp: stamp! } };
    };
    const kept = await handed('handed-kept.jpg');
    const p = await decodePage(await readOne(kept), settings);
    expect(pixels(p.preview)).toEqual(pixels(await dctScaled(kept.file, 4, false)));
    const want = (await decodePage(bytesOnly(await readOne(kept)), settings)).preview;

    // rewritten (same size, another mtime) after the writer's stamp and before the reader takes the page
    const changed = await handed('handed-changed.jpg');
    await writeFile(changed.file, other);
    await utimes(changed.file, new Date(Date.UTC(2026, 0, 2)), new Date(Date.UTC(2026, 0, 2)));
    expect(pixels((await decodePage(await readOne(changed), settings)).preview)).toEqual(pixels(want));
    // no stamp from the writer: never read from the file again
    const unstamped = await handed('handed-unstamped.jpg');
    const raw = await readOne({ file: unstamped.file, content: { bytes: large, sha256: unstamped.content.sha256 } });
    expect(raw.source.format === 'jpeg' && raw.source.onDisk).toBeFalsy();
  });

  it('a file deleted after it was read: the bytes\' route, no error', async () => {
    const file = await written('gone.jpg', await toJpeg(await contentPage(300, 3)));
    const raw = await readOne(file);
    const want = (await decodePage(bytesOnly(raw), settings)).preview;
    await rm(file);
    expect(pixels((await decodePage(raw, settings)).preview)).toEqual(pixels(want));
  });
});

/** Two gray 300 dpi pages of the same size in bytes and pixels, whose DCT-scaled previews differ. */
async function sameSizePages(): Promise<{ large: Buffer; other: Buffer }> {
  const a = await toJpeg(await contentPage(300, 1));
  const b = await toJpeg(await contentPage(300, 5, { seed: 40 }));
  const [small, large] = a.length < b.length ? [a, b] : [b, a];
  // the smaller page padded after its end (libjpeg stops at EOI) to the larger's size: a valid JPEG of the same size and dimensions
  const other = Buffer.concat([small, Buffer.alloc(large.length - small.length)]);
  expect(other.length).toBe(large.length);
  expect(pixels(await dctScaled(await written('other-probe.jpg', other), 4, false))).not.toEqual(pixels(await dctScaled(await written('large-probe.jpg', large), 4, false)));
  return { large, other };
}

async function written(name: string, bytes: Uint8Array): Promise<string> {
  const file = path.join(root, name);
  await writeFile(file, bytes);
  return file;
}

describe('previews of floor(width / N) pixels: a colour page 1653 × 2339 (200 dpi) and a gray one 2479 × 3507 (300 dpi)', () => {
  let ctx: PageContext;
  beforeAll(async () => {
    ctx = await makePageContext(loadConfig({ env: { STATION_DATA_DIR: '/nonexistent-not-used' } }), []);
  });
  afterAll(() => closePageContext(ctx));

  /** Text and a separator: a label near the top right corner, a small QR code or fine bars in the bottom right corner, 3 or 2 mm from the edges. */
  async function oddPage(width: number, height: number, dpi: number, kind: 'label' | 'corner-qr' | 'corner-bars'): Promise<GrayCanvas> {
    const c = new GrayCanvas(width, height, dpi);
    drawMark(c, 7);
    textBlock(c, 8, 20);
    if (kind === 'label') return (await stickLabel(c, { value: '84512/27.09.2021', modulePx: 3 })).noise(8);
    if (kind === 'corner-qr') {
      const moduleMm = dpi >= 300 ? 0.7 : 0.4; // about 1.5–2 px on the preview (100 or 75 dpi)
      const sizeMm = 25 * moduleMm; // 21 modules and a quiet zone of 2
      await drawBarcode(c, { value: '1203/28.09.2021', format: 'QRCode', moduleMm, at: { x: 1 - ((sizeMm + 3) * c.ppmm) / width, y: 1 - ((sizeMm + 3) * c.ppmm) / height } });
    } else {
      // fine bars (2 px modules at full size): located on the preview, read from their window, which reaches the page's edges (6 mm from the right one, 2 below)
      const value = '5/30.09.2021';
      const module = 2 / c.ppmm;
      const bars = (await barcodeSymbol(value, 'Code128')).width * module; // mm
      await drawBarcode(c, { value, format: 'Code128', moduleMm: module, at: { x: 1 - ((bars + 6) * c.ppmm) / width, y: 1 - (17 * c.ppmm) / height } });
    }
    return c.noise(8);
  }

  const cases: [w: number, h: number, dpi: number, n: number][] = [[1653, 2339, 200, 2], [2479, 3507, 300, 4]];
  it('the 200 dpi page is written with three components (its preview DCT-scaled as RGB)', async () => {
    const c = new GrayCanvas(16, 16, 200);
    expect((await sharp(await sharp(c.data, { raw: { width: 16, height: 16, channels: 1 } }).toColourspace('srgb').jpeg().toBuffer()).metadata()).channels).toBe(3);
  });
  for (const [w, h, dpi, n] of cases) {
    it(`${w} × ${h} at ${dpi} dpi: a preview ${Math.floor(w / n)} × ${Math.floor(h / n)}, every separator read, none by a whole-page read`, async () => {
      expect(w % n).not.toBe(0);
      for (const kind of ['label', 'corner-qr', 'corner-bars'] as const) {
        const canvas = await oddPage(w, h, dpi, kind);
        // the routes DCT-scaled: a colour page's preview at 200 dpi (three components), a gray page's at 300
        const bytes = dpi === 200 ? await sharp(canvas.data, { raw: { width: w, height: h, channels: 1 } }).toColourspace('srgb').withDensity(dpi).jpeg({ quality: 85 }).toBuffer() : await toJpeg(canvas);
        const file = await written(`odd-${dpi}-${kind}.jpg`, bytes);
        const raw = await readOne(file);
        const decoded = await decodePage(raw, settings);
        expect([decoded.preview.width, decoded.preview.height]).toEqual([Math.floor(w / n), Math.floor(h / n)]);
        const stats = newBarcodeStats();
        const page = await analyzePage(raw, { ...ctx, barcode: { ...ctx.barcode, stats } });
        expect(page.separator?.kind, `${kind}: ${JSON.stringify(stats)}`).toBe('registration');
        // never read again whole: the windows (clipped to the page) found it
        expect(stats.closerReads).toBe(0);
        expect(page.separator?.kind === 'registration' && page.separator.id).toBe({ label: '84512/27.09.2021', 'corner-qr': '1203/28.09.2021', 'corner-bars': '5/30.09.2021' }[kind]);
      }
    });
  }
});
