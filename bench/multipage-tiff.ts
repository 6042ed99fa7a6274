/**
 * Cost of a page of a multi-page TIFF by where it sits: a fax archive of 2,000 small G4 pages is
 * built with libtiff's tiffcp, then the first and the last pages are decoded as the station does
 * (read stage + decode stage). Both must cost about what the same page costs alone in a file (issue
 * 11: libtiff walked the whole directory chain for every page, 400 ms a page in a 2,000-page file).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { decodePage } from '../station/src/pipeline/stages/decode.ts';
import { readPages, type RawPage } from '../station/src/pipeline/stages/read-pages.ts';

export interface MultipageFigures {
  pages: number;
  /** Mean decode time of the same page alone in a one-page file, ms. */
  aloneMs: number;
  /** Mean decode time of the first / last `sample` pages, ms. */
  firstMs: number;
  lastMs: number;
  sample: number;
}

export async function measureMultipageTiff(pages = 2000, sample = 20): Promise<MultipageFigures | null> {
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-tiff-'));
  try {
    const one = path.join(dir, 'one.tif');
    const px = Buffer.alloc(200 * 100, 255);
    for (let i = 0; i < px.length; i += 37) px[i] = 0;
    await sharp(px, { raw: { width: 200, height: 100, channels: 1 } }).toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1, xres: 200 / 25.4, yres: 200 / 25.4 }).toFile(one);
    const many = path.join(dir, 'many.tif');
    try {
      await promisify(execFile)('tiffcp', [...Array<string>(pages).fill(one), many], { maxBuffer: 1 << 20 });
    } catch {
      return null; // libtiff-tools not installed
    }
    const raws: RawPage[] = [];
    for await (const raw of readPages([many])) raws.push(raw);
    const alone: RawPage[] = [];
    for (let i = 0; i < sample; i++) for await (const raw of readPages([one])) alone.push(raw);
    const settings = { jpegQuality: 90, lossless: false, assumedDpi: 0 };
    const time = async (list: RawPage[]) => {
      const t0 = performance.now();
      for (const raw of list) await decodePage(raw, settings);
      return (performance.now() - t0) / list.length;
    };
    await time([...raws.slice(0, 3), ...alone.slice(0, 3)]); // warm up
    const firstMs = await time(raws.slice(0, sample));
    const lastMs = await time(raws.slice(-sample));
    return { pages: raws.length, aloneMs: await time(alone), firstMs, lastMs, sample };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
