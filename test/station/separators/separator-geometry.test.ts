import { describe, expect, it } from 'vitest';
import { code128Modules } from '../../../station/src/separators/code128-modules.ts';
import { A4, fitBarcode, PATCH_ZONE, patchTBars, PT_PER_INCH, PT_PER_MM, SIDE_MARGIN } from '../../../station/src/separators/separator-geometry.ts';

describe('fitBarcode', () => {
  it('uses whole 1/100″ modules between 0.02″ and 0.03″ and keeps the symbol and quiet zones inside the margins', async () => {
    for (const text of ['1/01.01.2021', '84512/27.09.2021', '99999999/31.12.2099', '1234567/12.12.2012']) {
      const box = fitBarcode((await code128Modules(text)).length);
      const inches = box.module / PT_PER_INCH;
      expect(Math.abs(inches * 100 - Math.round(inches * 100))).toBeLessThan(1e-9);
      expect(inches).toBeGreaterThanOrEqual(0.02 - 1e-12);
      expect(inches).toBeLessThanOrEqual(0.03 + 1e-12);
      expect(box.module).toBeGreaterThan(0.5 * PT_PER_MM);
      expect(box.quiet).toBeGreaterThanOrEqual(10 * box.module);
      expect(box.x - box.quiet).toBeGreaterThanOrEqual(SIDE_MARGIN - 1e-6);
      expect(box.x + box.width + box.quiet).toBeLessThanOrEqual(A4.width - SIDE_MARGIN + 1e-6);
    }
  });

  it('drops to 0.02″ for a long symbol and refuses one that would need thinner bars', () => {
    expect(fitBarcode(300).module / PT_PER_INCH).toBeCloseTo(0.02, 9);
    expect(() => fitBarcode(400)).toThrow(/prea lung/);
  });
});

describe('patchTBars', () => {
  it('is 0101 from the top edge, mirrored at the bottom, 0.80″ in all, bars far longer than 2″', () => {
    const top = patchTBars('top');
    expect(top.map((r) => Math.round((r.height / PT_PER_INCH) * 100))).toEqual([8, 20, 8, 20]);
    expect((top[3]!.top + top[3]!.height - top[0]!.top) / PT_PER_INCH).toBeCloseTo(0.8, 9);
    expect(top[0]!.top / PT_PER_INCH).toBeGreaterThanOrEqual(0.25);
    expect((top[3]!.top + top[3]!.height) / PT_PER_INCH).toBeLessThanOrEqual(3.75);
    for (const r of top) expect(r.width / PT_PER_INCH).toBeGreaterThanOrEqual(2);

    const bottom = patchTBars('bottom');
    const fromBottom = bottom.map((r) => ({ start: A4.height - r.top - r.height, height: r.height }));
    expect(fromBottom.map((r) => Math.round(r.start * 100))).toEqual(top.map((r) => Math.round(r.top * 100)));
    expect(PATCH_ZONE / PT_PER_INCH).toBeCloseTo(2.1, 9);
  });
});
