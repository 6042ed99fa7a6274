/**
 * The closer look's window: the preview's box of bars grown by the symbol's ends and quiet zones, cut
 * from the full raster, turned a quarter when the bars run across; boxes read in it come back in the
 * full raster's pixels. And the locator's regions it is made from: where the bars are, which way they
 * run, a symbol broken in two by the preview joined again, text and rules still nothing.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOCATOR, locateBarcodeLike } from '../../../station/src/barcode/barcode-locator.ts';
import { ALONG_MARGIN_MM, closerBox, turnedIfAcross, windowReadOptions } from '../../../station/src/barcode/closer-window.ts';
import { fullWindows, type FullRaster } from '../../../station/src/barcode/full-windows.ts';
import { cropAround, cutRect, fromWindow, turnQuarter } from '../../../station/src/barcode/gray-crop.ts';
import { fullAreaReader } from '../../../station/src/pipeline/full-area-reader.ts';
import { BarcodeReader, type GrayImage } from '../../../station/src/barcode/zxing-reader.ts';
import { GrayCanvas } from '../../support/make-pages.ts';
import { barcodeSymbol } from '../../support/zxing-writer.ts';

function page(w = 620, h = 877): GrayImage {
  return { data: new Uint8Array(w * h).fill(245), width: w, height: h };
}
function bars(img: GrayImage, x0: number, y0: number, w: number, h: number, vertical: boolean): void {
  for (let y = y0; y < y0 + h; y++) {
    for (let x = x0; x < x0 + w; x++) {
      const t = vertical ? x - x0 : y - y0;
      if ((t >> 1) % 3 === 0) img.data[y * img.width + x] = 20;
    }
  }
}

describe('locateBarcodeLike: regions', () => {
  it('hands back where the bars are and which way they run', () => {
    const a = page();
    bars(a, 150, 100, 240, 60, true);
    bars(a, 480, 500, 60, 240, false);
    const { regions } = locateBarcodeLike(a, DEFAULT_LOCATOR);
    expect(regions).toHaveLength(2);
    const v = regions.find((r) => r.bars === 'vertical')!;
    const h = regions.find((r) => r.bars === 'horizontal')!;
    // the region lies on the bars, to within a block
    expect(Math.abs(v.x - 150)).toBeLessThanOrEqual(8);
    expect(Math.abs(v.x + v.width - 390)).toBeLessThanOrEqual(8);
    expect(Math.abs(v.y - 100)).toBeLessThanOrEqual(8);
    expect(Math.abs(h.y - 500)).toBeLessThanOrEqual(8);
    expect(Math.abs(h.y + h.height - 740)).toBeLessThanOrEqual(8);
  });

  it('joins a symbol the preview broke in two (a wide space), but not bars far apart', () => {
    // two pieces of 24 × 40 pixels, each too small to count alone
    const a = page();
    bars(a, 96, 96, 24, 40, true);
    bars(a, 136, 96, 24, 40, true); // 16 px apart: one symbol
    expect(locateBarcodeLike(a).largestPatch).toBeLessThan(DEFAULT_LOCATOR.minBlocks);
    const joined = locateBarcodeLike(a).regions;
    expect(joined).toHaveLength(1);
    expect(joined[0]).toMatchObject({ bars: 'vertical' });
    expect(joined[0]!.x).toBeLessThanOrEqual(96);
    expect(joined[0]!.x + joined[0]!.width).toBeGreaterThanOrEqual(160);
    const b = page();
    bars(b, 96, 296, 24, 40, true);
    bars(b, 400, 296, 24, 40, true); // far apart
    expect(locateBarcodeLike(b).regions).toEqual([]);
    const c = page();
    bars(c, 96, 96, 24, 40, true);
    bars(c, 136, 96, 24, 40, false); // bars running the other way: not one symbol
    expect(locateBarcodeLike(c).regions).toEqual([]);
  });

  it('nothing on a blank page, a thin rule or a page of pseudo-text', () => {
    expect(locateBarcodeLike(page()).regions).toEqual([]);
    const rule = page();
    bars(rule, 60, 400, 500, 2, false);
    expect(locateBarcodeLike(rule).regions).toEqual([]);
    const text = page();
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
    for (let line = 0; line < 40; line++) {
      for (let x = 60; x < 560; x += 7) {
        if (rnd() < 0.2) continue;
        const y0 = 80 + line * 18;
        for (let y = y0; y < y0 + 9; y++) for (let xx = x; xx < x + 5; xx++) if (rnd() < 0.55) text.data[y * text.width + xx] = 30;
      }
    }
    expect(locateBarcodeLike(text).regions).toEqual([]);
  });
});

describe('gray-crop: a turned window', () => {
  it('turns a quarter clockwise and maps boxes back into the source', () => {
    const src: GrayImage = { data: new Uint8Array(6 * 4).map((_, i) => i), width: 6, height: 4 };
    const w = cropAround(src, { x: 1, y: 1, width: 3, height: 2 }, 0); // columns 1–3, rows 1–2
    const t = turnQuarter(w);
    expect(t.img).toMatchObject({ width: 2, height: 3 });
    // clockwise: the window's bottom-left pixel (1, 2) becomes the top-left one
    expect(t.img.data[0]).toBe(src.data[2 * 6 + 1]);
    expect(t.img.data[1]).toBe(src.data[1 * 6 + 1]);
    // a box in the turned window: its first column is the window's last row
    const [b] = fromWindow([{ text: 'x', format: 'Code128', box: { x: 0, y: 1, width: 1, height: 2 } }], t);
    expect(b!.box).toEqual({ x: 2, y: 2, width: 2, height: 1 });
  });
});

/** The page as stage «barcode» sees it: the whole raster alone, or (a JPEG) its areas too. */
function raster(full: GrayImage, areas: boolean): FullRaster {
  const whole = async () => full;
  if (!areas) return { full: whole };
  return { full: whole, fullArea: fullAreaReader(full.width, full.height, () => undefined, async (r) => cutRect(full, r).img) };
}

describe('the closer window (closerBox, fullWindows, turnedIfAcross: as stage «barcode» cuts it)', () => {
  it('cuts a fine Code 128 with its quiet zones from the full raster, turned upright when it runs down the page, and it reads', async () => {
    const reader = await BarcodeReader.create();
    const sym = await barcodeSymbol('1203/28.09.2021', 'Code128');
    for (const [turned, areas] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      let c = new GrayCanvas(2480, 3508, 300, 246);
      // module 2 px (0.17 mm), bars 9 mm high, its left end at x = 1600, top at y = 150
      c.symbol(sym, 1600, 150, 2, { barHeight: 106 });
      if (turned) c = c.rotated(90);
      const full: GrayImage = { data: c.data, width: c.width, height: c.height };
      // the preview's box of bars (scale 4), missing a block at each end as the preview blurs them
      const len = (sym.width * 2) / 4;
      const box = turned
        ? { x: (c.width - 150 - 106) / 4, y: 1600 / 4 + 8, width: 106 / 4, height: len - 16, bars: 'horizontal' as const }
        : { x: 1600 / 4 + 8, y: 150 / 4, width: len - 16, height: 106 / 4, bars: 'vertical' as const };
      const cuts = await fullWindows(raster(full, areas), [{ box: closerBox(box, 4, 300), margin: 0 }]);
      const cut = turnedIfAcross(cuts.windows[0]!, box);
      expect(cut.turned ?? false).toBe(turned);
      // the window is small: a few square centimetres, not the page
      expect(cut.img.width * cut.img.height).toBeLessThan(full.width * full.height * 0.02);
      expect(cut.img.width).toBeGreaterThan(sym.width * 2 + ((2 * ALONG_MARGIN_MM) / 25.4) * 300 * 0.9);
      const got = fromWindow(reader.read(cut.img, windowReadOptions(['Code128'], box, 4)), cut);
      expect(got.map((b) => b.text), `${turned ? 'sideways' : 'upright'}${areas ? ', from its area' : ''}`).toEqual(['1203/28.09.2021']);
      // its box lies where the symbol is on the full raster
      const b = got[0]!.box;
      if (turned) expect(b.y).toBeGreaterThan(1500);
      else expect(b.x).toBeGreaterThan(1500);
    }
  });
});
