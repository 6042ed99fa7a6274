import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeG4 } from '../../../station/src/imaging/ccitt-g4-encode.ts';
import { PdfImageWriter, pdfDate, pdfTextString } from '../../../station/src/pdf/pdf-image-writer.ts';
import type { EmbedImage } from '../../../station/src/pipeline/page-types.ts';
import { GrayCanvas, contentPage, drawMark, readMark, toJpeg } from '../../support/make-pages.ts';
import { pdfImagesExtract, pdfImagesList, pdfinfo, readPdfMarks } from '../../support/pdf-tools.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const run = promisify(execFile);
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTempDir('pdfw-')));
afterAll(() => cleanup());

const when = new Date(Date.UTC(2021, 8, 27, 10, 30, 5));
const info = (title: string) => ({ title, producer: 'Scan Station test', creationDate: when });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function writePdf(name: string, pages: { img: EmbedImage; dpi: number }[], title = name) {
  const file = path.join(dir, name);
  const w = await PdfImageWriter.create(file);
  for (const p of pages) await w.addPage(p.img, p.dpi, p.dpi);
  expect(w.pageCount).toBe(pages.length);
  const res = await w.finish(info(title));
  return { file, res };
}

/** A bitonal page: packed 1 = black, with a mark and a frame. */
function bitonal(width: number, height: number, mark: number) {
  const c = new GrayCanvas(width, height, 100, 255);
  drawMark(c, mark);
  c.rect(20, 200, width - 40, 3, 0).rect(20, 200, 3, 400, 0);
  const rowBytes = Math.ceil(width / 8);
  const packed = new Uint8Array(rowBytes * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (c.data[y * width + x]! < 128) packed[y * rowBytes + (x >> 3)]! |= 0x80 >> (x & 7);
  return { packed, gray: c.data };
}

describe('PdfImageWriter', () => {
  it('embeds a JPEG page as the very same JPEG bytes (gray and colour)', async () => {
    const grayJpeg = await toJpeg(await contentPage(100, 0x5a), 80);
    const rgbJpeg = await sharp({ create: { width: 300, height: 200, channels: 3, background: { r: 200, g: 30, b: 60 } } }).jpeg().toBuffer();
    const { file, res } = await writePdf('jpeg.pdf', [
      { img: { filter: 'DCTDecode', data: grayJpeg, width: 827, height: 1169, components: 1 }, dpi: 100 },
      { img: { filter: 'DCTDecode', data: rgbJpeg, width: 300, height: 200, components: 3 }, dpi: 150 },
    ]);
    const list = await pdfImagesList(file);
    expect(list.map((r) => [r.page, r.enc, r.color, r.width, r.height, r.xppi])).toEqual([
      [1, 'jpeg', 'gray', 827, 1169, 100],
      [2, 'jpeg', 'rgb', 300, 200, 150],
    ]);
    const extracted = await pdfImagesExtract(file, ['-j']);
    expect(extracted.map((e) => path.extname(e.name))).toEqual(['.jpg', '.jpg']);
    expect(sha(extracted[0]!.bytes)).toBe(sha(grayJpeg));
    expect(sha(extracted[1]!.bytes)).toBe(sha(rgbJpeg));
    expect(await readPdfMarks(file).then((m) => m[0])).toBe(0x5a);
    expect(res.pages).toBe(2);
  });

  it('stores a bitonal page as CCITT G4 that decodes (and renders) to the same pixels', async () => {
    const width = 827;
    const height = 1169;
    const { packed, gray } = bitonal(width, height, 0xa5);
    const g4 = encodeG4(packed, width, height);
    // encodeG4 takes 1 = black and codes black runs as black: ordinary fax polarity, PDF /BlackIs1 false
    const { file, res } = await writePdf('g4.pdf', [{ img: { filter: 'CCITTFaxDecode', data: g4, width, height, k: -1, blackIs1: false }, dpi: 100 }]);
    const [row] = await pdfImagesList(file);
    expect(row).toMatchObject({ enc: 'ccitt', bpc: 1, width, height, color: 'gray' });
    // compact: a G4 page of simple content is a small fraction of the raw bitmap
    expect(res.bytes).toBeLessThan(packed.length / 10);
    const [png] = await pdfImagesExtract(file, ['-png']);
    const { data, info: meta } = await sharp(png!.bytes).grayscale().raw().toBuffer({ resolveWithObject: true });
    expect([meta.width, meta.height]).toEqual([width, height]);
    let diff = 0;
    for (let i = 0; i < gray.length; i++) if ((gray[i]! < 128) !== (data[i]! < 128)) diff++;
    expect(diff).toBe(0);
    expect(readMark({ data: new Uint8Array(data), width, height })).toBe(0xa5);
    // what a reader sees: render the page and read the mark (a polarity error gives a negative)
    const rendered = path.join(dir, 'g4-render');
    await run('pdftoppm', ['-r', '100', '-gray', '-singlefile', '-png', file, rendered]);
    const r = await sharp(`${rendered}.png`).grayscale().raw().toBuffer({ resolveWithObject: true });
    expect(readMark({ data: new Uint8Array(r.data), width: r.info.width, height: r.info.height })).toBe(0xa5);
    expect(r.data.filter((v) => v < 128).length / r.data.length).toBeLessThan(0.05);
  });

  it('BlackIs1 true inverts the meaning of the bits (as CCITT data from a BlackIsZero TIFF)', async () => {
    const { packed } = bitonal(400, 500, 0xff);
    const g4 = encodeG4(packed, 400, 500);
    const { file } = await writePdf('g4-inv.pdf', [{ img: { filter: 'CCITTFaxDecode', data: g4, width: 400, height: 500, k: -1, blackIs1: true }, dpi: 100 }]);
    const [png] = await pdfImagesExtract(file, ['-png']);
    const { data } = await sharp(png!.bytes).grayscale().raw().toBuffer({ resolveWithObject: true });
    expect(readMark({ data: new Uint8Array(data), width: 400, height: 500 })).toBe(0x00); // the mark squares come out white
  });

  it('stores Flate pages (8-bit gray, RGB and 1-bit) losslessly', async () => {
    const c = await contentPage(50, 0x3c);
    const rgb = new Uint8Array(6 * 4 * 3).map((_, i) => (i * 37) % 256);
    const { packed, gray } = bitonal(300, 400, 0x81);
    const { file } = await writePdf('flate.pdf', [
      { img: { filter: 'FlateDecode', data: deflateSync(c.data), width: c.width, height: c.height, components: 1, bitsPerComponent: 8 }, dpi: 50 },
      { img: { filter: 'FlateDecode', data: deflateSync(rgb), width: 6, height: 4, components: 3, bitsPerComponent: 8 }, dpi: 72 },
      { img: { filter: 'FlateDecode', data: deflateSync(packed.map((b) => ~b & 0xff)), width: 300, height: 400, components: 1, bitsPerComponent: 1 }, dpi: 100 },
    ]);
    expect((await pdfImagesList(file)).map((r) => [r.enc, r.color, r.bpc])).toEqual([
      ['image', 'gray', 8],
      ['image', 'rgb', 8],
      ['image', 'gray', 1],
    ]);
    const pngs = await pdfImagesExtract(file, ['-png']);
    const page1 = await sharp(pngs[0]!.bytes).grayscale().raw().toBuffer();
    expect(Buffer.compare(page1, Buffer.from(c.data))).toBe(0);
    const page2 = await sharp(pngs[1]!.bytes).raw().toBuffer();
    expect(Buffer.compare(page2, Buffer.from(rgb))).toBe(0);
    const { data } = await sharp(pngs[2]!.bytes).grayscale().raw().toBuffer({ resolveWithObject: true });
    let diff = 0;
    for (let i = 0; i < gray.length; i++) if ((gray[i]! < 128) !== (data[i]! < 128)) diff++;
    expect(diff).toBe(0);
  });

  it('writes title, producer, dates and page sizes that poppler and pdf-lib read back without complaint', async () => {
    const jpeg = await toJpeg(new GrayCanvas(1654, 2339, 200));
    const title = '84512/27.09.2021 — Școală (ț) \\ 😀';
    const { file } = await writePdf('meta.pdf', [{ img: { filter: 'DCTDecode', data: jpeg, width: 1654, height: 2339, components: 1 }, dpi: 200 }], title);
    const { stderr } = await run('pdfinfo', ['-enc', 'UTF-8', file]);
    expect(stderr).toBe(''); // a broken xref or offset makes poppler complain here
    const i = await pdfinfo(file);
    expect(i.Title).toBe(title);
    expect(i.Producer).toBe('Scan Station test');
    expect(i.Pages).toBe('1');
    expect(i['Page size']).toMatch(/^595\.44 x 842\.04 pts/);
    expect(i.CreationDate).toMatch(/2021/);
    const doc = await PDFDocument.load(await readFile(file), { updateMetadata: false, throwOnInvalidObject: true });
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe(title);
    expect(doc.getProducer()).toBe('Scan Station test');
    expect(doc.getCreationDate()?.getTime()).toBe(when.getTime());
  });

  it('returns the SHA-256 and size of exactly the bytes on disk', async () => {
    const jpeg = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#123456' } }).jpeg().toBuffer();
    const pages = Array.from({ length: 5 }, () => ({ img: { filter: 'DCTDecode' as const, data: jpeg, width: 64, height: 64, components: 3 as const }, dpi: 96 }));
    const { file, res } = await writePdf('hash.pdf', pages);
    const bytes = await readFile(file);
    expect(res.sha256).toBe(sha(bytes));
    expect(res.bytes).toBe(bytes.length);
    expect(res.pages).toBe(5);
    expect((await pdfinfo(file)).Pages).toBe('5');
  });

  it('keeps pages in the order they were added', async () => {
    const pages = [];
    for (const mark of [9, 3, 200, 1, 77]) {
      const c = new GrayCanvas(200, 280, 30, 255);
      drawMark(c, mark);
      pages.push({ img: { filter: 'DCTDecode' as const, data: await toJpeg(c), width: 200, height: 280, components: 1 as const }, dpi: 30 });
    }
    const { file } = await writePdf('order.pdf', pages);
    expect(await readPdfMarks(file)).toEqual([9, 3, 200, 1, 77]);
  });

  it('never overwrites an existing file, and refuses pages after finish', async () => {
    const file = path.join(dir, 'exists.pdf');
    await writeFile(file, 'precious');
    await expect(PdfImageWriter.create(file)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(await readFile(file, 'utf8')).toBe('precious');
    const w = await PdfImageWriter.create(path.join(dir, 'closed.pdf'));
    await w.finish(info('x'));
    await expect(w.addPage({ filter: 'DCTDecode', data: new Uint8Array(3), width: 1, height: 1, components: 1 }, 72, 72)).rejects.toThrow();
  });

  it('abort closes the file without a trailer (the caller removes it)', async () => {
    const file = path.join(dir, 'aborted.pdf');
    const w = await PdfImageWriter.create(file);
    await w.addPage({ filter: 'DCTDecode', data: await toJpeg(new GrayCanvas(8, 8, 72, 0)), width: 8, height: 8, components: 1 }, 72, 72);
    await w.abort();
    await w.abort(); // twice is harmless
    expect((await readFile(file, 'latin1')).includes('%%EOF')).toBe(false);
    expect((await stat(file)).size).toBeGreaterThan(0);
  });
});

describe('PDF strings and dates', () => {
  it('text strings are UTF-16BE hex with a BOM', () => {
    expect(pdfTextString('Aș')).toBe('<FEFF00410219>');
    expect(pdfTextString(')\\(')).toBe('<FEFF0029005C0028>');
    expect(pdfTextString('😀')).toBe('<FEFFD83DDE00>');
  });
  it('dates are UTC', () => {
    expect(pdfDate(when)).toBe('D:20210927103005Z');
  });
});
