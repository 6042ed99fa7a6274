/**
 * The page worker's warm-up (`worker-warm-up.ts`): it leaves nothing behind that changes a real
 * page's answer (the kernels' memory, their counts and tables, the held preview), and its made-up
 * page takes the paths a real one does: colour, text, bars the look reads closer.
 */
import { describe, expect, it } from 'vitest';
import { BarcodeReader } from '../../../station/src/barcode/zxing-reader.ts';
import { DEFAULT_LOCATOR } from '../../../station/src/barcode/barcode-locator.ts';
import { answerPageRequest, type MeasuredAndLooked } from '../../../station/src/pipeline/page-work.ts';
import { warmUp, warmUpPage } from '../../../station/src/pipeline/worker-warm-up.ts';
import { colourPreviewPages, colourPreviews } from '../../support/colour-previews.ts';

const INK = { inkContrast: 90, margin: 0.04 };
const LOOK = { formats: ['Code128', 'Code39', 'QRCode', 'DataMatrix'] as const, locator: DEFAULT_LOCATOR, thorough: false, maxInkRatio: 0.0004 };

/** The answer to a page's measure request, in figures (the pixels compared apart, as bytes). */
function measured(reader: BarcodeReader, img: { data: Uint8Array; width: number; height: number }, dpi: number): { figures: unknown; gray: Uint8Array } {
  const m = answerPageRequest(reader, { op: 'measure', input: { rgb: { ...img, data: img.data.slice() }, pxPerMm: dpi / 25.4, ink: INK }, look: { ...LOOK, formats: [...LOOK.formats], dpi } }) as MeasuredAndLooked;
  const { preview, pixels: _pixels, lookMs: _ms, ...figures } = m;
  return { figures, gray: preview!.data };
}

describe('page worker warm-up', () => {
  it('leaves the answers to real pages as they were in a cold thread', async () => {
    const dir = await colourPreviewPages('worker-warm-up-pages', 2);
    const pages: { file: string; img: { data: Uint8Array; width: number; height: number }; dpi: number }[] = [];
    for await (const { file, page, img } of colourPreviews(dir)) if (pages.length < 6) pages.push({ file, img, dpi: Math.min(page.dpiX, page.dpiY) / page.previewScale });
    const reader = await BarcodeReader.create();
    // this file's thread is fresh: the first answers are a cold worker's
    const cold = pages.map((p) => measured(reader, p.img, p.dpi));
    warmUp(reader);
    const warm = pages.map((p) => measured(reader, p.img, p.dpi));
    expect(warm.map((w) => w.figures)).toEqual(cold.map((c) => c.figures));
    // bytes compared as bytes (a deep equality of a million elements takes vitest tens of seconds)
    for (const [i, w] of warm.entries()) expect(Buffer.compare(w.gray, cold[i]!.gray), pages[i]!.file).toBe(0);
    expect(pages.length).toBeGreaterThanOrEqual(4);
  });

  it('warms the colour path and the reading of bars: its page is colour, with ink and bars to read closer, the same each time', async () => {
    const a = warmUpPage();
    expect(Buffer.compare(a.data, warmUpPage().data)).toBe(0);
    const m = answerPageRequest(await BarcodeReader.create(), { op: 'measure', input: { rgb: a, pxPerMm: 75 / 25.4, ink: INK }, look: { ...LOOK, formats: [...LOOK.formats], dpi: 75 } }) as MeasuredAndLooked;
    expect(m.colour.decision).toBe('colour');
    expect(m.inkRatio).toBeGreaterThan(0.05);
    expect(m.look?.closer).toBe(true);
    expect(m.look?.windows.length).toBeGreaterThan(0);
  });
});
