/**
 * The committed real-world and fax samples (fixtures/image-inputs, see its README) through
 * `station split`: every output page, rendered by poppler, looks like the input page as libtiff /
 * libvips show it (Orientation applied): right way up, same size in points, same tone, same content.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { comparePage, type Gray } from '../../support/page-likeness.ts';
import { pdfImagesList } from '../../support/pdf-tools.ts';
import { REPO_ROOT, runSplit } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const SAMPLES = path.join(REPO_ROOT, 'fixtures', 'image-inputs');
let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('real-inputs-')));
afterAll(() => cleanup());

async function split(name: string, files: string[]): Promise<string> {
  const inDir = path.join(root, name, 'in');
  await mkdir(inDir, { recursive: true });
  for (const [i, f] of files.entries()) await writeFile(path.join(inDir, `p${String(i + 1).padStart(2, '0')}-${path.basename(f)}`), await readFile(path.join(SAMPLES, f)));
  const out = path.join(root, name, 'out');
  const res = await runSplit([inDir, '--out', out, '--json'], { cwd: path.join(root, name), dataDir: path.join(root, name, 'data') });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  const s = JSON.parse(res.stdout) as SplitSummary;
  expect(s.unassigned!.pages).toBe(files.length);
  return path.join(out, s.unassigned!.file!);
}

/** The page as libvips shows it: Orientation applied (autorotate), gray. */
async function asShown(file: string): Promise<Gray> {
  const bytes = await readFile(path.join(SAMPLES, file));
  const { data, info } = await sharp(bytes).rotate().flatten({ background: '#ffffff' }).grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

function expectLike(l: Awaited<ReturnType<typeof comparePage>>, widthPt: number, heightPt: number, what: string, tone = 8): void {
  expect(Math.abs(l.widthPt - widthPt), `${what}: width ${l.widthPt} pt`).toBeLessThan(1.5);
  expect(Math.abs(l.heightPt - heightPt), `${what}: height ${l.heightPt} pt`).toBeLessThan(1.5);
  expect(l.correlation, `${what}: likeness`).toBeGreaterThan(0.85);
  expect(l.correlation - l.otherWays, `${what}: right way up`).toBeGreaterThan(0.15);
  expect(Math.abs(l.tone.output - l.tone.input), `${what}: tone ${JSON.stringify(l.tone)}`).toBeLessThan(tone);
}

describe('Pillow samples', () => {
  it('g4_orientation_1 … 8: every page upright, the size of the upright picture, still bitonal G4', async () => {
    const files = Array.from({ length: 8 }, (_, i) => `pillow/g4_orientation_${i + 1}.tif`);
    const pdf = await split('pillow-orientation', files);
    const upright = await asShown(files[0]!); // orientation 1: stored as shown
    const images = await pdfImagesList(pdf);
    expect(images.map((i) => [i.enc, i.bpc])).toEqual(Array(8).fill(['ccitt', 1]));
    for (const [i, f] of files.entries()) {
      const shown = await asShown(f);
      expect([shown.width, shown.height], `${f} as libvips shows it`).toEqual([upright.width, upright.height]);
      expectLike(await comparePage(pdf, i + 1, upright), (590 * 72) / 96, (88 * 72) / 96, f);
    }
  });

  it('hopper_orientation_2 … 8.jpg (EXIF Orientation): every page upright; turned ones keep their JPEG bytes', async () => {
    const files = ['pillow/hopper.jpg', ...Array.from({ length: 7 }, (_, i) => `pillow/hopper_orientation_${i + 2}.jpg`)];
    const pdf = await split('pillow-exif', files);
    const images = await pdfImagesList(pdf);
    expect(images.map((i) => i.enc)).toEqual(Array(8).fill('jpeg'));
    const upright = await asShown('pillow/hopper.jpg');
    for (const [i, f] of files.entries()) {
      const { density } = await sharp(await readFile(path.join(SAMPLES, f))).metadata(); // the files state 96 or 72 dpi
      const side = (128 * 72) / density!;
      expectLike(await comparePage(pdf, i + 1, upright, 96), side, side, f);
    }
    // orientation 3, 6, 8: the same JPEG bytes, the page turned
    const { stdout } = await promisify(execFile)('pdfinfo', ['-f', '1', '-l', '8', pdf]);
    expect([...stdout.matchAll(/^Page\s+(\d+) rot:\s+(\d+)/gm)].map((m) => Number(m[2]))).toEqual([0, 0, 180, 0, 0, 90, 0, 270]);
  });

  it('pil_sample_cmyk.jpg (Photoshop YCCK, inverted) keeps its JPEG bytes and looks like the RGB sample', async () => {
    const pdf = await split('pillow-cmyk', ['pillow/pil_sample_cmyk.jpg']);
    const [img] = await pdfImagesList(pdf);
    expect([img!.enc, img!.color]).toEqual(['jpeg', 'cmyk']);
    const rgb = await asShown('pillow/pil_sample_rgb.jpg');
    expectLike(await comparePage(pdf, 1, rgb), 100, 100, 'YCCK', 25);
  });

  it('the YCCK page is analysed (blank check, barcodes) with its own tone, not inverted', async () => {
    const { decodePage } = await import('../../../station/src/pipeline/stages/decode.ts');
    const { readPages } = await import('../../../station/src/pipeline/stages/read-pages.ts');
    const mean = (a: Uint8Array) => a.reduce((n, v) => n + v, 0) / a.length;
    const previews: number[] = [];
    for (const f of ['pillow/pil_sample_cmyk.jpg', 'pillow/pil_sample_rgb.jpg']) {
      for await (const raw of readPages([path.join(SAMPLES, f)])) {
        const page = await decodePage(raw, { jpegQuality: 90, lossless: false, assumedDpi: 0 });
        previews.push(mean((await page.full()).data));
      }
    }
    expect(Math.abs(previews[0]! - previews[1]!), JSON.stringify(previews)).toBeLessThan(20);
  });

  it('g4-fillorder-test.tif (G4, least significant bit first) is re-coded G4 and looks the same', async () => {
    const pdf = await split('pillow-fillorder', ['pillow/g4-fillorder-test.tif']);
    const [img] = await pdfImagesList(pdf);
    expect([img!.enc, img!.width, img!.height]).toEqual(['ccitt', 218, 84]);
    expectLike(await comparePage(pdf, 1, await asShown('pillow/g4-fillorder-test.tif'), 300), (218 * 72) / 300, (84 * 72) / 300, 'fill order');
  });
});

describe('Group 3 fax TIFFs', () => {
  it('1-D with EOLs, 2-D with fill bits, LSB-first, upside down, Compression 2: read, upright, G4 at full resolution, fax size', async () => {
    const files = ['fax/g3-1d-eol.tif', 'fax/g3-2d-fill.tif', 'fax/g3-2d-lsb-first.tif', 'fax/g3-2d-upside-down.tif', 'fax/ccitt-rle-compression2.tif'];
    const pdf = await split('fax', files);
    const images = await pdfImagesList(pdf);
    expect(images.map((i) => [i.enc, i.bpc, i.width, i.height])).toEqual(Array(5).fill(['ccitt', 1, 1728, 1100]));
    const reference = await asShown('fax/g3-1d-eol.tif');
    for (const [i, f] of files.entries()) {
      const shown = await asShown(f);
      expect(shown.data.every((v, k) => v === reference.data[k]), `${f} as libtiff shows it is the same page`).toBe(true);
      expectLike(await comparePage(pdf, i + 1, reference), (1728 * 72) / 204, (1100 * 72) / 196, f);
    }
  });
});
