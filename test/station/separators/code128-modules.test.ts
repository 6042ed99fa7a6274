import { describe, expect, it } from 'vitest';
import { readBarcodes } from 'zxing-wasm';
import { barRuns, code128Modules, loadZxing } from '../../../station/src/separators/code128-modules.ts';

/** Renders modules at `scale` px each with a 10-module quiet zone, as an RGBA image for zxing. */
function render(modules: boolean[], scale: number, height = 40) {
  const quiet = 10 * scale;
  const width = modules.length * scale + 2 * quiet;
  const data = new Uint8ClampedArray(width * height * 4).fill(255);
  for (let y = 0; y < height; y++) {
    modules.forEach((bar, m) => {
      if (!bar) return;
      for (let x = quiet + m * scale; x < quiet + (m + 1) * scale; x++) data.fill(0, (y * width + x) * 4, (y * width + x) * 4 + 3);
    });
  }
  return { data, width, height };
}

describe('code128Modules', () => {
  it('encodes registration numbers as Code 128 that zxing reads back', async () => {
    await loadZxing();
    for (const text of ['84512/27.09.2021', '12345678/01.10.2021', '1/02.01.2022', 'PATCHT']) {
      const modules = await code128Modules(text);
      expect((modules.length - 2) % 11).toBe(0);
      expect(modules[0]).toBe(true);
      expect(modules.at(-1)).toBe(true);
      // the stop pattern 2331112 (bar, space, …) ends every symbol
      expect(modules.slice(-13).map((b) => (b ? 1 : 0)).join('')).toBe('1100011101011');
      const [result] = await readBarcodes(render(modules, 2) as unknown as ImageData, { formats: ['Code128'] });
      expect(result?.text).toBe(text);
    }
  });

  it('refuses what Code 128 cannot carry', async () => {
    await expect(code128Modules('Direcția')).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(code128Modules('')).rejects.toMatchObject({ code: 'INTERNAL' });
    await expect(code128Modules('1'.repeat(81))).rejects.toMatchObject({ code: 'INTERNAL' });
  });

  it('merges adjacent bar modules into one rectangle each', () => {
    expect(barRuns([true, true, false, true, false, false, true, true, true])).toEqual([
      [0, 2],
      [3, 1],
      [6, 3],
    ]);
  });
});
