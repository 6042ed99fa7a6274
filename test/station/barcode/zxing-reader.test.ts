import { describe, expect, it } from 'vitest';
import { BarcodeReader } from '../../../station/src/barcode/zxing-reader.ts';
import { GrayCanvas, drawBarcode } from '../../support/make-pages.ts';
import type { TestBarcodeFormat } from '../../support/zxing-writer.ts';

const ALL = ['Code128', 'Code39', 'QRCode', 'DataMatrix'] as const;
const opts = { formats: ALL, tryHarder: true, maxSymbols: 4 };

async function page(value: string, format: TestBarcodeFormat, rotate: 0 | 90 | 180 | 270 = 0) {
  const c = new GrayCanvas(1000, 1000, 150, 250);
  await drawBarcode(c, { value, format, rotate, at: { x: 0.1, y: 0.1 }, moduleMm: format === 'QRCode' || format === 'DataMatrix' ? 1 : 0.5 });
  return c;
}

describe('BarcodeReader (zxing-wasm, loaded offline)', () => {
  it.each(ALL)('reads %s in every orientation', async (format) => {
    const reader = await BarcodeReader.create();
    for (const rotate of [0, 90, 180, 270] as const) {
      const found = reader.read(await page('84512/27.09.2021', format, rotate), opts);
      expect(found.map((b) => [b.format, b.text]), `${format} ${rotate}°`).toEqual([[format, '84512/27.09.2021']]);
    }
  });

  it('gives the bounding box in image coordinates', async () => {
    const reader = await BarcodeReader.create();
    const [b] = reader.read(await page('1/01.01.2020', 'QRCode'), opts);
    expect(b!.box.x).toBeGreaterThanOrEqual(85);
    expect(b!.box.y).toBeGreaterThanOrEqual(85);
    expect(b!.box.x + b!.box.width).toBeLessThan(300);
  });

  it('returns the symbol’s own characters, control characters included (never «<SOH>» renderings)', async () => {
    const reader = await BarcodeReader.create();
    const [b] = reader.read(await page('A\u0001B\u001b[2J', 'QRCode'), opts);
    expect(b!.text).toBe('A\u0001B\u001b[2J');
    const [d] = reader.read(await page('Școală/ăîâ', 'QRCode'), opts);
    expect(d!.text).toBe('Școală/ăîâ');
  });

  it('reads only the formats asked for, and nothing on an empty page', async () => {
    const reader = await BarcodeReader.create();
    expect(reader.read(await page('PATCHT', 'Code39'), { ...opts, formats: ['QRCode'] })).toEqual([]);
    expect(reader.read(new GrayCanvas(300, 300, 100), opts)).toEqual([]);
  });

  it('reads several symbols on one page', async () => {
    const reader = await BarcodeReader.create();
    const c = new GrayCanvas(900, 600, 150, 250);
    await drawBarcode(c, { value: 'https://anaf.ro/f?id=1', format: 'QRCode', at: { x: 0.05, y: 0.1 }, moduleMm: 1 });
    await drawBarcode(c, { value: '7/01.01.2020', format: 'DataMatrix', at: { x: 0.6, y: 0.1 }, moduleMm: 1 });
    expect(reader.read(c, opts).map((b) => b.text).sort()).toEqual(['7/01.01.2020', 'https://anaf.ro/f?id=1']);
  });
});
