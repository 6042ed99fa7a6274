/**
 * Print-and-scan round trip: the separators PDF is rasterised at 200 dpi (colour) and 300 dpi (gray),
 * each sheet is skewed, faded, blurred and sprinkled with noise, and zxing must read every number back.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBarcodes } from 'zxing-wasm';
import type { BorderouEntry } from '../../../shared/src/borderou/borderou-types.ts';
import { buildSeparatorsPdf } from '../../../station/src/separators/build-separators-pdf.ts';
import { loadZxing } from '../../../station/src/separators/code128-modules.ts';

const run = promisify(execFile);

const NUMBERS = ['84512/27.09.2021', '12345678/01.10.2021', '1/02.01.2022', '99999999/31.12.2099', '4020/29.02.2024'];
/** Skew per sheet, in degrees; 182 is a sheet fed upside down and skewed. */
const ANGLES = [2.5, -3, 2, 182, -2.5];

const entries: BorderouEntry[] = NUMBERS.map((registrationNumber, i) => ({
  registrationNumber,
  department: i % 2 ? 'Serviciul Stare Civilă' : 'Direcția Relații cu Publicul',
  expectedSheets: 1,
  date: null,
  notes: null,
  line: i + 2,
}));

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'separators-rt-'));
  await loadZxing();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Deterministic PRNG so a failure can be reproduced. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Skew, fade (black prints as dark gray on gray-ish paper), blur, then noise and dust specks. */
async function degrade(png: Buffer, angle: number, dpi: number, seed: number) {
  const { data, info } = await sharp(png)
    .rotate(angle, { background: '#ffffff' })
    .grayscale()
    .linear(0.62, 80) // 0 → 80, 255 → 238: faded toner on off-white paper
    .blur(dpi >= 300 ? 1.2 : 0.8)
    .raw()
    .toBuffer({ resolveWithObject: true });
  const rnd = prng(seed);
  const rgba = new Uint8ClampedArray(info.width * info.height * 4);
  for (let i = 0; i < info.width * info.height; i++) {
    const r = rnd();
    let v = data[i]! + (r - 0.5) * 70; // sensor noise
    if (r < 0.0004) v = 20; // dust specks
    else if (r > 0.9996) v = 255; // toner drop-outs
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = v;
    rgba[i * 4 + 3] = 255;
  }
  return { data: rgba, width: info.width, height: info.height, colorSpace: 'srgb' as const };
}

async function rasterise(pdf: string, dpi: number, gray: boolean): Promise<string[]> {
  const prefix = path.join(dir, `r${dpi}${gray ? 'g' : 'c'}`);
  await run('pdftoppm', ['-r', String(dpi), ...(gray ? ['-gray'] : []), '-png', pdf, prefix]);
  const base = path.basename(prefix);
  const files = (await readdir(dir)).filter((f) => f.startsWith(`${base}-`)).sort();
  return files.map((f) => path.join(dir, f));
}

describe('separator sheets survive print and scan', () => {
  for (const { dpi, gray } of [
    { dpi: 200, gray: false },
    { dpi: 300, gray: true },
  ]) {
    it(`every number is read back at ${dpi} dpi${gray ? ' gray' : ''}, skewed, faded, blurred and noisy`, async () => {
      const pdf = path.join(dir, `sep-${dpi}.pdf`);
      await writeFile(pdf, (await buildSeparatorsPdf(entries, { patchT: dpi === 300 })).bytes);
      const pages = await rasterise(pdf, dpi, gray);
      expect(pages).toHaveLength(NUMBERS.length);
      const read: string[] = [];
      for (const [i, file] of pages.entries()) {
        const image = await degrade(await readFile(file), ANGLES[i]!, dpi, 1000 + i);
        const results = await readBarcodes(image as unknown as ImageData, { formats: ['Code128'], tryHarder: true, tryRotate: true, maxNumberOfSymbols: 2 });
        read.push(results.find((r) => r.isValid)?.text ?? `(nimic pe pagina ${i + 1})`);
      }
      expect(read).toEqual(NUMBERS);
    });
  }

  it('the degradation is real: a barcode blurred far beyond print quality is not read', async () => {
    const pdf = path.join(dir, 'control.pdf');
    await writeFile(pdf, (await buildSeparatorsPdf(entries.slice(0, 1))).bytes);
    const [page] = await rasterise(pdf, 100, true);
    const { data, info } = await sharp(await readFile(page!)).grayscale().blur(6).raw().toBuffer({ resolveWithObject: true });
    const rgba = new Uint8ClampedArray(info.width * info.height * 4);
    for (let i = 0; i < data.length; i++) rgba.fill(data[i]!, i * 4, i * 4 + 3), (rgba[i * 4 + 3] = 255);
    const results = await readBarcodes({ data: rgba, width: info.width, height: info.height } as unknown as ImageData, { formats: ['Code128'] });
    expect(results.filter((r) => r.isValid)).toEqual([]);
  });
});
