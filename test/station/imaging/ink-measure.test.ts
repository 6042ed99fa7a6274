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
