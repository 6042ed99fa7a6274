import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractTiffPage } from '../../../station/src/imaging/tiff-page.ts';
import { parseTiff } from '../../../station/src/imaging/tiff-structure.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const run = promisify(execFile);
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('tiff-page-')));
afterAll(() => cleanup());

async function page(i: number, opts: { compression: 'lzw' | 'ccittfax4' | 'deflate'; color?: boolean }): Promise<string> {
  const w = 160 + i * 8;
  const h = 120;
  const ch = opts.color ? 3 : 1;
  const px = Buffer.alloc(w * h * ch, 255);
  for (let y = 10 + i * 5; y < 40 + i * 5; y++) for (let x = 10; x < 30 + i * 10; x++) for (let c = 0; c < ch; c++) px[(y * w + x) * ch + c] = c === 1 ? 200 : 0;
  const f = path.join(dir, `src-${i}-${opts.compression}${opts.color ? '-c' : ''}.tif`);
  let img = sharp(px, { raw: { width: w, height: h, channels: ch } });
  if (!opts.color) img = img.toColourspace('b-w');
  await img.tiff(opts.compression === 'ccittfax4' ? { compression: 'ccittfax4', bitdepth: 1 } : { compression: opts.compression, tile: opts.compression === 'deflate', tileWidth: 64, tileHeight: 64 }).toFile(f);
  return f;
}

async function pixels(input: Uint8Array, pageIndex?: number): Promise<{ data: Buffer; width: number; height: number }> {
  const { data, info } = await sharp(input, { page: pageIndex }).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

describe('extractTiffPage: one page of a multi-page TIFF as a file of its own', () => {
  for (const order of ['-L', '-B'] as const) {
    it(`keeps every page's pixels, strips, tiles and colour (${order === '-L' ? 'little' : 'big'}-endian)`, async () => {
      const srcs = [await page(0, { compression: 'ccittfax4' }), await page(1, { compression: 'lzw', color: true }), await page(2, { compression: 'deflate' }), await page(3, { compression: 'lzw' })];
      const multi = path.join(dir, `multi${order}.tif`);
      await run('tiffcp', [order, '-r', '16', ...srcs, multi]);
      const bytes = new Uint8Array(await readFile(multi));
      const ifds = parseTiff(bytes);
      expect(ifds).toHaveLength(4);
      for (const [i, ifd] of ifds.entries()) {
        const single = extractTiffPage(bytes, ifd)!;
        expect(parseTiff(single), `page ${i + 1} has one directory`).toHaveLength(1);
        expect(single.length).toBeLessThan(bytes.length);
        expect(await pixels(single), `page ${i + 1}`).toEqual(await pixels(bytes, i));
      }
    });
  }

  it('a directory whose strip counts are missing still gives a readable page', async () => {
    const src = await page(0, { compression: 'lzw' });
    const bytes = new Uint8Array(await readFile(src));
    const ifd = parseTiff(bytes)[0]!;
    const single = extractTiffPage(bytes, { ...ifd, stripByteCounts: [] })!;
    expect(parseTiff(single)).toHaveLength(1);
  });
});

describe('hostile fax and multi-page TIFFs', () => {
  it('mutated Group 3 / Compression 2 files decode or fail with a StationError, never anything else', async () => {
    const { decodePage } = await import('../../../station/src/pipeline/stages/decode.ts');
    const { readPages } = await import('../../../station/src/pipeline/stages/read-pages.ts');
    const { isStationError } = await import('../../../shared/src/errors.ts');
    const { writeFile } = await import('node:fs/promises');
    let seed = 12345;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    let failures = 0;
    for (const name of ['g3-2d-fill.tif', 'ccitt-rle-compression2.tif', 'g3-1d-eol.tif']) {
      const original = new Uint8Array(await readFile(path.join(__dirname, '..', '..', '..', 'fixtures', 'image-inputs', 'fax', name)));
      for (let round = 0; round < 12; round++) {
        const bytes = original.slice();
        const hits = 1 + Math.floor(rnd() * 40);
        for (let h = 0; h < hits; h++) {
          // half the hits in the directory and header, half in the coded rows
          const at = rnd() < 0.5 ? Math.floor(rnd() * 300) : Math.floor(rnd() * bytes.length);
          bytes[at] = Math.floor(rnd() * 256);
        }
        const file = path.join(dir, `mutated-${round}-${name}`);
        await writeFile(file, bytes);
        try {
          for await (const raw of readPages([file])) await decodePage(raw, { jpegQuality: 90, lossless: false, assumedDpi: 0 });
        } catch (e) {
          failures++;
          expect(isStationError(e), `${name} round ${round}: ${String(e)}`).toBe(true);
        }
      }
    }
    expect(failures).toBeGreaterThan(0);
  });
});
