import { readFileSync } from 'node:fs';
import { PDFDocument, PDFName } from 'pdf-lib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openScannerPdf, type ScannerPdf } from '../../../station/src/pdf-input/read-pdf-pages.ts';
import { A4, pdfWithRawImage, setContent } from './helpers/build-pdf.ts';
import { code128Rectangles } from './helpers/vector-barcode.ts';
import { prepareZxing, readGrayBarcodes } from './helpers/zxing-offline.ts';

const SEPARATOR = '84512/27.09.2021';
const open: ScannerPdf[] = [];
beforeAll(() => prepareZxing());
afterAll(async () => {
  for (const pdf of open) await pdf.close();
});

async function openTracked(bytes: Uint8Array, options?: { renderDpi?: number }): Promise<ScannerPdf> {
  const pdf = await openScannerPdf(bytes, 'separatoare.pdf', options);
  open.push(pdf);
  return pdf;
}

/** An A4 separator sheet as a registry application prints it to PDF: text plus a vector Code 128. */
async function vectorSeparatorPdf(pages = 1): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const bars = await code128Rectangles(SEPARATOR, 90, 500, 1.7, 70);
  for (let i = 0; i < pages; i++) {
    const page = doc.addPage(A4);
    await setContent(doc, page, `BT /F1 20 Tf 90 640 Td (FOAIE SEPARATOARE - nr. ${SEPARATOR}) Tj ET\n${bars}\nBT /F1 10 Tf 90 480 Td (Registratura generala) Tj ET`);
  }
  return doc.save();
}

describe('pages that are not one image are rendered to gray', () => {
  it('reads the vector Code 128 from the rendered raster at 200 dpi, and at 300 dpi', async () => {
    const bytes = await vectorSeparatorPdf();
    for (const dpi of [200, 300]) {
      const page = await (await openTracked(bytes, { renderDpi: dpi })).page(0);
      expect(page.kind).toBe('rendered');
      if (page.kind !== 'rendered') return;
      expect(page.reason).toBe('visible text');
      expect(page.dpi).toBeCloseTo(dpi, 0);
      expect(page.width).toBe(Math.round((A4[0] * dpi) / 72));
      expect(page.height).toBe(Math.round((A4[1] * dpi) / 72));
      expect(page.data.length).toBe(page.width * page.height);
      expect(await readGrayBarcodes(page.data, page.width, page.height)).toContain(SEPARATOR);
    }
  });

  it('renders bars without any text too (vector drawing), and follows the page /Rotate', async () => {
    const doc = await PDFDocument.create();
    const page = doc.addPage(A4);
    await setContent(doc, page, await code128Rectangles(SEPARATOR, 90, 500, 1.7, 70));
    page.node.set(PDFName.of('Rotate'), doc.context.obj(90));
    const read = await (await openTracked(await doc.save())).page(0);
    expect(read.kind === 'rendered' && [read.reason, read.width > read.height]).toEqual(['vector drawing', true]);
    if (read.kind === 'rendered') expect(await readGrayBarcodes(read.data, read.width, read.height)).toContain(SEPARATOR);
  });

  it('renders a page with two images, an inline image and a JBIG2 image pdf.js cannot decode; decodes a JPEG 2000 at its own size', async () => {
    const jp2 = readFileSync(new URL('./fixtures/square-120x80.jp2', import.meta.url));
    const gray = { Width: 2, Height: 1, ColorSpace: 'DeviceGray', BitsPerComponent: 8 };
    const twice = await pdfWithRawImage({ data: Uint8Array.from([0, 255]), dict: gray, content: 'q 100 0 0 50 0 0 cm /Im0 Do Q q 100 0 0 50 0 100 cm /Im0 Do Q' });
    const inline = await pdfWithRawImage({ data: Uint8Array.from([0, 255]), dict: gray, content: 'q 100 0 0 50 0 0 cm BI /W 2 /H 1 /CS /G /BPC 8 ID \x00\xff EI Q' });
    const jbig2 = await pdfWithRawImage({ data: new Uint8Array(32), dict: { Width: 64, Height: 64, BitsPerComponent: 1, ColorSpace: 'DeviceGray', Filter: 'JBIG2Decode' } });
    const reasons: string[] = [];
    for (const bytes of [twice, inline, jbig2]) {
      const page = await (await openTracked(bytes)).page(0);
      expect(page.kind).toBe('rendered');
      if (page.kind === 'rendered') reasons.push(page.reason);
    }
    expect(reasons).toEqual(['several images', 'inline image', 'JBIG2Decode: not one decoded image']);

    // The JPEG 2000 is decoded by pdf.js's wasm decoder (read from node_modules): its black square shows.
    const jpx = await (await openTracked(await pdfWithRawImage({ data: jp2, dict: { Width: 120, Height: 80, Filter: 'JPXDecode' }, size: [120, 80] }))).page(0);
    expect(jpx.kind === 'pixels' && [jpx.width, jpx.height, jpx.dpiX, jpx.bitsPerComponent]).toEqual([120, 80, 72, 8]);
    if (jpx.kind !== 'pixels') return;
    const at = (x: number, y: number): number => jpx.data[(y * 120 + x) * jpx.channels]!;
    expect([at(40, 40) < 60, at(100, 70) > 200]).toEqual([true, true]);
  });

  it('renders a page that draws nothing as white', async () => {
    const doc = await PDFDocument.create();
    doc.addPage([200, 100]);
    const page = await (await openTracked(await doc.save())).page(0);
    expect(page.kind === 'rendered' && [page.reason, page.data.every((v) => v === 255)]).toEqual(['no image on the page', true]);
  });

  it('reads a mixed 20-page PDF page by page: scanned JPEG pages pass through, vector pages are rendered', async () => {
    const doc = await PDFDocument.create();
    const jpeg = await sharp({ create: { width: 2480, height: 3508, channels: 3, background: '#f4f4f0' } }).jpeg({ quality: 85 }).toBuffer();
    const image = await doc.embedJpg(jpeg);
    const separators = await PDFDocument.load(await vectorSeparatorPdf(10));
    const copied = await doc.copyPages(separators, separators.getPageIndices());
    for (let i = 0; i < 10; i++) {
      doc.addPage(A4).drawImage(image, { x: 0, y: 0, width: A4[0], height: A4[1] });
      doc.addPage(copied[i]!);
    }
    const pdf = await openTracked(await doc.save());
    expect(pdf.pageCount).toBe(20);
    await pdf.page(1); // loads pdf.js once, outside the timing
    const time = { jpeg: 0, rendered: 0 };
    for (let i = 0; i < pdf.pageCount; i++) {
      const started = performance.now();
      const page = await pdf.page(i);
      const kind = i % 2 === 0 ? 'jpeg' : 'rendered';
      expect(page.kind).toBe(kind);
      time[kind] += performance.now() - started;
    }
    console.info(`per page: JPEG pass-through ${(time.jpeg / 10).toFixed(1)} ms, A4 vector page rendered at 200 dpi ${(time.rendered / 10).toFixed(0)} ms`);
  });
});
