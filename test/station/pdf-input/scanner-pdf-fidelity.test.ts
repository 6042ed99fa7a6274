/**
 * Scanner PDFs of every kind real scanners, MFPs and fax software write go through `station split`
 * (the real pipeline, in-process), and each output page is compared with its input page the way a
 * person would: both rendered by poppler, same size in points and orientation, same tone, same
 * colour, same content. Issue 12, items 3–8.
 */
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { pdfImagesList } from '../../support/pdf-tools.ts';
import { compareThroughStation, looksTheSame, type Comparison } from './helpers/page-fidelity.ts';
import { g3Pdf, letterPixels, smallImagePdf, spacedPalettePdf, stencilMaskPdf, stripsPdf, type G3Options } from './helpers/scanner-pdf-cases.ts';

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

async function through(bytes: Uint8Array) {
  const result = await compareThroughStation(bytes);
  cleanups.push(result.cleanup);
  return { ...result, images: await pdfImagesList(result.output) };
}

/** The comparison with its verdict, so a failure shows every figure. */
const verdict = (c: Comparison) => ({ ...c, same: looksTheSame(c) });
const allSame = (comparisons: Comparison[]) => comparisons.map(verdict).filter((c) => !c.same);

describe('pages that are not one plain image look like the page (rendered), in colour when in colour', () => {
  // one test a paint: the two in one test took 53 s of its 60 under load
  it.each(['pattern', 'red'] as const)('a stencil mask painted through a coloured pattern, and one painted red: %s', async (paint) => {
    const { comparisons, images } = await through(await stencilMaskPdf(paint));
    expect(allSame(comparisons)).toEqual([]);
    expect(comparisons[0]!.colourOut).toBeGreaterThan(0.05); // not the mask alone, in black
    expect(images.map((i) => i.color)).toEqual(['rgb']);
  });

  it('a colour page assembled from JPEG strips stays in colour; a page of 1-bit strips stays bitonal at its resolution', async () => {
    const colour = await through(await stripsPdf('colour-jpeg', 4, 100));
    expect(allSame(colour.comparisons)).toEqual([]);
    expect(colour.images.map((i) => [i.color, i.xppi])).toEqual([['rgb', 200]]); // rendered at the usual 200 dpi, never below the strips' own

    const bitonal = await through(await stripsPdf('bitonal', 5, 200));
    expect(allSame(bitonal.comparisons)).toEqual([]);
    expect(bitonal.images.map((i) => [i.enc, i.bpc, i.xppi, i.yppi])).toEqual([['ccitt', 1, 200, 200]]);
  });
});

describe('the output page has the input page size, always', () => {
  it('a 3 × 2 inch photo on an A4 page; the same with a CropBox and /Rotate 90', async () => {
    for (const options of [{}, { rotate: 90, cropBox: [20, 30, 580, 800] as [number, number, number, number] }]) {
      const { comparisons } = await through(await smallImagePdf(options));
      expect(allSame(comparisons)).toEqual([]);
      expect(comparisons[0]!.sizeDiffPt).toBeLessThanOrEqual(0.05);
    }
  });
});

describe('palettes and fax data', () => {
  it('an img2pdf 0.3 palette `< 000000 ffffff >` keeps its white paper white', async () => {
    const { comparisons } = await through(await spacedPalettePdf(100));
    expect(allSame(comparisons)).toEqual([]);
    expect(comparisons[0]!.meanOut).toBeGreaterThan(200);
  });

  // one test a variant: the seven in one test took 60 s under load (its limit), one takes about 9 s
  const variants: G3Options[] = [
    { mode: '1d', dpi: 100 },
    { mode: '2d', dpi: 100 },
    { mode: '2d', fill: true, dpi: 100 }, // /EncodedByteAlign (EOLs end on a byte boundary)
    { mode: '1d', fill: true, blackIs1: true, dpi: 100 },
    { mode: '2d', showInverted: true, dpi: 100 }, // /BlackIs1 shown as it is: white on black
    { mode: '1d', rotate: 90, dpi: 100 },
    { mode: '2d', rotate: 270, dpi: 100 },
  ];
  it.each(variants.map((v) => [JSON.stringify(v), v] as const))('CCITT Group 3 %s is read and stored as G4 at the same resolution', async (_name, variant) => {
    const letter = await letterPixels(100, false);
    const { comparisons, images } = await through(await g3Pdf(letter, variant));
    expect({ variant, failed: allSame(comparisons) }).toEqual({ variant, failed: [] });
    expect(images.map((i) => [i.enc, i.bpc, i.width, i.xppi])).toEqual([['ccitt', 1, letter.width, 100]]);
  });
});

describe('JBIG2 pages (real files from OCRmyPDF\'s test resources) stay JBIG2', () => {
  const fixture = (name: string) => readFileSync(new URL(`../../../fixtures/pdf-inputs/ocrmypdf/${name}`, import.meta.url));

  it('jbig2.pdf: the same page, the JBIG2 data and its globals kept, no larger than the input', async () => {
    const { comparisons, images, inputBytes, outputBytes } = await through(fixture('jbig2.pdf'));
    expect(allSame(comparisons)).toEqual([]);
    expect(images.map((i) => [i.enc, i.bpc, i.width, i.height, i.xppi])).toEqual([['jbig2', 1, 2550, 3300, 300]]);
    console.info(`jbig2.pdf: input ${inputBytes} bytes, output ${outputBytes} bytes`);
    expect(outputBytes).toBeLessThanOrEqual(inputBytes * 1.1);
  });

  it('cardinal.pdf: four pages turned four ways, each the right way up; the image they share is stored once', async () => {
    const { comparisons, images, inputBytes, outputBytes } = await through(fixture('cardinal.pdf'));
    expect(allSame(comparisons)).toEqual([]);
    expect(images.map((i) => i.enc)).toEqual(['jbig2', 'jbig2', 'jbig2', 'jbig2']);
    console.info(`cardinal.pdf: input ${inputBytes} bytes, output ${outputBytes} bytes`);
    expect(outputBytes).toBeLessThanOrEqual(inputBytes * 1.1);
  });
});
