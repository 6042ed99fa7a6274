import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../../station/src/config.ts';
import { measureInk, measurePaper, paperLevelSampled } from '../../../station/src/imaging/ink-measure.ts';
import { GrayCanvas, blankBack, contentPage, rng, sparsePage, textLine } from '../../support/make-pages.ts';

const opts = { inkContrast: 90, margin: 0.04 };
const img = (c: GrayCanvas) => ({ data: c.data, width: c.width, height: c.height });

describe('measureInk', () => {
  it('an empty sheet has no ink and its paper level is found', () => {
    const m = measureInk(img(new GrayCanvas(400, 500, 50, 240)), opts);
    expect(m).toEqual({ inkRatio: 0, paperLevel: 240, inkPixels: 0 });
  });

  it('counts a solid block exactly (pixels with at least two dark neighbours)', () => {
    const c = new GrayCanvas(400, 500, 50, 240).rect(100, 100, 10, 10, 0);
    const m = measureInk(img(c), opts);
    expect(m.inkPixels).toBe(100);
    const area = (400 - 2 * 16) * (500 - 2 * 20);
    expect(m.inkRatio).toBeCloseTo(100 / area, 12);
  });

  it('ignores isolated dust specks (single pixels, and pairs)', () => {
    const c = new GrayCanvas(400, 500, 50, 240);
    const r = rng(3);
    for (let i = 0; i < 200; i++) c.rect(30 + Math.floor(r() * 170) * 2, 30 + Math.floor(r() * 220) * 2, 1, 1, 0);
    c.rect(300, 50, 2, 1, 0); // a horizontal pair: each has only one dark neighbour
    expect(measureInk(img(c), opts).inkPixels).toBe(0);
    c.rect(300, 60, 2, 2, 0); // a 2×2 speck counts: each pixel has three dark neighbours
    expect(measureInk(img(c), opts).inkPixels).toBe(4);
  });

  it('faint marks (bleed-through) lighter than the ink contrast do not count', () => {
    const c = new GrayCanvas(400, 500, 50, 240).rect(50, 50, 300, 300, 240 - 89);
    expect(measureInk(img(c), opts).inkPixels).toBe(0);
    c.rect(50, 50, 10, 10, 240 - 91);
    expect(measureInk(img(c), opts).inkPixels).toBe(100);
  });

  it('ink is relative to the paper: gray recycled paper with dark text', () => {
    const c = new GrayCanvas(400, 500, 50, 170).rect(100, 100, 20, 5, 60);
    const m = measureInk(img(c), opts);
    expect(m.paperLevel).toBe(170);
    expect(m.inkPixels).toBe(100);
    // the same text on white paper would count too; a faint gray line on gray paper does not
    c.rect(100, 200, 50, 5, 100);
    expect(measureInk(img(c), opts).inkPixels).toBe(100);
  });

  it('ignores the margins (scanner shadow, punched holes)', () => {
    const c = new GrayCanvas(400, 500, 50, 240);
    c.rect(0, 0, 400, 19, 0).rect(0, 481, 400, 19, 0).rect(0, 0, 15, 500, 0).rect(385, 0, 15, 500, 0);
    c.rect(4, 240, 8, 8, 0); // a punched hole
    expect(measureInk(img(c), opts).inkPixels).toBe(0);
    expect(measureInk(img(c), { ...opts, margin: 0 }).inkPixels).toBeGreaterThan(10_000);
  });

  it('a page that is mostly text finds the paper level, not the ink level', () => {
    const c = new GrayCanvas(400, 500, 50, 235);
    for (let y = 30; y < 470; y += 12) textLine(c, 30, y, 40, y, { glyphMm: 4 });
    const m = measureInk(img(c), opts);
    expect(m.paperLevel).toBeGreaterThanOrEqual(230);
    expect(m.inkRatio).toBeGreaterThan(0.05);
  });

  it('a dark page (black sheet, dark photo) is full of ink, never blank paper', () => {
    const black = measureInk(img(new GrayCanvas(400, 500, 50, 10)), opts);
    expect(black.inkRatio).toBe(1);
    const photo = new GrayCanvas(400, 500, 50, 70).rect(50, 50, 100, 100, 200);
    expect(measureInk(img(photo), opts).inkRatio).toBeGreaterThan(0.8);
    expect(measureInk(img(photo), opts).inkRatio).toBeGreaterThan(DEFAULT_CONFIG.blank.maxInkRatio);
  });

  it('works on images smaller than the neighbourhood', () => {
    expect(measureInk({ data: new Uint8Array([250]), width: 1, height: 1 }, opts).inkRatio).toBe(0);
    expect(measureInk({ data: new Uint8Array(4).fill(250), width: 2, height: 2 }, opts).inkRatio).toBe(0);
    expect(measureInk({ data: new Uint8Array(4), width: 2, height: 2 }, opts).inkRatio).toBe(1); // black: dark content
  });
});

describe('default blank thresholds on realistic 100 dpi previews', () => {
  const { maxInkRatio, ...inkOpts } = DEFAULT_CONFIG.blank;
  const ratio = (c: GrayCanvas) => measureInk(img(c), inkOpts).inkRatio;

  it('a blank back with dust specks and faint bleed-through is blank', () => {
    for (const seed of [1, 2, 3]) expect(ratio(blankBack(100, { seed, specks: 12, bleedThrough: true }))).toBeLessThan(maxInkRatio);
  });

  it('a sparse page with only a date and a signature line is not blank', () => {
    for (const seed of [1, 2, 3]) expect(ratio(sparsePage(100, seed))).toBeGreaterThan(maxInkRatio * 2);
  });

  it('an ordinary page is far from blank', async () => {
    expect(ratio(await contentPage(100, 17))).toBeGreaterThan(maxInkRatio * 20);
  });

  it('a paper level given (as measurePaper found it) is used, not measured again: the same measure; a dark one is measured again', async () => {
    const c = await contentPage(100, 3, { lines: 20 });
    const page = img(c);
    const paper = measurePaper(page, opts);
    expect(measureInk(page, opts, paper)).toEqual(measureInk(page, opts));
    // used as given: a paper level 30 lighter moves the ink threshold
    expect(measureInk(page, opts, paper + 30).paperLevel).toBe(paper + 30);
    expect(measureInk(page, opts, 60)).toEqual(measureInk(page, opts));
  });

  it('paperLevelSampled: the same 90th percentile over the whole image on a sparser lattice', () => {
    const c = new GrayCanvas(400, 500, 50, 240).rect(0, 0, 400, 100, 20);
    expect(paperLevelSampled(img(c), 4)).toBe(240);
    expect(paperLevelSampled(img(new GrayCanvas(400, 500, 50, 20).rect(0, 0, 400, 60, 250)), 4)).toBe(250);
  });
});

/** The count as it was first written, pixel by pixel: the reference the word-at-a-time count must match exactly. */
function referenceInk(image: { data: Uint8Array; width: number; height: number }, threshold: number, x0: number, y0: number, x1: number, y1: number): number {
  const { data, width, height } = image;
  let inkPixels = 0;
  for (let y = Math.max(y0, 1); y < Math.min(y1, height - 1); y++) {
    for (let x = Math.max(x0, 1); x < Math.min(x1, width - 1); x++) {
      if (data[y * width + x]! >= threshold) continue;
      let n = 0;
      for (const [dx, dy] of [[-1, -1], [0, -1], [1, -1], [-1, 0], [1, 0], [-1, 1], [0, 1], [1, 1]] as const) if (data[(y + dy) * width + x + dx]! < threshold) n++;
      if (n >= 2) inkPixels++;
    }
  }
  return inkPixels;
}

/** The paper level as first written: the 90th percentile of one histogram filled pixel by pixel. */
function referencePaper(image: { data: Uint8Array; width: number }, x0: number, y0: number, x1: number, y1: number, step: number): number {
  const hist = new Array<number>(256).fill(0);
  let total = 0;
  for (let y = y0; y < y1; y += step) for (let x = x0; x < x1; x += step, total++) hist[image.data[y * image.width + x]!]!++;
  let acc = 0;
  for (let i = 0; i < 256; i++) if ((acc += hist[i]!) >= total * 0.9) return i;
  return 255;
}

describe('measureInk counts exactly as pixel by pixel', () => {
  it('random speckle, strokes and sizes around the 32-pixel words, every margin and contrast', () => {
    const r = rng(17);
    let checked = 0;
    for (let round = 0; round < 300; round++) {
      const width = 1 + Math.floor(r() * (round < 100 ? 12 : 140));
      const height = 1 + Math.floor(r() * (round < 100 ? 12 : 60));
      const data = new Uint8Array(width * height).fill(230 + Math.floor(r() * 20));
      const density = r() * 0.5;
      for (let i = 0; i < data.length; i++) if (r() < density) data[i] = Math.floor(r() * 256);
      // strokes: runs of dark pixels across word boundaries
      for (let s = 0; s < 4; s++) {
        const y = Math.floor(r() * height);
        const x = Math.floor(r() * width);
        const len = Math.floor(r() * 70);
        for (let k = 0; k < len && x + k < width; k++) data[y * width + x + k] = Math.floor(r() * 100);
      }
      const ink = { inkContrast: 1 + Math.floor(r() * 200), margin: [0, 0.01, 0.04, 0.2, 0.3][round % 5]! };
      const image = { data, width, height };
      const m = measureInk(image, ink);
      const x0 = Math.floor(width * ink.margin);
      const y0 = Math.floor(height * ink.margin);
      const box = [x0, y0, Math.max(x0 + 1, width - x0), Math.max(y0 + 1, height - y0)] as const;
      expect(m.paperLevel, `round ${round}: paper`).toBe(referencePaper(image, ...box, 2));
      expect(paperLevelSampled(image, 4)).toBe(referencePaper(image, 0, 0, width, height, 4));
      if (m.paperLevel >= 128) {
        expect(m.inkPixels, `round ${round}: ${width}×${height}, contrast ${ink.inkContrast}`).toBe(m.paperLevel - ink.inkContrast > 0 ? referenceInk(image, m.paperLevel - ink.inkContrast, ...box) : 0);
        checked++;
      }
      // a paper level given (as ink-beside-symbol does), even a fractional threshold
      const paper = 128 + Math.floor(r() * 128);
      const given = measureInk(image, { ...ink, inkContrast: ink.inkContrast + 0.5 }, paper);
      expect(given.inkPixels, `round ${round}, paper ${paper}`).toBe(paper - ink.inkContrast - 0.5 > 0 ? referenceInk(image, paper - ink.inkContrast - 0.5, ...box) : 0);
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('a dense page of text at the preview scale, and a blank back', async () => {
    for (const c of [await contentPage(100, 0x5a, { lines: 40 }), blankBack(100, { specks: 40, bleedThrough: true })]) {
      const m = measureInk(img(c), opts);
      const x0 = Math.floor(c.width * opts.margin);
      const y0 = Math.floor(c.height * opts.margin);
      expect(m.inkPixels).toBe(referenceInk(img(c), m.paperLevel - opts.inkContrast, x0, y0, c.width - x0, c.height - y0));
    }
  });
});
