import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBarcodeEngine, createLocalEngine, type BarcodeEngine } from '../../../station/src/barcode/barcode-engine.ts';
import { DEFAULT_LOCATOR } from '../../../station/src/barcode/barcode-locator.ts';
import { BarcodeWorkerPool } from '../../../station/src/barcode/barcode-worker-pool.ts';
import { GrayCanvas, drawBarcode } from '../../support/make-pages.ts';

const FORMATS = ['Code128', 'Code39', 'QRCode', 'DataMatrix'] as const;
const look = { formats: FORMATS, locator: DEFAULT_LOCATOR, thorough: false, blank: false, dpi: 75 };

async function preview(value: string, format: 'Code128' | 'DataMatrix' | 'QRCode') {
  const c = new GrayCanvas(620, 877, 75, 245);
  await drawBarcode(c, { value, format, at: { x: 0.15, y: 0.1 }, moduleMm: format === 'Code128' ? 0.9 : 1.2 });
  return { data: c.data, width: c.width, height: c.height };
}

describe('barcode engines: worker pool and calling thread answer alike', () => {
  let pool: BarcodeWorkerPool;
  let local: BarcodeEngine;
  beforeAll(async () => {
    pool = (await createBarcodeEngine(2)) as BarcodeWorkerPool;
    local = await createLocalEngine();
  });
  afterAll(async () => {
    await pool.close();
  });

  it('starts the number of workers asked for, or none', async () => {
    expect(pool).toBeInstanceOf(BarcodeWorkerPool);
    expect(pool.size).toBe(2);
    expect(await createBarcodeEngine(0)).not.toBeInstanceOf(BarcodeWorkerPool);
  });

  it('reads the same barcodes as the calling thread, many requests at once', async () => {
    const pages = await Promise.all([
      preview('84512/27.09.2021', 'Code128'),
      preview('5/30.09.2021', 'DataMatrix'),
      preview('1203/28.09.2021', 'QRCode'),
      { data: new Uint8Array(620 * 877).fill(245), width: 620, height: 877 },
    ]);
    const fromPool = await Promise.all([...pages, ...pages].map((p) => pool.lookAtPreview(p, look)));
    const fromLocal = await Promise.all(pages.map((p) => local.lookAtPreview(p, look)));
    expect(fromPool).toEqual([...fromLocal, ...fromLocal]);
    expect(fromLocal.map((l) => l.found.map((b) => b.text))).toEqual([expect.anything(), ['5/30.09.2021'], ['1203/28.09.2021'], []]);
    // the small Code 128 reads at once or asks for a closer look
    expect(fromLocal[0]!.found.length > 0 || fromLocal[0]!.closer).toBe(true);
    expect(fromLocal[3]).toEqual({ found: [], closer: false, windows: [], patches: [] });
    const direct = await pool.read(pages[2]!, { formats: FORMATS, tryHarder: true, maxSymbols: 4 });
    expect(direct.map((b) => b.format)).toEqual(['QRCode']);
  });

  it('fails the request of a worker that dies with INTERNAL, then carries on with a new one', async () => {
    // a full-page thorough read of noise keeps the worker busy long enough to be stopped mid-read
    let seed = 1;
    const noise = { data: new Uint8Array(2480 * 3508).map(() => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) >> 16) & 0xff), width: 2480, height: 3508 };
    const inFlight = pool.read(noise, { formats: FORMATS, tryHarder: true, maxSymbols: 8 });
    await pool.crashOne();
    await expect(inFlight).rejects.toMatchObject({ code: 'INTERNAL', message: 'Citirea codurilor de bare a eșuat.' });
    const page = await preview('84512/27.09.2021', 'QRCode');
    const again = await Promise.all(Array.from({ length: 4 }, () => pool.lookAtPreview(page, look)));
    expect(again.every((l) => l.found[0]?.text === '84512/27.09.2021')).toBe(true);
    expect(pool.size).toBe(2);
  });

  it('refuses work after close', async () => {
    const p = await createBarcodeEngine(1);
    await p.close();
    await expect(p.read(await preview('1/01.01.2020', 'Code128'), { formats: FORMATS, tryHarder: false, maxSymbols: 1 })).rejects.toMatchObject({ code: 'INTERNAL' });
  });
});
