import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readdir, readFile, readlink, stat, writeFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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

/** Every in-use xref entry points at its object's header, and startxref at the table: what a strict reader relies on. */
function checkXref(bytes: Buffer): number {
  const text = bytes.toString('latin1');
  expect(text.endsWith('%%EOF\n')).toBe(true);
  const at = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(text)?.[1]);
  expect(text.startsWith('xref\n', at)).toBe(true);
  const [, first, count] = /^xref\n(\d+) (\d+)\n/.exec(text.slice(at))!.map(Number);
  expect(first).toBe(0);
  const rows = text.slice(at).split('\n').slice(2, 2 + count!);
  for (let num = 1; num < count!; num++) {
    const [offset, , kind] = rows[num]!.trim().split(' ');
    if (kind !== 'n') continue;
    expect(text.slice(Number(offset), Number(offset) + 20).startsWith(`${num} 0 obj\n`), `object ${num} at ${offset}`).toBe(true);
  }
  return count!;
}

/** File descriptors of this process open on `file` (removed or not). */
async function openFdsTo(file: string): Promise<number> {
  let n = 0;
  for (const fd of await readdir('/proc/self/fd')) {
    const target = await readlink(`/proc/self/fd/${fd}`).catch(() => '');
    if (target === file || target === `${file} (deleted)`) n++;
  }
  return n;
}

describe('a write that fails (full disk) leaves the writer as it was', () => {
  let proto: FileHandle;
  let original: FileHandle['writev'];
  /** The next writev puts the first `landed` bytes on disk, then fails with ENOSPC. */
  let failNext: { landed: number } | null = null;
  let writevCalls = 0;
  beforeAll(async () => {
    const fh = await open(path.join(dir, '.probe'), 'w');
    proto = Object.getPrototypeOf(fh) as FileHandle;
    await fh.close();
    original = proto.writev;
    vi.spyOn(proto, 'writev').mockImplementation(async function (this: FileHandle, bufs: readonly NodeJS.ArrayBufferView[], position?: number) {
      writevCalls++;
      const plan = failNext;
      if (!plan) return original.call(this, bufs, position);
      failNext = null;
      const all = Buffer.concat(bufs.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
      if (plan.landed > 0) await original.call(this, [all.subarray(0, plan.landed)], position);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });
    } as FileHandle['writev']);
  });
  afterEach(() => {
    failNext = null;
  });
  afterAll(() => vi.restoreAllMocks());

  const page = async (mark: number): Promise<EmbedImage> => {
    const c = new GrayCanvas(200, 280, 30, 255);
    drawMark(c, mark);
    return { filter: 'DCTDecode', data: await toJpeg(c), width: 200, height: 280, components: 1 };
  };

  it('a page whose write failed half-way, tried again, and the next pages make a whole PDF', async () => {
    const file = path.join(dir, 'retried.pdf');
    const w = await PdfImageWriter.create(file);
    await w.addPage(await page(11), 30, 30);
    const second = await page(22);
    failNext = { landed: 700 };
    await expect(w.addPage(second, 30, 30)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(w.pageCount).toBe(1);
    await w.addPage(second, 30, 30); // the disk has room again
    await w.addPage(await page(33), 30, 30);
    const res = await w.finish(info('retried'));
    const bytes = await readFile(file);
    expect(checkXref(bytes)).toBe(4 + 3 * 3); // no object number left over from the failed try
    expect(res).toEqual({ sha256: sha(bytes), bytes: bytes.length, pages: 3 });
    expect(await readPdfMarks(file)).toEqual([11, 22, 33]);
  });

  it('a page that failed and is not tried again is simply not in the PDF', async () => {
    const file = path.join(dir, 'skipped.pdf');
    const w = await PdfImageWriter.create(file);
    const shared = await page(5);
    failNext = { landed: 0 };
    await expect(w.addPage(shared, 30, 30)).rejects.toMatchObject({ code: 'ENOSPC' });
    // the same bytes again: not «already written» (they never were)
    await w.addPage(shared, 30, 30);
    await w.addPage(await page(6), 30, 30);
    const res = await w.finish(info('skipped'));
    const bytes = await readFile(file);
    checkXref(bytes);
    expect(res.sha256).toBe(sha(bytes));
    expect((await pdfImagesList(file)).length).toBe(2);
    expect(await readPdfMarks(file)).toEqual([5, 6]);
  });

  it('a trailer that could not be written: finish again writes a whole PDF, or abort closes it', async () => {
    const file = path.join(dir, 'trailer.pdf');
    const w = await PdfImageWriter.create(file);
    await w.addPage(await page(7), 30, 30);
    failNext = { landed: 40 };
    await expect(w.finish(info('trailer'))).rejects.toMatchObject({ code: 'ENOSPC' });
    const res = await w.finish(info('trailer'));
    const bytes = await readFile(file);
    checkXref(bytes);
    expect(res).toEqual({ sha256: sha(bytes), bytes: bytes.length, pages: 1 });
    expect((await pdfinfo(file)).Title).toBe('trailer');

    const w2 = await PdfImageWriter.create(path.join(dir, 'trailer-aborted.pdf'));
    failNext = { landed: 0 };
    await expect(w2.finish(info('x'))).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(await openFdsTo(w2.path)).toBe(1);
    await w2.abort();
    expect(await openFdsTo(w2.path)).toBe(0);
  });

  it('create: a header that cannot be written closes the file it opened and removes it', async () => {
    const file = path.join(dir, 'no-header.pdf');
    failNext = { landed: 5 };
    const calls = writevCalls;
    await expect(PdfImageWriter.create(file)).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(writevCalls).toBe(calls + 1);
    expect(await openFdsTo(file)).toBe(0);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    // the name is free again for the next try
    const w = await PdfImageWriter.create(file);
    await w.addPage(await page(9), 30, 30);
    await w.finish(info('again'));
    checkXref(await readFile(file));
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
