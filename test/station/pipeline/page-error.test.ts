/**
 * A page's work in the calling thread that meets a preview too large for the kernels' memory fails
 * as that page: the kernel's INPUT_TOO_LARGE (which cannot know the page) gets the page's name in
 * front and in `details.page`; an error that names its page already, or any other, is left as it is.
 * A batch meeting it stops as at any other bad page: that error, nothing written. A PNM refused as
 * it is decoded (a side too long) names its page once.
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isStationError, StationError } from '../../../shared/src/errors.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { namingPage } from '../../../station/src/pipeline/page-error.ts';
import type { PageWorkers } from '../../../station/src/pipeline/page-workers.ts';
import { closePageContext, makePageContext, runBatch } from '../../../station/src/pipeline/pipeline.ts';
import { tooLargeForKernel } from '../../../station/src/wasm/wasm-kernel.ts';
import { contentPage, toJpeg } from '../../support/make-pages.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

describe('namingPage', () => {
  it('names the page of a kernel\'s INPUT_TOO_LARGE, keeping its code, details and cause', () => {
    const kernel = tooLargeForKernel(5e9);
    const named = namingPage('scan.pdf, pagina 2', kernel) as StationError;
    expect(named).toBeInstanceOf(StationError);
    expect(named.code).toBe('INPUT_TOO_LARGE');
    expect(kernel.message).toBe('Pagina este prea mare pentru a fi analizată; ar avea nevoie de 4,7 GB de memorie de lucru, mai mult decât se poate rezerva. Scanați-o la o rezoluție mai mică.');
    expect(named.message).toBe('scan.pdf, pagina 2: pagina este prea mare pentru a fi analizată; ar avea nevoie de 4,7 GB de memorie de lucru, mai mult decât se poate rezerva. Scanați-o la o rezoluție mai mică.');
    expect(named.details).toEqual({ ...kernel.details, page: 'scan.pdf, pagina 2' });
    expect(named.cause).toBe(kernel);
  });

  it('keeps every detail of the kernel\'s error beside the page\'s name, and names it once', () => {
    const kernel = new StationError('INPUT_TOO_LARGE', 'Pagina este prea mare pentru a fi analizată.', { needBytes: 7, maxBytes: 8 });
    const named = namingPage('a.png', kernel);
    expect([named.code, named.message, named.details, named.cause]).toEqual(['INPUT_TOO_LARGE', 'a.png: pagina este prea mare pentru a fi analizată.', { needBytes: 7, maxBytes: 8, page: 'a.png' }, kernel]);
    expect(namingPage('b.png', named)).toBe(named);
    // an abbreviation first keeps its capitals
    expect(namingPage('c.pdf', new StationError('INPUT_TOO_LARGE', 'PDF-ul are o pagină prea mare.')).message).toBe('c.pdf: PDF-ul are o pagină prea mare.');
    // a file name first keeps its capital; a one-letter word is a word
    expect(namingPage('d.tif', new StationError('INPUT_TOO_LARGE', 'Scan.tif are o pagină prea mare.')).message).toBe('d.tif: Scan.tif are o pagină prea mare.');
    expect(namingPage('e.tif', new StationError('INPUT_TOO_LARGE', 'O pagină este prea mare.')).message).toBe('e.tif: o pagină este prea mare.');
  });

  it('leaves an error that names its page, and any other, as it is', () => {
    const measured = new StationError('INPUT_TOO_LARGE', 'a.png: pagina este prea mare', { page: 'a.png' });
    const corrupt = new StationError('INPUT_CORRUPT', 'a.png: imaginea nu are dimensiuni valide.');
    const plain = new RangeError('x');
    for (const err of [measured, corrupt, plain]) expect(namingPage('a.png', err)).toBe(err);
  });
});

describe('a batch whose page meets it', () => {
  it('stops with that page\'s INPUT_TOO_LARGE, naming it; nothing is written', async () => {
    const { dir, cleanup } = await makeTempDir('page-error-');
    const cfg = { ...loadConfig({ env: { STATION_DATA_DIR: path.join(dir, 'data') } }), barcodeWorkers: 0 };
    const ctx = await makePageContext(cfg, []);
    // the preview work as a page worker would run it, meeting a kernel memory it cannot grow (the kernel names no page)
    ctx.workers = { measure: async () => Promise.reject(tooLargeForKernel(5e9)), ranHereNotStarted: 0, cancel: () => {}, close: async () => {} } as unknown as PageWorkers;
    try {
      const file = path.join(dir, 'scan-mare.jpg');
      await writeFile(file, await toJpeg(await contentPage(150, 1)));
      const out = path.join(dir, 'out');
      const err = await runBatch([file], ctx, cfg, { batchId: 'LOT', outDir: out, duplex: false, removeBlank: false, genericSeparators: [], concurrency: 1 }).then(() => null, (e: unknown) => e);
      expect(isStationError(err, 'INPUT_TOO_LARGE'), String(err)).toBe(true);
      expect((err as Error).message).toMatch(/^scan-mare\.jpg: pagina este prea mare pentru a fi analizată/);
      expect(existsSync(out)).toBe(false);
    } finally {
      ctx.workers = undefined;
      await closePageContext(ctx);
      await cleanup();
    }
  });

  it('a PNM with a side too long (under the pixel limit, refused as it is decoded) is named once', async () => {
    const { dir, cleanup } = await makeTempDir('page-error-');
    const cfg = { ...loadConfig({ env: { STATION_DATA_DIR: path.join(dir, 'data') } }), barcodeWorkers: 0 };
    const ctx = await makePageContext(cfg, []);
    try {
      const file = path.join(dir, 'lat.pgm');
      await writeFile(file, Buffer.concat([Buffer.from('P5\n30001 1\n255\n'), Buffer.alloc(30001, 200)]));
      const out = path.join(dir, 'out');
      const err = await runBatch([file], ctx, cfg, { batchId: 'LOT', outDir: out, duplex: false, removeBlank: false, genericSeparators: [], concurrency: 1 }).then(() => null, (e: unknown) => e);
      expect(isStationError(err, 'INPUT_TOO_LARGE'), String(err)).toBe(true);
      expect((err as Error).message).toBe('lat.pgm: pagina este prea mare (30001 × 1 pixel); se acceptă cel mult 30000 de pixeli pe latură.');
      expect((err as StationError).details.page).toBe('lat.pgm');
      expect(existsSync(out)).toBe(false);
    } finally {
      await closePageContext(ctx);
      await cleanup();
    }
  });
});
