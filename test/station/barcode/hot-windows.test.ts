/**
 * The WebAssembly hot-window scan finds the windows the JavaScript scan it replaced found, in the same
 * order: on the cell grids of decoded letters (with a QR code set tight in the text: hot windows there),
 * on random grids dark and light, and on grids no larger than one window.
 */
import { describe, expect, it } from 'vitest';
import { findDensePatches, type CellGrid } from '../../../station/src/barcode/dense-patch.ts';
import { hotWindows, type HotTests } from '../../../station/src/barcode/hot-windows.ts';
import { openEncoded, toGray } from '../../../station/src/imaging/sharp-adapter.ts';
import { previewFactor } from '../../../station/src/pipeline/stages/decode.ts';
import { contentPage, rng, toJpeg, type GrayCanvas } from '../../support/make-pages.ts';

/** The scan as it was written in JavaScript (`symbol-cores.ts` before the kernel). */
function referenceHot(g: CellGrid, s: number, t: HotTests): number[] {
  const { cw, ch, sum, peak, area } = g;
  const hot: number[] = [];
  const col = new Int32Array(cw);
  for (let j = 0; j < s - 1; j++) for (let x = 0; x < cw; x++) col[x]! += sum[j * cw + x]!;
  for (let y = 0; y + s <= ch; y++) {
    for (let x = 0; x < cw; x++) col[x]! += sum[(y + s - 1) * cw + x]! - (y > 0 ? sum[(y - 1) * cw + x]! : 0);
    let ws = 0;
    for (let x = 0; x < s - 1; x++) ws += col[x]!;
    for (let x = 0; x + s <= cw; x++) {
      ws += col[x + s - 1]!;
      let beyond = false;
      for (let j = y; j < y + s && !beyond; j++) for (let k = j * cw + x; k < j * cw + x + s; k++) if (peak[k]! > ws / t.core) beyond = true;
      if (ws >= t.floor && (ws >= t.dark || !beyond)) {
        let wp = 0;
        for (let j = y; j < y + s; j++) for (let k = j * cw + x; k < j * cw + x + s; k++) wp += peak[k]!;
        if (ws < t.solid * wp * area) hot.push(y * cw + x);
      }
      ws -= col[x]!;
    }
  }
  return hot;
}

/** The tests `symbol-cores.ts` asks of its windows (CORE_MEAN 0.46, FAINT_INK 60, SOLID 0.9). */
function testsFor(g: CellGrid, s: number): HotTests {
  const cells = s * s * g.area;
  return { floor: 0.46 * 60 * cells, dark: 0.46 * Math.max(60, g.darkest) * cells, core: 0.46 * cells, solid: 0.9 };
}

async function gridOf(c: GrayCanvas): Promise<CellGrid> {
  const factor = previewFactor(c.dpi);
  const img = await toGray(openEncoded(await toJpeg(c)), c.width, factor, 'test');
  return findDensePatches(img, { dpi: c.dpi / factor }).grid!;
}

describe('hotWindows', () => {
  it('the cell grids of decoded letters, one with a QR code set in its text', async () => {
    const grids = [
      await gridOf(await contentPage(200, 0x5a, { lines: 40 })),
      await gridOf(await contentPage(300, 0x33, { lines: 40, barcodes: [{ value: 'REG-2024-000117', format: 'QRCode', moduleMm: 1, at: { x: 0.45, y: 0.42 } }] })),
    ];
    let hotSeen = 0;
    for (const g of grids) {
      const t = testsFor(g, 4);
      const got = [...hotWindows(g, 4, t)];
      expect(got).toEqual(referenceHot(g, 4, t));
      hotSeen += got.length;
    }
    expect(hotSeen).toBeGreaterThan(0);
  });

  it('random grids, every window size, down to one window', () => {
    const r = rng(23);
    for (let round = 0; round < 150; round++) {
      const s = 2 + Math.floor(r() * 5);
      const cw = s + Math.floor(r() * (round < 30 ? 2 : 40));
      const ch = s + Math.floor(r() * (round < 30 ? 2 : 30));
      const area = [4, 9, 16][round % 3]!;
      const sum = new Int32Array(cw * ch);
      const peak = new Uint8Array(cw * ch);
      const level = r() * 255;
      for (let k = 0; k < sum.length; k++) {
        peak[k] = Math.min(255, Math.floor(level * r() * 1.3));
        sum[k] = Math.floor(peak[k]! * area * (r() < 0.3 ? 0.95 : r() * 0.6));
      }
      const g: CellGrid = { cell: 5, cw, ch, area, sum, peak, darkest: Math.max(...peak) };
      const t = testsFor(g, s);
      expect([...hotWindows(g, s, t)], `round ${round}: ${cw}×${ch}, s ${s}`).toEqual(referenceHot(g, s, t));
    }
  });
});
