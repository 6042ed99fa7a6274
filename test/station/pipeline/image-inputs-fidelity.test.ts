/**
 * Every page as it was scanned: image files whose pixels are stored turned, mirrored, fax-coded or
 * in the wrong colour model go through `station split`, and each output page is rendered by poppler
 * and compared with the upright input page as a person would (size in points, orientation, tone,
 * likeness), plus how it was stored (pdfimages).
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { bitonal, contentPage, separatorPage, type GrayCanvas } from '../../support/make-pages.ts';
import { comparePage, type Gray } from '../../support/page-likeness.ts';
import { pdfImagesList } from '../../support/pdf-tools.ts';
import { runSplit } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const run = promisify(execFile);
let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('fidelity-')));
afterAll(() => cleanup());

const DPI = 100;

async function split(name: string, files: [string, Uint8Array][], args: string[] = []): Promise<{ pdf: string; summary: SplitSummary }> {
  const inDir = path.join(root, name, 'in');
  await mkdir(inDir, { recursive: true });
  for (const [file, bytes] of files) await writeFile(path.join(inDir, file), bytes);
  const out = path.join(root, name, 'out');
  const res = await runSplit([inDir, '--out', out, '--json', ...args], { cwd: path.join(root, name), dataDir: path.join(root, name, 'data') });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  const summary = JSON.parse(res.stdout) as SplitSummary;
  return { pdf: path.join(out, summary.unassigned!.file!), summary };
}

/** The stored image for Orientation `o`: the upright page moved so that a viewer applying `o` shows it upright (sharp, one step per pass). */
async function storedFor(c: Gray, o: number): Promise<Sharp> {
  const raw = () => sharp(c.data, { raw: { width: c.width, height: c.height, channels: 1 } });
  const pass = async (s: Sharp) => sharp(await s.png().toBuffer());
  switch (o) {
    case 2: return raw().flop();
    case 3: return raw().rotate(180);
    case 4: return raw().flip();
    case 5: return (await pass(raw().rotate(90))).flop(); // transpose
    case 6: return raw().rotate(270);
    case 7: return (await pass(raw().rotate(90))).flip(); // transverse
    case 8: return raw().rotate(90);
    default: return raw();
  }
}

async function tiffWithOrientation(c: GrayCanvas, o: number, kind: 'g4' | 'lzw', file: string): Promise<Uint8Array> {
  const img = (await storedFor(c, o)).toColourspace('b-w').withDensity(c.dpi);
  await (kind === 'g4' ? img.tiff({ compression: 'ccittfax4', bitdepth: 1 }) : img.tiff({ compression: 'lzw' })).toFile(file);
  await run('tiffset', ['-s', '274', String(o), file]);
  return readFile(file);
}

const pt = (px: number) => (px * 72) / DPI;

function expectLike(l: Awaited<ReturnType<typeof comparePage>>, input: Gray, what: string): void {
  expect(l.widthPt, `${what}: width`).toBeCloseTo(pt(input.width), 0);
  expect(l.heightPt, `${what}: height`).toBeCloseTo(pt(input.height), 0);
  expect(l.correlation, `${what}: likeness`).toBeGreaterThan(0.85);
  expect(l.correlation - l.otherWays, `${what}: right way up`).toBeGreaterThan(0.2);
  expect(Math.abs(l.tone.output - l.tone.input), `${what}: tone`).toBeLessThan(8);
}

describe('TIFF Orientation: every value, bitonal G4 and gray LZW', () => {
  it('each of the 8 orientations comes out upright at the right size; G4 stays G4 at full resolution', async () => {
    const page = bitonal(await contentPage(DPI, 3));
    const files: [string, Uint8Array][] = [];
    for (let o = 1; o <= 8; o++) files.push([`p${o}-g4.tif`, await tiffWithOrientation(page, o, 'g4', path.join(root, `o${o}.tif`))]);
    // libvips' own reading of the tag agrees with how the files were made
    const auto = await sharp(files[5]![1]).rotate().grayscale().raw().toBuffer({ resolveWithObject: true });
    expect([auto.info.width, auto.info.height]).toEqual([page.width, page.height]);

    const { pdf, summary } = await split('orient-g4', files);
    expect(summary.unassigned!.pages).toBe(8);
    const images = await pdfImagesList(pdf);
    expect(images.map((i) => i.enc)).toEqual(Array(8).fill('ccitt'));
    expect(images.every((i) => i.bpc === 1 && Math.max(i.width, i.height) === page.height)).toBe(true);
    for (let o = 1; o <= 8; o++) expectLike(await comparePage(pdf, o, page), page, `orientation ${o}`);
  });

  it('gray LZW pages turned 90° or mirrored come out upright', async () => {
    const page = await contentPage(DPI, 5);
    const files: [string, Uint8Array][] = [];
    for (const o of [3, 5, 6, 8]) files.push([`p${o}-gray.tif`, await tiffWithOrientation(page, o, 'lzw', path.join(root, `l${o}.tif`))]);
    const { pdf } = await split('orient-lzw', files);
    for (const [i, o] of [3, 5, 6, 8].entries()) expectLike(await comparePage(pdf, i + 1, page), page, `orientation ${o}`);
  });
});

describe('TIFF Orientation in barcode reading', () => {
  it('separators stored turned or mirrored (a mirrored Data Matrix cannot be read as it is stored) split the batch', async () => {
    const files: [string, Uint8Array][] = [];
    const specs = [
      { o: 6, value: '101/27.09.2021', format: 'Code128' },
      { o: 5, value: '102/27.09.2021', format: 'DataMatrix' },
      { o: 2, value: '103/27.09.2021', format: 'QRCode' },
      { o: 7, value: '104/27.09.2021', format: 'DataMatrix' },
    ] as const;
    for (const [i, sp] of specs.entries()) {
      const sep = bitonal(await separatorPage(150, { value: sp.value, format: sp.format }));
      files.push([`p${i * 2 + 1}.tif`, await tiffWithOrientation(sep, sp.o, 'g4', path.join(root, `sep${i}.tif`))]);
      files.push([`p${i * 2 + 2}.tif`, await tiffWithOrientation(bitonal(await contentPage(150, 20 + i)), sp.o, 'g4', path.join(root, `cnt${i}.tif`))]);
    }
    const inDir = path.join(root, 'sep-orient', 'in');
    await mkdir(inDir, { recursive: true });
    for (const [file, bytes] of files) await writeFile(path.join(inDir, file), bytes);
    const res = await runSplit([inDir, '--out', path.join(root, 'sep-orient', 'out'), '--json'], { cwd: path.join(root, 'sep-orient'), dataDir: path.join(root, 'sep-orient', 'data') });
    expect(res.code, res.stderr).toBe(0);
    const summary = JSON.parse(res.stdout) as SplitSummary;
    expect(summary.documents.map((d) => [d.id, d.pages])).toEqual(specs.map((sp) => [sp.value, 1]));
  });
});

describe('CCITT Group 3 TIFFs (fax)', () => {
  it('1-D, 2-D, with fill bits, LSB-first and turned are read and stored as G4 at full resolution', async () => {
    const page = bitonal(await contentPage(DPI, 7));
    const g4 = path.join(root, 'fax-src.tif');
    await tiffWithOrientation(page, 1, 'g4', g4);
    const files: [string, Uint8Array][] = [];
    for (const [i, codec] of ['g3:1d', 'g3:2d', 'g3:1d:fill', 'g3:2d:fill'].entries()) {
      const out = path.join(root, `fax-${i}.tif`);
      await run('tiffcp', ['-c', codec, '-f', i % 2 ? 'lsb2msb' : 'msb2lsb', '-r', '64', g4, out]);
      files.push([`p${i + 1}.tif`, await readFile(out)]);
    }
    const turned = path.join(root, 'fax-turned.tif');
    await tiffWithOrientation(page, 8, 'g4', path.join(root, 'fax-src8.tif'));
    await run('tiffcp', ['-c', 'g3:2d', path.join(root, 'fax-src8.tif'), turned]);
    files.push(['p5.tif', await readFile(turned)]);

    const { pdf } = await split('fax-g3', files);
    const images = await pdfImagesList(pdf);
    expect(images.map((i) => [i.enc, i.bpc])).toEqual(Array(5).fill(['ccitt', 1]));
    for (let p = 1; p <= 5; p++) expectLike(await comparePage(pdf, p, page), page, `fax page ${p}`);
  });
});

describe('CMYK JPEG from Adobe software (APP14, inverted samples)', () => {
  it('is kept as the same JPEG bytes and shows with the tone of the page, not almost black', async () => {
    const page = await contentPage(DPI, 9);
    const gray = await sharp(page.data, { raw: { width: page.width, height: page.height, channels: 1 } }).png().toBuffer();
    const cmyk = await sharp(gray).toColourspace('cmyk').withDensity(DPI).jpeg({ quality: 92 }).toBuffer();
    expect(cmyk.subarray(0, 64).includes(Buffer.from('Adobe'))).toBe(true);
    const { pdf } = await split('cmyk', [['p1.jpg', cmyk]]);
    const [img] = await pdfImagesList(pdf);
    expect([img!.enc, img!.color, img!.comp]).toEqual(['jpeg', 'cmyk', 4]);
    const l = await comparePage(pdf, 1, page);
    expect(l.correlation).toBeGreaterThan(0.85);
    expect(Math.abs(l.tone.output - l.tone.input)).toBeLessThan(20);
  });
});

describe('black-and-white and gray pages stored in colour files', () => {
  async function rgbPng(c: GrayCanvas): Promise<Buffer> {
    const rgb = Buffer.alloc(c.width * c.height * 3);
    for (let i = 0; i < c.data.length; i++) rgb.fill(c.data[i]!, i * 3, i * 3 + 3);
    return sharp(rgb, { raw: { width: c.width, height: c.height, channels: 3 } }).withDensity(c.dpi).png({ compressionLevel: 1 }).toBuffer();
  }

  for (const lossless of [false, true]) {
    it(`a bitonal page as RGB PNG becomes G4, a gray page as RGB PNG becomes one-component${lossless ? ' (lossless)' : ''}`, async () => {
      const bw = bitonal(await contentPage(DPI, 11));
      const gray = await contentPage(DPI, 12);
      const colour = await contentPage(DPI, 13);
      const tinted = Buffer.from(await rgbPng(colour));
      const { data: cpx, info } = await sharp(tinted).raw().toBuffer({ resolveWithObject: true });
      for (let i = 0; i < cpx.length; i += 3) cpx[i + 2] = Math.max(0, cpx[i + 2]! - 60); // yellowish paper: real colour
      const yellow = await sharp(cpx, { raw: { width: info.width, height: info.height, channels: 3 } }).withDensity(DPI).png().toBuffer();
      const bwGrayPng = await sharp(bw.data, { raw: { width: bw.width, height: bw.height, channels: 1 } }).toColourspace('b-w').withDensity(DPI).png().toBuffer();
      const dir = path.join(root, `cfg-${lossless}`);
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, 'station.config.json'), JSON.stringify({ lossless }));
      const { pdf } = await split(`colour-files-${lossless}`, [['p1.png', await rgbPng(bw)], ['p2.png', bwGrayPng], ['p3.png', await rgbPng(gray)], ['p4.png', yellow]], ['--config', path.join(dir, 'station.config.json')]);
      const images = await pdfImagesList(pdf);
      const flate = lossless ? 'image' : 'jpeg';
      expect(images.map((i) => [i.enc, i.comp, i.bpc])).toEqual([['ccitt', 1, 1], ['ccitt', 1, 1], [flate, 1, 8], [flate, 3, 8]]);
      expect(images.slice(0, 2).every((i) => i.width === bw.width && i.height === bw.height)).toBe(true);
      expectLike(await comparePage(pdf, 1, bw), bw, 'bitonal RGB');
      expectLike(await comparePage(pdf, 2, bw), bw, 'bitonal gray');
      expectLike(await comparePage(pdf, 3, gray), gray, 'gray RGB');
    });
  }
});
