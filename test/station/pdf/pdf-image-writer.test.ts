import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { open, readdir, readFile, readlink, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { deflateSync } from 'node:zlib';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { encodeG4 } from '../../../station/src/imaging/ccitt-g4-encode.ts';
import { PdfImageWriter, pdfDate, pdfTextString, type PdfFile } from '../../../station/src/pdf/pdf-image-writer.ts';
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
    await expect(PdfImageWriter.create(file)).rejects.toMatchObject({ code: 'OUTPUT_FAILED', details: { errno: 'EEXIST' } });
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

/**
 * A file as the kernel treats it on a failing disk: `failWrite` makes the next writev land its first
 * `landed` bytes, then fail; `failSync` makes the next fsync fail and, as Linux does (fsyncgate), drop
 * the dirty pages written since the last good sync and forget the error, so a second fsync succeeds;
 * `failClose` makes close fail (NFS reports a write it could not complete there).
 */
class FailingDisk {
  failWrite: { landed: number; code: string } | null = null;
  failSync: { code: string } | null = null;
  failClose: { code: string } | null = null;
  writes = 0;
  syncs = 0;
  closes = 0;
  /** Byte ranges written since the last good fsync. */
  private dirty: [number, number][] = [];

  readonly create = async (file: string): Promise<PdfFile> => {
    const fh = await open(file, 'wx');
    const fail = (code: string, syscall: string) => Object.assign(new Error(`${code}: simulated, ${syscall}`), { code, syscall });
    return {
      writev: (async (bufs: NodeJS.ArrayBufferView[], position: number) => {
        this.writes++;
        const plan = this.failWrite;
        this.failWrite = null;
        if (!plan) {
          const r = await fh.writev(bufs, position);
          this.dirty.push([position, position + r.bytesWritten]);
          return r;
        }
        const all = Buffer.concat(bufs.map((b) => new Uint8Array(b.buffer, b.byteOffset, b.byteLength)));
        if (plan.landed > 0) {
          await fh.write(all.subarray(0, plan.landed), 0, plan.landed, position);
          this.dirty.push([position, position + plan.landed]);
        }
        throw fail(plan.code, 'write');
      }) as PdfFile['writev'],
      sync: async () => {
        this.syncs++;
        const plan = this.failSync;
        this.failSync = null;
        if (plan) {
          // the pages that did not reach the disk read back as what the disk held: nothing (zeros)
          for (const [from, to] of this.dirty) await fh.write(Buffer.alloc(to - from), 0, to - from, from);
          this.dirty = [];
          throw fail(plan.code, 'fsync');
        }
        await fh.sync();
        this.dirty = [];
      },
      close: async () => {
        this.closes++;
        await fh.close();
        const plan = this.failClose;
        this.failClose = null;
        if (plan) throw fail(plan.code, 'close');
      },
    };
  };
}

describe('a write, fsync or close that fails ends the document: never a success, only abort', () => {
  let disk: FailingDisk;
  beforeEach(() => {
    disk = new FailingDisk();
  });

  const page = async (mark: number): Promise<EmbedImage> => {
    const c = new GrayCanvas(200, 280, 30, 255);
    drawMark(c, mark);
    return { filter: 'DCTDecode', data: await toJpeg(c), width: 200, height: 280, components: 1 };
  };

  it('a failed fsync: finish rejects, and again when tried again (a second fsync would «succeed» on pages the kernel dropped); abort closes', async () => {
    const file = path.join(dir, 'fsync-failed.pdf');
    const w = await PdfImageWriter.create(file, disk.create);
    await w.addPage(await page(7), 30, 30);
    await w.addPage(await page(8), 30, 30);
    disk.failSync = { code: 'EIO' };
    const first = await w.finish(info('x')).catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'OUTPUT_FAILED', details: { path: file, errno: 'EIO' } });
    expect((first as Error).message).toContain('„fsync-failed.pdf” nu a putut fi scris pe disc');
    // what the disk now holds is not the PDF the writer hashed
    const onDisk = await readFile(file);
    expect(onDisk.subarray(0, 5).toString('latin1')).not.toBe('%PDF-');
    // tried again: refused, with nothing written or synced (the old writer wrote the trailer again, synced, and returned the hash of bytes the disk did not hold)
    const [writes, syncs] = [disk.writes, disk.syncs];
    await expect(w.finish(info('x'))).rejects.toMatchObject({ code: 'OUTPUT_FAILED', details: { path: file } });
    await expect(w.addPage(await page(9), 30, 30)).rejects.toMatchObject({ code: 'OUTPUT_FAILED' });
    expect([disk.writes, disk.syncs]).toEqual([writes, syncs]);
    expect(await openFdsTo(file)).toBe(1);
    await w.abort();
    expect(await openFdsTo(file)).toBe(0);
  });

  it('a page whose write failed half-way: no page and no finish after it (DISK_FULL naming the file), abort closes', async () => {
    const file = path.join(dir, 'write-failed.pdf');
    const w = await PdfImageWriter.create(file, disk.create);
    await w.addPage(await page(11), 30, 30);
    const second = await page(22);
    disk.failWrite = { landed: 700, code: 'ENOSPC' };
    await expect(w.addPage(second, 30, 30)).rejects.toMatchObject({ code: 'DISK_FULL', details: { path: file, errno: 'ENOSPC' } });
    expect(w.pageCount).toBe(1);
    // the disk has room again: still refused (the document is failed as a whole, the batch rolled back)
    await expect(w.addPage(second, 30, 30)).rejects.toMatchObject({ code: 'OUTPUT_FAILED' });
    await expect(w.finish(info('x'))).rejects.toMatchObject({ code: 'OUTPUT_FAILED' });
    expect(disk.syncs).toBe(0);
    await w.abort();
    await w.abort(); // twice is harmless
    expect(await openFdsTo(file)).toBe(0);
  });

  it('a trailer that could not be written: finish rejects, now and later, without an fsync', async () => {
    const file = path.join(dir, 'trailer-failed.pdf');
    const w = await PdfImageWriter.create(file, disk.create);
    await w.addPage(await page(7), 30, 30);
    disk.failWrite = { landed: 40, code: 'ENOSPC' };
    await expect(w.finish(info('t'))).rejects.toMatchObject({ code: 'DISK_FULL' });
    await expect(w.finish(info('t'))).rejects.toMatchObject({ code: 'OUTPUT_FAILED' });
    expect(disk.syncs).toBe(0);
    await w.abort();
    expect(await openFdsTo(file)).toBe(0);
  });

  it('a close that fails after a good fsync: finish rejects (no hash of a document the disk may not hold)', async () => {
    const file = path.join(dir, 'close-failed.pdf');
    const w = await PdfImageWriter.create(file, disk.create);
    await w.addPage(await page(5), 30, 30);
    disk.failClose = { code: 'EIO' };
    await expect(w.finish(info('c'))).rejects.toMatchObject({ code: 'OUTPUT_FAILED', details: { errno: 'EIO' } });
    await expect(w.finish(info('c'))).rejects.toThrow();
    await w.abort();
    expect(disk.closes).toBe(1);
    expect(await openFdsTo(file)).toBe(0);
  });

  it('a good run through the same seam: a whole PDF whose hash is the bytes on disk', async () => {
    const file = path.join(dir, 'seam-ok.pdf');
    const w = await PdfImageWriter.create(file, disk.create);
    for (const m of [1, 2, 3]) await w.addPage(await page(m), 30, 30);
    const res = await w.finish(info('ok'));
    const bytes = await readFile(file);
    expect(checkXref(bytes)).toBe(4 + 3 * 3);
    expect(res).toEqual({ sha256: sha(bytes), bytes: bytes.length, pages: 3 });
    expect(await readPdfMarks(file)).toEqual([1, 2, 3]);
    expect([disk.syncs, disk.closes]).toEqual([1, 1]);
  });

  it('create: a header that cannot be written closes the file it opened and removes it', async () => {
    const file = path.join(dir, 'no-header.pdf');
    disk.failWrite = { landed: 5, code: 'ENOSPC' };
    await expect(PdfImageWriter.create(file, disk.create)).rejects.toMatchObject({ code: 'DISK_FULL' });
    expect(disk.writes).toBe(1);
    expect(await openFdsTo(file)).toBe(0);
    await expect(stat(file)).rejects.toMatchObject({ code: 'ENOENT' });
    // the name is free again for the next try
    const w = await PdfImageWriter.create(file, disk.create);
    await w.addPage(await page(9), 30, 30);
    await w.finish(info('again'));
    checkXref(await readFile(file));
  });
});

describe('creating the file and writes that land nothing', () => {
  const page = async (): Promise<EmbedImage> => {
    const c = new GrayCanvas(200, 280, 30, 255);
    drawMark(c, 3);
    return { filter: 'DCTDecode', data: await toJpeg(c), width: 200, height: 280, components: 1 };
  };

  it.each([
    ['ENOSPC', 'DISK_FULL', 'Discul este plin'],
    ['EACCES', 'FILE_ACCESS_DENIED', 'Acces refuzat'],
    ['EROFS', 'READ_ONLY_FS', 'doar pentru citire'],
    ['EIO', 'OUTPUT_FAILED', 'nu a putut fi scris pe disc'],
  ])('a file that cannot be created (%s): %s in Romanian naming it', async (errno, code, text) => {
    const file = path.join(dir, `create-${errno}.pdf`);
    const failing = async (p: string): Promise<PdfFile> => {
      throw Object.assign(new Error(`${errno}: simulated, open '${p}'`), { code: errno, syscall: 'open' });
    };
    const err = await PdfImageWriter.create(file, failing).catch((e: unknown) => e);
    expect(err).toMatchObject({ code, details: { path: file, errno } });
    expect((err as Error).message).toContain(text);
    expect((err as Error).message).toContain(errno === 'EIO' ? '„create-EIO.pdf”' : file);
  });

  it('a file already there is not overwritten: OUTPUT_FAILED naming it, the file unchanged', async () => {
    const file = path.join(dir, 'already-there.pdf');
    await writeFile(file, 'someone else’s');
    const err = await PdfImageWriter.create(file).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'OUTPUT_FAILED', details: { path: file, errno: 'EEXIST' } });
    expect((err as Error).message).toContain('„already-there.pdf” există deja');
    expect(await readFile(file, 'utf8')).toBe('someone else’s');
  });

  it('a writev that lands 0 bytes is a failure (the old writer asked again forever), and the document ends', async () => {
    const file = path.join(dir, 'zero-write.pdf');
    let writes = 0;
    let zero = false;
    const create = async (p: string): Promise<PdfFile> => {
      const fh = await open(p, 'wx');
      return {
        writev: (async (bufs: NodeJS.ArrayBufferView[], position: number) => {
          if (++writes > 1000) throw new Error('still writing after 1000 writes of 0 bytes');
          return zero ? { bytesWritten: 0, buffers: bufs } : fh.writev(bufs, position);
        }) as PdfFile['writev'],
        sync: () => fh.sync(),
        close: () => fh.close(),
      };
    };
    const w = await PdfImageWriter.create(file, create);
    await w.addPage(await page(), 30, 30);
    zero = true;
    writes = 0;
    await expect(w.addPage(await page(), 30, 30)).rejects.toMatchObject({ code: 'OUTPUT_FAILED', details: { path: file, errno: 'EIO' } });
    expect(writes).toBe(1);
    await expect(w.finish(info('z'))).rejects.toMatchObject({ code: 'OUTPUT_FAILED' });
    await w.abort();
    expect(await openFdsTo(file)).toBe(0);
  });

  it('an empty stream (JBIG2 globals of 0 bytes) is written, not taken for a write that landed nothing', async () => {
    const file = path.join(dir, 'empty-globals.pdf');
    const w = await PdfImageWriter.create(file);
    await w.addPage({ filter: 'JBIG2Decode', data: new Uint8Array([0, 1, 2, 3]), globals: new Uint8Array(0), inverted: false, width: 8, height: 8 }, 72, 72);
    const res = await w.finish(info('g'));
    const bytes = await readFile(file);
    expect(res.sha256).toBe(sha(bytes));
    expect(bytes.toString('latin1')).toContain('<< /Length 0 >>\nstream\n\nendstream');
    checkXref(bytes);
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
