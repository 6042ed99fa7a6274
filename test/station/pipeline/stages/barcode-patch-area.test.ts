/**
 * Stage «barcode» on a page with dense patches to read at full resolution and bar windows to read
 * next: the area decoded for the patches spans the windows read next too (`fullWindows`' `alsoSpan`),
 * but not the page's patch code's own bars (a Patch T sheet's bars are never read as a symbol):
 * the area stops short of the patch band. The look, the engine and the full raster are stand-ins
 * that record what is asked; the preview is a real Patch T sheet at 100 dpi, read by `readPatchCode`.
 */
import { describe, expect, it } from 'vitest';
import type { BarcodeEngine } from '../../../../station/src/barcode/barcode-engine.ts';
import { DEFAULT_LOCATOR } from '../../../../station/src/barcode/barcode-locator.ts';
import type { PixelRect } from '../../../../station/src/barcode/gray-crop.ts';
import type { CloserWindow, PreviewLook } from '../../../../station/src/barcode/preview-look.ts';
import { makeSeparatorRule } from '../../../../station/src/barcode/separator-rule.ts';
import type { CheckedPage } from '../../../../station/src/pipeline/stages/blank-check.ts';
import { findBarcodes } from '../../../../station/src/pipeline/stages/barcode.ts';
import type { GrayCanvas } from '../../../support/make-pages.ts';
import { patchSheet } from '../../../support/patch-preview.ts';

const PREVIEW_DPI = 100;
const SCALE = 2; // the full raster: 200 dpi

/** Reads nothing; the look is never asked (the look is the page's, measured). */
const engine: BarcodeEngine = {
  lookAtPreview: () => Promise.reject(new Error('the look is given')),
  read: async () => [],
  close: async () => {},
};

function pageOf(preview: GrayCanvas, look: PreviewLook, reads: PixelRect[]): CheckedPage {
  const img = { data: preview.data, width: preview.width, height: preview.height };
  const width = img.width * SCALE, height = img.height * SCALE;
  return {
    seq: 0,
    origin: { file: '/in/p.jpg', pageInFile: 0, pagesInFile: 1, fileSha256: 'x' },
    label: 'p.jpg',
    width,
    height,
    dpiX: PREVIEW_DPI * SCALE,
    dpiY: PREVIEW_DPI * SCALE,
    rotation: 0,
    preview: img,
    previewScale: SCALE,
    measured: { colour: { decision: 'gray' }, inkRatio: 0.01, look },
    detail: () => Promise.reject(new Error('no detail read expected')),
    full: () => Promise.reject(new Error('no whole decode expected')),
    fullArea: {
      width,
      height,
      read: async (r) => {
        reads.push(r);
        return { img: { data: new Uint8Array((r.x1 - r.x0) * (r.y1 - r.y0)).fill(240), width: r.x1 - r.x0, height: r.y1 - r.y0 }, x: r.x0, y: r.y0 };
      },
    },
    embed: {} as CheckedPage['embed'],
    blank: { inkRatio: 0.01, isBlank: false },
  } as CheckedPage;
}

describe('stage barcode: the area decoded for dense patches', () => {
  it('spans the bar windows read next but not the patch code\'s own bars', async () => {
    const preview = patchSheet(PREVIEW_DPI, 'T', false);
    // the patch code's bars (horizontal, in the band along the top edge), a bar window and a dense patch lower down
    const patchBars: CloserWindow = { x: 50, y: 45, width: preview.width - 100, height: 70, bars: 'horizontal' };
    const bars: CloserWindow = { x: 300, y: 800, width: 120, height: 40, bars: 'vertical' };
    const look: PreviewLook = { found: [], closer: true, windows: [patchBars, bars], patches: [{ x: 200, y: 650, width: 40, height: 40 }] };
    const reads: PixelRect[] = [];
    const found = await findBarcodes(pageOf(preview, look, reads), { engine, rule: makeSeparatorRule('^SEP-[0-9]+$', ['PATCHT']), formats: ['Code128', 'DataMatrix'], locator: DEFAULT_LOCATOR });
    expect(found.map((b) => b.text)).toEqual(['PATCHT']);
    // one area for the patch and the bar window (its rows from the patch's down to the window's), none for the patch code's bars
    const first = reads[0]!;
    expect(first.y0).toBeGreaterThan((patchBars.y + patchBars.height) * SCALE);
    expect(first.y1).toBeGreaterThanOrEqual((bars.y + bars.height) * SCALE);
    for (const r of reads) expect(r.y0, JSON.stringify(r)).toBeGreaterThan((patchBars.y + patchBars.height) * SCALE);
  });
});
