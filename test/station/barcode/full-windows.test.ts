/**
 * Windows of the full-resolution raster cut from the area they span, decoded alone: the very pixels
 * `full()` holds there (colour, gray, CMYK and EXIF-turned JPEG, boxes at the edges, off the raster, overlapping), the
 * whole raster never decoded (a rectangle inside the last area served from it, patches and the windows
 * read after them as one area, an area low on the page or on a progressive JPEG decoded alone too); a page
 * without `fullArea` (PNG) cuts them from `full()`; a window read by stage «barcode» decodes only its area.
 */
import { describe, expect, it, vi } from 'vitest';
import sharp from 'sharp';
import { loadConfig } from '../../../station/src/config.ts';
import { cropAround } from '../../../station/src/barcode/gray-crop.ts';
import { fullWindows, type FullBox } from '../../../station/src/barcode/full-windows.ts';
import { closePageContext, makePageContext } from '../../../station/src/pipeline/pipeline.ts';
import { newBarcodeStats, readSeparator } from '../../../station/src/pipeline/stages/barcode.ts';
import { checkBlank } from '../../../station/src/pipeline/stages/blank-check.ts';
import { checkColour } from '../../../station/src/pipeline/stages/colour-check.ts';
import { decodePage } from '../../../station/src/pipeline/stages/decode.ts';
import type { RawPage } from '../../../station/src/pipeline/stages/read-pages.ts';
import type { DecodedPage } from '../../../station/src/pipeline/page-types.ts';
import type { BarcodeEngine } from '../../../station/src/barcode/barcode-engine.ts';
import { MAX_WINDOWS } from '../../../station/src/barcode/closer-window.ts';
import type { PixelRect } from '../../../station/src/barcode/gray-crop.ts';
import type { CloserWindow, PreviewLook } from '../../../station/src/barcode/preview-look.ts';
import { contentPage, toJpeg, toPng, type GrayCanvas } from '../../support/make-pages.ts';
import { labelledPage } from '../../support/make-labels.ts';

const settings = { jpegQuality: 90, lossless: false, assumedDpi: 0 };

/** Whole-page decodes at full size (`toGray` at factor 1), however asked for: `page.full()` or inside the page's `fullArea`; and area decodes (`toGrayArea`). */
const fullDecodes = vi.hoisted(() => ({ n: 0, areas: 0 }));
vi.mock('../../../station/src/imaging/sharp-adapter.ts', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../../station/src/imaging/sharp-adapter.ts')>();
  return {
    ...real,
    toGray: (...a: Parameters<typeof real.toGray>) => {
      if (a[2] === 1) fullDecodes.n++;
      return real.toGray(...a);
    },
    toGrayArea: (...a: Parameters<typeof real.toGrayArea>) => {
      fullDecodes.areas++;
      return real.toGrayArea(...a);
    },
  };
});

function rawPage(bytes: Uint8Array, format: 'jpeg' | 'png'): RawPage {
  return { seq: 0, origin: { file: `/in/p.${format}`, pageInFile: 0, pagesInFile: 1, fileSha256: 'x' }, label: `p.${format}`, source: { format, bytes } };
}

/** The canvas as a colour scanner writes it: three-component JPEG, a blue stroke across its top third. */
async function colourJpeg(c: GrayCanvas): Promise<Uint8Array> {
  const rgb = Buffer.alloc(c.width * c.height * 3);
  for (let i = 0; i < c.data.length; i++) rgb.fill(c.data[i]!, i * 3, i * 3 + 3);
  for (let y = 800; y < 840; y++) for (let x = 300; x < Math.min(2000, c.width); x++) rgb.set([30, 60, 200], (y * c.width + x) * 3);
  return new Uint8Array(await sharp(rgb, { raw: { width: c.width, height: c.height, channels: 3 } }).withDensity(300).jpeg({ quality: 85 }).toBuffer());
}

/** `page.full` counted: how many times the whole raster was asked for. */
function countingFull(page: DecodedPage): { calls: number } {
  const seen = { calls: 0 };
  const full = page.full;
  page.full = () => {
    seen.calls++;
    return full();
  };
  return seen;
}

const BOXES: FullBox[] = [
  { box: { x: 310.4, y: 780.7, width: 1500.2, height: 90.3 }, margin: 12.5 }, // across the blue stroke
  { box: { x: 2400, y: 1000, width: 200, height: 200 }, margin: 3 }, // over the right edge: clipped
  { box: { x: -40, y: 100.5, width: 120, height: 60 }, margin: 0 }, // over the left edge
  { box: { x: 1000, y: 800, width: 50, height: 50 }, margin: 4.25 }, // inside the first
  { box: { x: 5000, y: 200, width: 30, height: 30 }, margin: 2 }, // off the raster: empty
];

/** The same page as other scanners write it: CMYK JPEG, or a JPEG stored sideways with EXIF Orientation 6 (its bytes kept, the PDF page turned). */
async function otherJpeg(c: GrayCanvas, kind: 'cmyk' | 'turned'): Promise<Uint8Array> {
  const img = sharp(await colourJpeg(c));
  // the CMYK file states its resolution: at libvips' 72 dpi the preview would be the full raster, no area decoded
  return new Uint8Array(kind === 'cmyk' ? await img.toColourspace('cmyk').withDensity(c.dpi).jpeg({ quality: 85 }).toBuffer() : await img.rotate(270).withMetadata({ orientation: 6 }).jpeg({ quality: 85 }).toBuffer());
}

describe('fullWindows: windows of the full raster from the area they span', () => {
  for (const kind of ['colour', 'gray', 'cmyk', 'turned'] as const) {
    it(`a ${kind} JPEG: the same pixels as cut from full(), without decoding the whole page`, async () => {
      // CMYK at 150 dpi: libvips turns it to gray through its colour profile, slow on a whole 300 dpi page
      const c = await contentPage(kind === 'cmyk' ? 150 : 300, 1);
      const bytes = kind === 'colour' ? await colourJpeg(c) : kind === 'gray' ? new Uint8Array(await toJpeg(c)) : await otherJpeg(c, kind);
      const page = await decodePage(rawPage(bytes, 'jpeg'), settings);
      expect(page.fullArea).toBeDefined();
      const seen = countingFull(page);
      Object.assign(fullDecodes, { n: 0, areas: 0 });
      // the boxes where they lie on a 300 dpi page
      const k = c.dpi / 300;
      const boxes = BOXES.map((b) => ({ box: { x: b.box.x * k, y: b.box.y * k, width: b.box.width * k, height: b.box.height * k }, margin: b.margin * k }));
      const cut = await fullWindows(page, boxes);
      // one area decode for all the boxes
      expect([seen.calls, fullDecodes.n, fullDecodes.areas]).toEqual([0, 0, 1]);
      const full = await page.full();
      expect(fullDecodes.n).toBe(1);
      expect([cut.width, cut.height]).toEqual([full.width, full.height]);
      for (const [i, b] of boxes.entries()) {
        const want = cropAround(full, b.box, b.margin);
        const got = cut.windows[i]!;
        expect([got.x, got.y, got.img.width, got.img.height], `box ${i}`).toEqual([want.x, want.y, want.img.width, want.img.height]);
        expect(Buffer.from(got.img.data).equals(Buffer.from(want.img.data)), `box ${i}`).toBe(true);
      }
      expect(cut.windows[4]!.img.data.length).toBe(0);
      // once the whole raster is decoded, windows are cut from it: the same again
      const again = await fullWindows(page, boxes);
      for (const [i, w] of again.windows.entries()) expect(Buffer.from(w.img.data).equals(Buffer.from(cut.windows[i]!.img.data))).toBe(true);
      expect([fullDecodes.n, fullDecodes.areas]).toEqual([1, 1]);
    });
  }

  it('once full() is decoded, read gives the whole raster itself with its offset (no copy), windows cut straight from it', async () => {
    const page = await decodePage(rawPage(await colourJpeg(await contentPage(300, 4)), 'jpeg'), settings);
    const full = await page.full();
    const got = await page.fullArea!.read({ x0: 310, y0: 780, x1: 1800, y1: 880 });
    expect(got.img).toBe(full);
    expect([got.x, got.y]).toEqual([0, 0]);
    const cut = await fullWindows(page, BOXES.slice(0, 1));
    expect(Buffer.from(cut.windows[0]!.img.data).equals(Buffer.from(cropAround(full, BOXES[0]!.box, BOXES[0]!.margin).img.data))).toBe(true);
  });

  it('a rectangle inside the last area served from it, the patches and windows as one area, an area low on the page decoded alone too', async () => {
    const page = await decodePage(rawPage(await colourJpeg(await contentPage(300, 5)), 'jpeg'), settings);
    Object.assign(fullDecodes, { n: 0, areas: 0 });
    // a window inside the area decoded before: served from it
    await fullWindows(page, BOXES.slice(0, 1));
    const inner = await fullWindows(page, [BOXES[3]!]);
    expect([fullDecodes.n, fullDecodes.areas]).toEqual([0, 1]);
    // patches with the windows read after them: one area spans both
    const patch: FullBox = { box: { x: 100, y: 1200, width: 80, height: 80 }, margin: 10 };
    const window: FullBox = { box: { x: 1800, y: 300, width: 300, height: 120 }, margin: 0 };
    await fullWindows(page, [patch], [window]);
    const later = await fullWindows(page, [window]);
    expect([fullDecodes.n, fullDecodes.areas]).toEqual([0, 2]);
    // an area reaching the last rows: decoded alone all the same (the whole only if full(), the rare last resort, is asked for)
    const low: FullBox = { box: { x: 200, y: 3450, width: 400, height: 100 }, margin: 5 }; // over the bottom edge: clipped
    const lowCut = await fullWindows(page, [low]);
    expect([fullDecodes.n, fullDecodes.areas]).toEqual([0, 3]);
    const full = await page.full();
    expect([fullDecodes.n, fullDecodes.areas]).toEqual([1, 3]);
    for (const [got, b] of [[inner.windows[0]!, BOXES[3]!], [later.windows[0]!, window], [lowCut.windows[0]!, low]] as const) {
      expect(Buffer.from(got.img.data).equals(Buffer.from(cropAround(full, b.box, b.margin).img.data))).toBe(true);
    }
  });

  it('a progressive JPEG (all its scans read first, an area still about half the whole): windows from an area too, the same pixels as full()', async () => {
    const bytes = new Uint8Array(await sharp(await colourJpeg(await contentPage(300, 6))).withDensity(300).jpeg({ quality: 85, progressive: true }).toBuffer());
    const page = await decodePage(rawPage(bytes, 'jpeg'), settings);
    expect(page.fullArea).toBeDefined();
    Object.assign(fullDecodes, { n: 0, areas: 0 });
    const cut = await fullWindows(page, BOXES.slice(0, 2));
    expect([fullDecodes.n, fullDecodes.areas]).toEqual([0, 1]);
    const full = await page.full();
    for (const [i, b] of BOXES.slice(0, 2).entries()) {
      expect(Buffer.from(cut.windows[i]!.img.data).equals(Buffer.from(cropAround(full, b.box, b.margin).img.data)), `box ${i}`).toBe(true);
    }
  });

  it('only boxes off the raster: empty windows, nothing decoded', async () => {
    const page = await decodePage(rawPage(new Uint8Array(await toJpeg(await contentPage(300, 2))), 'jpeg'), settings);
    const seen = countingFull(page);
    let areas = 0;
    const area = page.fullArea!;
    page.fullArea = { ...area, read: (r) => (areas++, area.read(r)) };
    const cut = await fullWindows(page, [{ box: { x: 9000, y: 10, width: 5, height: 5 }, margin: 1 }]);
    expect([seen.calls, areas, cut.windows[0]!.img.width * cut.windows[0]!.img.height]).toEqual([0, 0, 0]);
  });

  it('a page without fullArea (PNG): cut from full()', async () => {
    const page = await decodePage(rawPage(new Uint8Array(await toPng(await contentPage(300, 3))), 'png'), settings);
    expect(page.fullArea).toBeUndefined();
    const cut = await fullWindows(page, BOXES.slice(0, 2));
    const full = await page.full();
    expect(Buffer.from(cut.windows[0]!.img.data).equals(Buffer.from(cropAround(full, BOXES[0]!.box, BOXES[0]!.margin).img.data))).toBe(true);
  });
});

describe('stage barcode: a window read decodes only its area', () => {
  it('a label read from its window at full resolution, the whole page never decoded', async () => {
    const ctx = await makePageContext({ ...loadConfig({ env: { STATION_DATA_DIR: '/nonexistent-not-used' } }), barcodeWorkers: 0 }, []);
    try {
      const c = await labelledPage(300, 3, { value: '84512/27.09.2021', modulePx: 3 });
      const page = await decodePage(rawPage(await colourJpeg(c), 'jpeg'), ctx.decode);
      const seen = countingFull(page);
      const stats = newBarcodeStats();
      fullDecodes.n = 0;
      const got = await readSeparator(await checkBlank(await checkColour(page), ctx.blank), { ...ctx.barcode, stats });
      expect(got.separator).toMatchObject({ kind: 'registration', id: '84512/27.09.2021' });
      expect([stats.windowReads, stats.closerReads, seen.calls, fullDecodes.n]).toEqual([1, 0, 0, 0]);
      expect('fullArea' in got).toBe(false);
    } finally {
      await closePageContext(ctx);
    }
  });

  it('a label low on the page: only its area decoded, the whole page never', async () => {
    const ctx = await makePageContext({ ...loadConfig({ env: { STATION_DATA_DIR: '/nonexistent-not-used' } }), barcodeWorkers: 0 }, []);
    try {
      const c = await labelledPage(300, 7, { value: '84512/27.09.2021', modulePx: 3 });
      const bytes = new Uint8Array(await sharp(await colourJpeg(c)).rotate(180).withDensity(300).jpeg({ quality: 85 }).toBuffer());
      const page = await decodePage(rawPage(bytes, 'jpeg'), ctx.decode);
      const stats = newBarcodeStats();
      Object.assign(fullDecodes, { n: 0, areas: 0 });
      const got = await readSeparator(await checkBlank(await checkColour(page), ctx.blank), { ...ctx.barcode, stats });
      expect(got.separator).toMatchObject({ kind: 'registration', id: '84512/27.09.2021' });
      expect([stats.windowReads, stats.closerReads, fullDecodes.n, fullDecodes.areas]).toEqual([1, 0, 0, 1]);
    } finally {
      await closePageContext(ctx);
    }
  });

  it('the patches\' area spans only the windows read after them: at most MAX_WINDOWS, never those further down the list', async () => {
    const ctx = await makePageContext({ ...loadConfig({ env: { STATION_DATA_DIR: '/nonexistent-not-used' } }), barcodeWorkers: 0 }, []);
    try {
      const page = await checkBlank(await checkColour(await decodePage(rawPage(await colourJpeg(await contentPage(300, 9)), 'jpeg'), ctx.decode)), ctx.blank);
      const { width: pw, height: ph } = page.preview;
      const box = (x: number, y: number) => ({ x: x * pw, y: y * ph, width: 0.1 * pw, height: 0.02 * ph });
      const bars = (y: number): CloserWindow => ({ ...box(0.5, y), bars: 'horizontal' });
      // a look that reads nothing: one dense patch, then six bar windows, the last two low on the page
      const look: PreviewLook = { found: [], closer: true, patches: [box(0.1, 0.05)], windows: [0.1, 0.15, 0.2, 0.25, 0.9, 0.95].map(bars) };
      expect(look.windows.length).toBeGreaterThan(MAX_WINDOWS);
      const engine: BarcodeEngine = { lookAtPreview: async () => look, read: async () => [], close: async () => {} };
      const asked: PixelRect[] = [];
      const area = page.fullArea!;
      page.fullArea = { ...area, read: (r) => (asked.push(r), area.read(r)) };
      Object.assign(fullDecodes, { n: 0, areas: 0 });
      const stats = newBarcodeStats();
      await readSeparator(page, { ...ctx.barcode, engine, stats });
      expect([stats.patchReads, stats.windowReads]).toEqual([1, 1]);
      // one area for the patch and the four windows read, in the top third: the two windows never read are not in it
      expect(fullDecodes.areas).toBe(1);
      expect(asked.length).toBe(2);
      expect(asked[0]!.y1).toBeLessThan(page.height / 3);
      expect(asked[1]!.y1).toBeLessThanOrEqual(asked[0]!.y1);
    } finally {
      await closePageContext(ctx);
    }
  });
});
