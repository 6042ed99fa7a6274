import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { deflateSync } from 'node:zlib';
import { PDFDocument, PDFName } from 'pdf-lib';
import sharp from 'sharp';
import { describe, expect, it, vi } from 'vitest';
import { isStationError, type StationError } from '../../../shared/src/errors.ts';
import { openScannerPdf } from '../../../station/src/pdf-input/read-pdf-pages.ts';
import { runStationBinary } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { pdfWithRawImage } from './helpers/build-pdf.ts';
import { encryptedPdf } from './helpers/encrypted-pdf.ts';

async function openError(bytes: Uint8Array): Promise<StationError> {
  const err = await openScannerPdf(bytes, 'scan.pdf').then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStationError(err)) throw new Error(`expected a StationError, got ${String(err)}`);
  return err;
}

async function pageError(bytes: Uint8Array, index = 0): Promise<StationError> {
  const pdf = await openScannerPdf(bytes, 'scan.pdf');
  const err = await pdf.page(index).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!isStationError(err)) throw new Error(`expected a StationError, got ${String(err)}`);
  return err;
}

const gray = (w: number, h: number, extra: Record<string, unknown> = {}) => ({ Type: 'XObject', Subtype: 'Image', Width: w, Height: h, ColorSpace: 'DeviceGray', BitsPerComponent: 8, ...extra });

describe('broken or hostile files are refused with a message naming file and page', () => {
  it('zero bytes, not a PDF, a truncated PDF', async () => {
    const empty = await openError(new Uint8Array(0));
    expect([empty.code, empty.message, empty.details]).toEqual(['INPUT_EMPTY', 'Fișierul „scan.pdf” este gol (0 octeți).', { file: 'scan.pdf' }]);

    const png = await sharp({ create: { width: 4, height: 4, channels: 3, background: '#fff' } }).png().toBuffer();
    for (const bytes of [png, new TextEncoder().encode('Hello, this is not a PDF at all.')]) {
      const err = await openError(bytes);
      expect([err.code, err.message]).toEqual(['INPUT_UNSUPPORTED', 'Fișierul „scan.pdf” nu este un document PDF.']);
    }

    const whole = await pdfWithRawImage({ data: new Uint8Array(100 * 100).fill(200), dict: gray(100, 100) });
    for (const cut of [0.3, 0.6, 0.9, 0.99]) {
      const err = await openError(whole.subarray(0, Math.floor(whole.length * cut)));
      expect(err.code).toBe('INPUT_CORRUPT');
      expect(err.message).toMatch(/^Fișierul „scan\.pdf” este incomplet/);
    }
  });

  it('an encrypted PDF and a PDF without pages', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    const encrypt = doc.context.obj({ Filter: 'Standard', V: 2, R: 3, Length: 128, P: -3904 });
    doc.context.trailerInfo.Encrypt = doc.context.register(encrypt);
    const encrypted = await openError(await doc.save());
    expect(encrypted.code).toBe('INPUT_UNSUPPORTED');
    expect(encrypted.message).toMatch(/^Fișierul „scan\.pdf” este criptat/);

    const none = await openError(await (await PDFDocument.create()).save({ addDefaultPage: false }));
    expect([none.code, none.message]).toEqual(['INPUT_CORRUPT', 'Fișierul „scan.pdf” nu conține nicio pagină.']);
  });

  it('a page tree announcing more pages than it has', async () => {
    const doc = await PDFDocument.create();
    doc.addPage();
    doc.addPage();
    doc.catalog.Pages().set(PDFName.of('Count'), doc.context.obj(5));
    const err = await openError(await doc.save({ useObjectStreams: false }));
    expect([err.code, err.message]).toEqual(['INPUT_CORRUPT', 'Fișierul „scan.pdf” este deteriorat: numărul de pagini declarat (5) este mai mare decât al paginilor găsite (2).']);
  });

  it('absurd image dimensions and decoded sizes, before anything is decoded', async () => {
    const wide = await pageError(await pdfWithRawImage({ data: new Uint8Array(10), dict: gray(30_000, 10, { Filter: 'FlateDecode' }) }));
    expect([wide.code, wide.message, wide.details]).toEqual([
      'INPUT_UNSUPPORTED',
      'Fișierul „scan.pdf”, pagina 1: imaginea este prea mare (30000 × 10 pixeli).',
      { width: 30_000, height: 10, file: 'scan.pdf', page: 1 },
    ]);
    const rgb = await pageError(await pdfWithRawImage({ data: new Uint8Array(10), dict: { ...gray(19_000, 19_000), ColorSpace: 'DeviceRGB' } }));
    expect(rgb.code).toBe('INPUT_UNSUPPORTED'); // 19000² × 3 bytes > 400 MB
    const jpegSof = Uint8Array.from([0xff, 0xd8, 0xff, 0xc0, 0, 11, 8, 0x75, 0x30, 0x75, 0x30, 1, 1, 0x11, 0]); // SOF: 30000 × 30000
    const jpeg = await pageError(await pdfWithRawImage({ data: jpegSof, dict: gray(100, 100, { Filter: 'DCTDecode' }) }));
    expect(jpeg.message).toBe('Fișierul „scan.pdf”, pagina 1: imaginea este prea mare (30000 × 30000 de pixeli).');
  });

  it('a compression bomb, alone and in a filter chain, stops at the expected size', async () => {
    const bomb = deflateSync(new Uint8Array(64 * 1024 * 1024)); // 64 MB of zeros in about 64 KB
    const single = await pageError(await pdfWithRawImage({ data: bomb, dict: gray(100, 100, { Filter: 'FlateDecode' }) }));
    expect(single.code).toBe('INPUT_CORRUPT');
    expect(single.message).toMatch(/^Fișierul „scan\.pdf”, pagina 1: datele comprimate depășesc dimensiunea așteptată/);
    const chained = await pageError(await pdfWithRawImage({ data: deflateSync(bomb), dict: gray(100, 100, { Filter: ['FlateDecode', 'FlateDecode'] }) }));
    expect(chained.code).toBe('INPUT_CORRUPT');
    const inJpeg = await pageError(await pdfWithRawImage({ data: bomb, dict: gray(100, 100, { Filter: ['FlateDecode', 'DCTDecode'] }) }));
    expect(inJpeg.code).toBe('INPUT_CORRUPT');
  });

  it('damaged image data on page 2 names page 2', async () => {
    const doc = await PDFDocument.create();
    const good = doc.context.register(doc.context.stream(new Uint8Array(16).fill(9), gray(4, 4) as never));
    const cut = doc.context.register(doc.context.stream(deflateSync(new Uint8Array(100 * 100)).subarray(0, 20), gray(100, 100, { Filter: 'FlateDecode' }) as never));
    const notJpeg = doc.context.register(doc.context.stream(new Uint8Array(500).fill(7), gray(10, 10, { Filter: 'DCTDecode' }) as never));
    for (const image of [good, cut, notJpeg]) {
      const page = doc.addPage([100, 100]);
      page.node.setXObject(PDFName.of('Im0'), image);
      page.node.set(PDFName.of('Contents'), doc.context.register(doc.context.stream('q 100 0 0 100 0 0 cm /Im0 Do Q')));
    }
    const bytes = await doc.save();
    const pdf = await openScannerPdf(bytes, 'scan.pdf');
    expect((await pdf.page(0)).kind).toBe('pixels');
    const second = await pageError(bytes, 1);
    expect([second.code, second.message, second.details.page]).toEqual(['INPUT_CORRUPT', 'Fișierul „scan.pdf”, pagina 2: imaginea este deteriorată.', 2]);
    const third = await pageError(bytes, 2);
    expect([third.code, third.message]).toEqual(['INPUT_CORRUPT', 'Fișierul „scan.pdf”, pagina 3: imaginea este deteriorată.']);
  });

  it('a page index outside the document', async () => {
    const err = await pageError(await pdfWithRawImage({ data: new Uint8Array(4), dict: gray(2, 2) }), 3);
    expect(err.code).toBe('INTERNAL');
    expect(err.message).toBe('Fișierul „scan.pdf”, pagina 4: pagina nu există (ultima pagină este 1).');
  });

  it('a Form XObject that draws itself does not loop', async () => {
    const bytes = await pdfWithRawImage({
      data: new Uint8Array(4),
      dict: gray(2, 2),
      content: '/Fm0 Do',
      more: (doc) => {
        const form = doc.context.stream('/Fm0 Do', { Type: 'XObject', Subtype: 'Form', BBox: [0, 0, 10, 10] } as never);
        const ref = doc.context.register(form);
        form.dict.set(PDFName.of('Resources'), doc.context.obj({ XObject: { Fm0: ref } }));
        return { Fm0: ref };
      },
    });
    const pdf = await openScannerPdf(bytes, 'scan.pdf');
    const page = await pdf.page(0);
    expect(page.kind === 'rendered' && page.reason).toBe('form XObjects nested too deep');
    await pdf.close();
  });
});

describe('an encrypted PDF: the clerk sees only our message', () => {
  it('parser warnings go into the error details, never to the console', async () => {
    const warn = vi.spyOn(console, 'warn');
    const log = vi.spyOn(console, 'log');
    try {
      const err = await openError(await encryptedPdf());
      expect([err.code, err.message]).toEqual(['INPUT_UNSUPPORTED', 'Fișierul „scan.pdf” este criptat (protejat cu parolă); salvați-l fără protecție și încercați din nou.']);
      expect(String(err.details.parserWarnings)).toMatch(/Trying to parse invalid object/);
      expect([warn.mock.calls, log.mock.calls]).toEqual([[], []]);
    } finally {
      warn.mockRestore();
      log.mockRestore();
    }
  });

  it('`station split` (the real binary) prints one Romanian line on stderr; the warnings reach the log', async () => {
    const { dir, cleanup } = await makeTempDir('encrypted-');
    try {
      await writeFile(path.join(dir, 'scan.pdf'), await encryptedPdf());
      const dataDir = path.join(dir, 'data');
      const res = await runStationBinary(['split', path.join(dir, 'scan.pdf'), '--out', path.join(dir, 'out')], { cwd: dir, dataDir });
      expect([res.code, res.stderr]).toEqual([1, 'Eroare [INPUT_UNSUPPORTED]: Fișierul „scan.pdf” este criptat (protejat cu parolă); salvați-l fără protecție și încercați din nou.\n']);
      const logged = await readFile(path.join(dataDir, 'logs', 'station.log'), 'utf8');
      expect(logged).toMatch(/"parserWarnings":\["Trying to parse invalid object/);
    } finally {
      await cleanup();
    }
  });
});
