/**
 * `station split` end to end on generated batches (real JPEG/PNG/TIFF/PNM files, real zxing-wasm,
 * output checked with poppler): document ids, page counts, page order, accounting, pass-through.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { blankBack, bitonal, contentPage, type BarcodeSpec, separatorPage, sparsePage, toG4Tiff, toJpeg, toPbm, toPgm, toPng, toTiff } from '../../support/make-pages.ts';
import { pdfImagesExtract, pdfImagesList, pdfinfo, readPdfMarks } from '../../support/pdf-tools.ts';
import { checkSummary, runSplit, sha256, writeInputs } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const run = promisify(execFile);
let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('split-batch-')));
afterAll(() => cleanup());

async function splitFolder(name: string, files: [string, Uint8Array][], args: string[]): Promise<{ out: string; summary: SplitSummary; inputs: string[] }> {
  const inDir = path.join(root, name, 'in');
  await mkdir(inDir, { recursive: true });
  const inputs = await writeInputs(inDir, files);
  const out = path.join(root, name, 'out');
  const res = await runSplit([inDir, '--out', out, '--json', ...args], { cwd: path.join(root, name), dataDir: path.join(root, name, 'data') });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  const summary = JSON.parse(res.stdout) as SplitSummary;
  return { out, summary, inputs };
}

const docView = (s: SplitSummary) => s.documents.map((d) => ({ id: d.id, file: d.file, pages: d.pages, sheets: d.sheets, flags: [...d.flags].sort() }));

describe('a simplex batch: four symbologies, distractors, rotated and skewed separators', () => {
  const DPI = 200;
  let out: string;
  let summary: SplitSummary;
  let inputs: string[];

  beforeAll(async () => {
    const p = {
      content: (mark: number, barcodes?: BarcodeSpec[]) => contentPage(DPI, mark, { barcodes }),
    };
    const pages: [string, Promise<Buffer>][] = [
      ['p1.jpg', p.content(1).then((c) => toJpeg(c))],
      ['p2.jpg', separatorPage(DPI, { value: '84512/27.09.2021', format: 'Code128' }).then((c) => toJpeg(c))],
      // an invoice QR code (a URL) on a content page never splits
      ['p3.jpg', p.content(2, [{ value: 'https://www.anaf.ro/verificare?factura=FAC-2021-00042&suma=1250.00', format: 'QRCode', at: { x: 0.72, y: 0.82 }, moduleMm: 0.5 }]).then((c) => toJpeg(c))],
      // nor does a Code 128 that is almost a registration number
      ['p4.jpg', p.content(3, [{ value: '84512/27.09.21', format: 'Code128', at: { x: 0.3, y: 0.84 } }]).then((c) => toJpeg(c))],
      ['p5.jpg', separatorPage(DPI, { value: '1203/28.09.2021', format: 'QRCode' }, { pageRotate: 180 }).then((c) => toJpeg(c))],
      ['p6.jpg', p.content(4).then((c) => toJpeg(c))],
      ['p7.jpg', separatorPage(DPI, { value: '77/29.09.2021', format: 'Code39' }, { pageRotate: 90 }).then((c) => toJpeg(c))],
      ['p8.jpg', p.content(5).then((c) => toJpeg(c))],
      ['p9.jpg', p.content(6).then((c) => toJpeg(c))],
      ['p10.jpg', separatorPage(DPI, { value: '5/30.09.2021', format: 'DataMatrix' }).then((c) => toJpeg(c, 85, { skewDeg: 3 }))],
      // two separators in a row; this one printed faded
      ['p11.jpg', separatorPage(DPI, { value: '6/30.09.2021', format: 'Code128', ink: 120 }).then((c) => toJpeg(c))],
      ['p12.jpg', p.content(7).then((c) => toJpeg(c))],
      // the same number again: a second document, flagged, nothing overwritten
      ['p13.jpg', separatorPage(DPI, { value: '84512/27.09.2021', format: 'QRCode' }, { pageRotate: 270 }).then((c) => toJpeg(c))],
      ['p14.jpg', p.content(8).then((c) => toJpeg(c))],
    ];
    const files = await Promise.all(pages.map(async ([n, b]) => [n, new Uint8Array(await b)] as [string, Uint8Array]));
    ({ out, summary, inputs } = await splitFolder('simplex', files, []));
  });

  it('finds every separator, whatever its symbology or orientation, and no other', () => {
    expect(summary.separators.map((s) => [s.page, s.value, s.format])).toEqual([
      ['p2.jpg', '84512/27.09.2021', 'Code128'],
      ['p5.jpg', '1203/28.09.2021', 'QRCode'],
      ['p7.jpg', '77/29.09.2021', 'Code39'],
      ['p10.jpg', '5/30.09.2021', 'DataMatrix'],
      ['p11.jpg', '6/30.09.2021', 'Code128'],
      ['p13.jpg', '84512/27.09.2021', 'QRCode'],
    ]);
  });

  it('gives each document its id, file, page and sheet count, in scan order', () => {
    expect(docView(summary)).toEqual([
      { id: '84512/27.09.2021', file: '84512_27.09.2021.pdf', pages: 2, sheets: 2, flags: ['duplicate'] },
      { id: '1203/28.09.2021', file: '1203_28.09.2021.pdf', pages: 1, sheets: 1, flags: [] },
      { id: '77/29.09.2021', file: '77_29.09.2021.pdf', pages: 2, sheets: 2, flags: [] },
      { id: '5/30.09.2021', file: null, pages: 0, sheets: 0, flags: ['empty'] },
      { id: '6/30.09.2021', file: '6_30.09.2021.pdf', pages: 1, sheets: 1, flags: [] },
      { id: '84512/27.09.2021', file: '84512_27.09.2021-2.pdf', pages: 1, sheets: 1, flags: ['duplicate'] },
    ]);
    expect(summary.documents.find((d) => d.pages === 0)?.sha256).toBeNull();
  });

  it('keeps the page before the first separator as unassigned, and accounts for every page', async () => {
    expect(summary).toMatchObject({ pagesIn: 14, separatorPages: 6, blankPages: 0, unassigned: { file: 'unassigned.pdf', pages: 1 } });
    await checkSummary(out, summary);
    expect(summary.warnings.map((w) => w.code).sort()).toEqual(['DUPLICATE_ID', 'EMPTY_DOCUMENT', 'UNASSIGNED_PAGES']);
    expect(summary.inputs).toEqual(inputs); // natural order: p10 after p9
  });

  it('puts the pages into each PDF in scan order', async () => {
    const marks: Record<string, number[]> = {};
    for (const f of [...summary.documents.flatMap((d) => (d.file ? [d.file] : [])), 'unassigned.pdf']) marks[f] = await readPdfMarks(path.join(out, f));
    expect(marks).toEqual({
      '84512_27.09.2021.pdf': [2, 3],
      '1203_28.09.2021.pdf': [4],
      '77_29.09.2021.pdf': [5, 6],
      '6_30.09.2021.pdf': [7],
      '84512_27.09.2021-2.pdf': [8],
      'unassigned.pdf': [1],
    });
    expect((await readdir(out)).sort()).toEqual([...Object.keys(marks), 'summary.json'].sort());
  });

  it('embeds each JPEG page as the same JPEG, with title and producer set', async () => {
    const file = path.join(out, '77_29.09.2021.pdf');
    const jpegs = await pdfImagesExtract(file, ['-j']);
    expect(jpegs.map((j) => sha256(j.bytes))).toEqual([sha256(await readFile(inputs[7]!)), sha256(await readFile(inputs[8]!))]);
    expect((await pdfImagesList(file)).map((r) => [r.enc, r.xppi])).toEqual([
      ['jpeg', DPI],
      ['jpeg', DPI],
    ]);
    const info = await pdfinfo(file);
    expect(info).toMatchObject({ Title: '77/29.09.2021', Pages: '2' });
    expect(info.Producer).toMatch(/Scan Station/);
    expect(info.CreationDate).toBeTruthy();
    expect((await pdfinfo(path.join(out, 'unassigned.pdf'))).Title).not.toBe('');
  });
});

describe('a duplex batch: blank backs with dust and bleed-through, a sparse page, a separator fed face down', () => {
  const DPI = 200;
  let out: string;
  let summary: SplitSummary;

  beforeAll(async () => {
    const specks = (seed: number, bleedThrough = false) => blankBack(DPI, { seed, specks: 10, bleedThrough });
    const sides: [string, Promise<Buffer>][] = [
      ['p1.jpg', separatorPage(DPI, { value: '100/01.10.2021', format: 'Code128' }).then((c) => toJpeg(c))],
      ['p2.jpg', toJpeg(specks(1))],
      ['p3.jpg', contentPage(DPI, 1).then((c) => toJpeg(c))],
      ['p4.jpg', toJpeg(specks(2, true))],
      ['p5.jpg', contentPage(DPI, 2).then((c) => toJpeg(c))],
      ['p6.jpg', contentPage(DPI, 3).then((c) => toJpeg(c))],
      ['p7.jpg', toJpeg(sparsePage(DPI))],
      ['p8.jpg', toJpeg(specks(3, true))],
      // a separator sheet fed the other way round: blank front, barcode on the back, upside down
      ['p9.jpg', toJpeg(specks(4))],
      ['p10.jpg', separatorPage(DPI, { value: '101/01.10.2021', format: 'QRCode' }, { pageRotate: 180 }).then((c) => toJpeg(c))],
      ['p11.jpg', contentPage(DPI, 4).then((c) => toJpeg(c))],
      ['p12.jpg', toJpeg(specks(5, true))],
    ];
    const files = await Promise.all(sides.map(async ([n, b]) => [n, new Uint8Array(await b)] as [string, Uint8Array]));
    ({ out, summary } = await splitFolder('duplex', files, ['--duplex']));
  });

  it('removes separator sheets (both sides) and blank backs, keeps the sparse page', () => {
    expect(summary).toMatchObject({ pagesIn: 12, separatorPages: 4, blankPages: 3, unassigned: null });
    expect(docView(summary)).toEqual([
      { id: '100/01.10.2021', file: '100_01.10.2021.pdf', pages: 4, sheets: 3, flags: [] },
      { id: '101/01.10.2021', file: '101_01.10.2021.pdf', pages: 1, sheets: 1, flags: [] },
    ]);
    expect(summary.options).toMatchObject({ duplex: true, removeBlank: true });
  });

  it('lists every removed blank with its page and document', () => {
    expect(summary.removedBlanks.map((b) => [b.page, b.document])).toEqual([
      ['p4.jpg', '100/01.10.2021'],
      ['p8.jpg', '100/01.10.2021'],
      ['p12.jpg', '101/01.10.2021'],
    ]);
    for (const b of summary.removedBlanks) expect(b.inkRatio).toBeLessThan(0.0004);
  });

  it('keeps page order (the sparse page carries no mark: 0)', async () => {
    expect(await readPdfMarks(path.join(out, '100_01.10.2021.pdf'))).toEqual([1, 2, 3, 0]);
    expect(await readPdfMarks(path.join(out, '101_01.10.2021.pdf'))).toEqual([4]);
    await checkSummary(out, summary);
  });
});

describe('mixed input formats', () => {
  const DPI = 150;
  let out: string;
  let summary: SplitSummary;

  beforeAll(async () => {
    const work = path.join(root, 'formats-src');
    await mkdir(work, { recursive: true });
    // a two-page LZW TIFF made by libtiff's own tiffcp
    const [t5, t6] = [path.join(work, 'a.tif'), path.join(work, 'b.tif')];
    await writeInputs(work, [
      ['a.tif', new Uint8Array(await toTiff(await contentPage(DPI, 5)))],
      ['b.tif', new Uint8Array(await toTiff(await contentPage(DPI, 6)))],
    ]);
    const multi = path.join(work, 'multi.tif');
    await run('tiffcp', ['-c', 'lzw', t5, t6, multi]);
    const files: [string, Uint8Array][] = [
      ['p1.png', new Uint8Array(await toPng(await separatorPage(DPI, { value: '300/02.10.2021', format: 'QRCode' })))],
      ['p2.jpg', new Uint8Array(await toJpeg(await contentPage(DPI, 1)))],
      ['p3.png', new Uint8Array(await toPng(bitonal(await contentPage(DPI, 2))))],
      ['p4.tif', new Uint8Array(await toG4Tiff(await contentPage(DPI, 3)))],
      ['p5.pgm', new Uint8Array(toPgm(await contentPage(DPI, 4)))],
      ['p6.tif', new Uint8Array(await readFile(multi))],
      ['p7.pbm', new Uint8Array(toPbm(bitonal(await contentPage(DPI, 7))))],
      ['p8.pbm', new Uint8Array(toPbm(bitonal(await separatorPage(DPI, { value: '301/02.10.2021', format: 'DataMatrix' }))))],
      ['p9.tif', new Uint8Array(await toG4Tiff(await contentPage(DPI, 8)))],
    ];
    ({ out, summary } = await splitFolder('formats', files, []));
  });

  it('reads every format in order, multi-page TIFF pages included', async () => {
    expect(summary).toMatchObject({ pagesIn: 10, separatorPages: 2, unassigned: null });
    expect(docView(summary)).toEqual([
      { id: '300/02.10.2021', file: '300_02.10.2021.pdf', pages: 7, sheets: 7, flags: [] },
      { id: '301/02.10.2021', file: '301_02.10.2021.pdf', pages: 1, sheets: 1, flags: [] },
    ]);
    expect(await readPdfMarks(path.join(out, '300_02.10.2021.pdf'))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(await readPdfMarks(path.join(out, '301_02.10.2021.pdf'))).toEqual([8]);
    await checkSummary(out, summary);
  });

  it('stores JPEG as JPEG and bitonal pages as CCITT G4, never re-encoding a JPEG', async () => {
    const list = await pdfImagesList(path.join(out, '300_02.10.2021.pdf'));
    expect(list.map((r) => [r.enc, r.bpc])).toEqual([
      ['jpeg', 8], // JPEG passed through
      ['ccitt', 1], // bitonal PNG → G4
      ['ccitt', 1], // G4 TIFF passed through
      ['jpeg', 8], // gray PGM → JPEG
      ['jpeg', 8], // LZW TIFF pages → JPEG
      ['jpeg', 8],
      ['ccitt', 1], // PBM → G4
    ]);
    expect(list.map((r) => r.xppi)).toEqual([DPI, DPI, DPI, expect.any(Number), DPI, DPI, expect.any(Number)]);
    const [jpeg] = await pdfImagesExtract(path.join(out, '300_02.10.2021.pdf'), ['-j', '-f', '1', '-l', '1']);
    expect(sha256(jpeg!.bytes)).toBe(sha256(await readFile(path.join(root, 'formats', 'in', 'p2.jpg'))));
  });

  it('renders bitonal pages black on white (CCITT polarity)', async () => {
    const dir = path.join(root, 'formats-render');
    await mkdir(dir);
    await run('pdftoppm', ['-r', '30', '-gray', '-png', path.join(out, '300_02.10.2021.pdf'), path.join(dir, 'page')]);
    const sharp = (await import('sharp')).default;
    for (const name of (await readdir(dir)).sort()) {
      const { data } = await sharp(path.join(dir, name)).grayscale().raw().toBuffer({ resolveWithObject: true });
      const mean = data.reduce((a, v) => a + v, 0) / data.length;
      expect(mean, name).toBeGreaterThan(180); // a negative page would be mostly black
    }
  });
});
