import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { degrees, PDFDocument, PDFName } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { openScannerPdf, type PdfPageImage } from '../../../station/src/pdf-input/read-pdf-pages.ts';
import { A4, OCR_LAYER, pdfWithRawImage, setContent } from './helpers/build-pdf.ts';
import { singleStrip } from './helpers/tiff-strip.ts';

const work = mkdtempSync(path.join(tmpdir(), 'pdf-input-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const hasTool = (tool: string): boolean => {
  try {
    execFileSync(tool, ['--version'], { stdio: 'ignore' });
    return true;
  } catch (err) {
    return (err as { code?: string }).code !== 'ENOENT';
  }
};

/** A gray test page: light background, a dark block and some texture, so JPEG data is not trivial. */
async function jpegPage(width: number, height: number, channels: 1 | 3, density = 300): Promise<Buffer> {
  const raw = Buffer.alloc(width * height * channels, 235);
  for (let y = Math.floor(height / 4); y < height / 2; y++) {
    for (let x = Math.floor(width / 5); x < width / 2; x++) raw.fill((x * 7 + y) % 60, (y * width + x) * channels, (y * width + x + 1) * channels);
  }
  return sharp(raw, { raw: { width, height, channels } }).toColourspace(channels === 1 ? 'b-w' : 'srgb').jpeg({ quality: 80 }).withDensity(density).toBuffer();
}

async function only(bytes: Uint8Array): Promise<PdfPageImage> {
  const pdf = await openScannerPdf(bytes, 'scan.pdf');
  expect(pdf.pageCount).toBe(1);
  const page = await pdf.page(0);
  await pdf.close();
  return page;
}

describe('JPEG pages are handed on byte for byte', () => {
  it('embedJpg of a colour and a gray JPEG, drawn over an A4 page at 300 dpi', async () => {
    for (const channels of [3, 1] as const) {
      const jpeg = await jpegPage(2480, 3508, channels);
      const doc = await PDFDocument.create();
      const image = await doc.embedJpg(jpeg);
      doc.addPage(A4).drawImage(image, { x: 0, y: 0, width: A4[0], height: A4[1] });
      const page = await only(await doc.save());
      expect(page.kind).toBe('jpeg');
      if (page.kind !== 'jpeg') return;
      expect(Buffer.from(page.data).equals(jpeg)).toBe(true);
      expect([page.width, page.height, page.components, page.rotation]).toEqual([2480, 3508, channels, 0]);
      expect(page.dpiX).toBeCloseTo(300, 0);
      expect(page.dpiY).toBeCloseTo(300, 0);
    }
  });

  it('keeps an invisible OCR text layer from turning the page into a rendering', async () => {
    const jpeg = await jpegPage(1240, 1754, 1, 150);
    const doc = await PDFDocument.create();
    const image = await doc.embedJpg(jpeg);
    const page = doc.addPage(A4);
    page.node.setXObject(PDFName.of('Im0'), image.ref);
    await setContent(doc, page, `q ${A4[0]} 0 0 ${A4[1]} 0 0 cm /Im0 Do Q\n${OCR_LAYER}`);
    const read = await only(await doc.save());
    expect(read.kind).toBe('jpeg');
    if (read.kind === 'jpeg') expect(read.dpiX).toBeCloseTo(150, 0);

    await setContent(doc, page, `q ${A4[0]} 0 0 ${A4[1]} 0 0 cm /Im0 Do Q\n${OCR_LAYER.replace('3 Tr', '0 Tr')}`);
    const visible = await only(await doc.save());
    expect(visible.kind).toBe('rendered');
    if (visible.kind === 'rendered') expect(visible.reason).toBe('visible text');
  });

  it('unwraps /Filter [/FlateDecode /DCTDecode] and accepts /Filter [/DCTDecode]', async () => {
    const jpeg = await jpegPage(600, 800, 3);
    const dict = { Width: 600, Height: 800, ColorSpace: 'DeviceRGB', BitsPerComponent: 8 };
    const flated = await only(await pdfWithRawImage({ data: deflateSync(jpeg), dict: { ...dict, Filter: ['FlateDecode', 'DCTDecode'] } }));
    const arrayed = await only(await pdfWithRawImage({ data: jpeg, dict: { ...dict, Filter: ['DCTDecode'] } }));
    for (const page of [flated, arrayed]) {
      expect(page.kind).toBe('jpeg');
      if (page.kind === 'jpeg') expect(Buffer.from(page.data).equals(jpeg)).toBe(true);
    }
  });

  it('reports orientation from the drawing transform and the page /Rotate', async () => {
    const jpeg = await jpegPage(800, 600, 1);
    const doc = await PDFDocument.create();
    const image = await doc.embedJpg(jpeg);
    // Drawn turned a quarter counter-clockwise: the viewer shows the image turned, so turn it back by 270° clockwise.
    doc.addPage([300, 400]).drawImage(image, { x: 300, y: 0, width: 400, height: 300, rotate: degrees(90) });
    const turned = await only(await doc.save());
    expect(turned.kind === 'jpeg' && [turned.rotation, turned.dpiX, turned.dpiY]).toEqual([270, 144, 144]);

    const upright = await PDFDocument.create();
    const page = upright.addPage([400, 300]);
    page.drawImage(await upright.embedJpg(jpeg), { x: 0, y: 0, width: 400, height: 300 });
    page.setRotation(degrees(90));
    const rotated = await only(await upright.save());
    expect(rotated.kind === 'jpeg' && rotated.rotation).toBe(90);
  });

  it('finds the image inside a Form XObject, through both transforms', async () => {
    const jpeg = await jpegPage(1000, 500, 1);
    const bytes = await pdfWithRawImage({
      data: jpeg,
      dict: { Width: 1000, Height: 500, ColorSpace: 'DeviceGray', BitsPerComponent: 8, Filter: 'DCTDecode' },
      size: [500, 250],
      content: 'q 2 0 0 2 -20 -20 cm /Fm0 Do Q',
      more: (doc) => {
        const form = doc.context.stream('q 250 0 0 125 0 0 cm /Im0 Do Q', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 360, 360], Matrix: [1, 0, 0, 1, 10, 10] } as never);
        return { Fm0: doc.context.register(form) };
      },
    });
    // The form has no /Resources of its own: it uses the page's, where /Im0 lives.
    const page = await only(bytes);
    expect(page.kind === 'jpeg' && [page.dpiX, page.dpiY]).toEqual([144, 144]);
  });

  it('hands on a JPEG page made by img2pdf', async (ctx) => {
    if (!hasTool('img2pdf')) ctx.skip();
    const jpeg = await jpegPage(1654, 2339, 3, 200);
    const input = path.join(work, 'page.jpg');
    writeFileSync(input, jpeg);
    execFileSync('img2pdf', [input, '-o', path.join(work, 'img2pdf.pdf')]);
    const page = await only(readFileSync(path.join(work, 'img2pdf.pdf')));
    expect(page.kind).toBe('jpeg');
    if (page.kind !== 'jpeg') return;
    expect(Buffer.from(page.data).equals(jpeg)).toBe(true);
    expect(page.dpiX).toBeCloseTo(200, 0);
  });
});

describe('CCITT pages are handed on byte for byte', () => {
  async function g4Tiff(width: number, height: number): Promise<Buffer> {
    const px = Buffer.alloc(width * height, 255);
    for (let y = Math.floor(height / 3); y < height / 2; y++) px.fill(0, y * width + 40, y * width + Math.floor(width / 2));
    return sharp(px, { raw: { width, height, channels: 1 } }).toColourspace('b-w').tiff({ compression: 'ccittfax4', bitdepth: 1 }).toBuffer();
  }

  /** sharp writes G4 in strips of a few hundred rows; tiffcp -r joins them into one strip, as a PDF needs. */
  async function g4Strip(width: number, height: number) {
    const source = path.join(work, 'g4.tif');
    const joined = path.join(work, 'g4-one-strip.tif');
    writeFileSync(source, await g4Tiff(width, height));
    execFileSync('tiffcp', ['-c', 'g4', '-r', '100000', source, joined]);
    return singleStrip(readFileSync(joined));
  }

  const ccittDict = (width: number, height: number, parms: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    Width: width,
    Height: height,
    ColorSpace: 'DeviceGray',
    BitsPerComponent: 1,
    Filter: 'CCITTFaxDecode',
    DecodeParms: { K: -1, Columns: width, ...parms },
    ...extra,
  });

  it('a 200 dpi letter page from sharp + tiffcp (no /Rows)', async (ctx) => {
    if (!hasTool('tiffcp')) ctx.skip();
    const strip = await g4Strip(1700, 2200);
    expect(strip.compression).toBe(4);
    // libvips writes min-is-black: the runs coded "white" are black ink, which PDF says with /BlackIs1 true.
    const blackIs1 = strip.photometric === 1;
    const bytes = await pdfWithRawImage({ data: strip.data, dict: ccittDict(1700, 2200, { BlackIs1: blackIs1 }), size: [612, 792] });
    const page = await only(bytes);
    expect(page.kind).toBe('ccitt');
    if (page.kind !== 'ccitt') return;
    expect(Buffer.from(page.data).equals(Buffer.from(strip.data))).toBe(true);
    expect({ w: page.width, h: page.height, k: page.k, b: page.blackIs1, a: page.encodedByteAlign }).toEqual({ w: 1700, h: 2200, k: -1, b: blackIs1, a: false });
    expect([page.dpiX, page.dpiY]).toEqual([200, 200]);
  });

  it('folds /Decode [1 0] into blackIs1 and passes through an ImageMask', async () => {
    const strip = singleStrip(await g4Tiff(300, 200)); // 200 rows fit sharp's single strip
    const inverted = await only(await pdfWithRawImage({ data: strip.data, dict: ccittDict(300, 200, { Rows: 200 }, { Decode: [1, 0] }) }));
    expect(inverted.kind === 'ccitt' && inverted.blackIs1).toBe(true);
    const { ColorSpace: _cs, BitsPerComponent: _bpc, ...maskDict } = ccittDict(300, 200, { BlackIs1: true }, { ImageMask: true });
    const mask = await only(await pdfWithRawImage({ data: strip.data, dict: maskDict }));
    expect(mask.kind === 'ccitt' && [mask.blackIs1, mask.k]).toEqual([true, -1]);
  });
});
