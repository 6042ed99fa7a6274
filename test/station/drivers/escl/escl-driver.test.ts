/**
 * The eSCL driver against the eSCL scanner emulator over real loopback HTTP: colour and gray
 * feeder runs, duplex, a cancel while the feeder still runs (held by the emulator, not timed), a
 * jam, a busy scanner, an empty feeder. Pages must arrive as the scanner's own bytes.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StationError } from '../../../../shared/src/errors.ts';
import type { ScannedPage, ScanRequest } from '../../../../station/src/drivers/driver.ts';
import { EsclDriver } from '../../../../station/src/drivers/escl/escl-driver.ts';
import { startEsclEmulator, type EsclEmulator, type EsclEmulatorOptions } from '../../../support/escl-emulator.ts';
import { startHandScanner } from '../../../support/escl-hand-scanner.ts';

let workDir: string;
let emu: EsclEmulator | undefined;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'escl-driver-'));
});
afterEach(async () => {
  await emu?.close();
  emu = undefined;
  await rm(workDir, { recursive: true, force: true });
});

function colourPage(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 56, channels: 3, background: { r: 200 - seed, g: 30 + seed, b: 90 } } }).jpeg({ quality: 80 }).toBuffer();
}
function grayPage(seed: number): Promise<Buffer> {
  return sharp({ create: { width: 40, height: 56, channels: 3, background: { r: 100 + seed, g: 100 + seed, b: 100 + seed } } }).toColourspace('b-w').jpeg().toBuffer();
}

async function start(pages: Buffer[], over: Partial<EsclEmulatorOptions> = {}): Promise<{ emu: EsclEmulator; driver: EsclDriver }> {
  emu = await startEsclEmulator({ pages, resolutions: [150, 300], ...over });
  return { emu, driver: new EsclDriver({ scanners: [emu.url], busyRetryMs: 5 }) };
}

function request(device: string, over: Partial<ScanRequest> = {}): ScanRequest {
  return { device, source: 'adf', resolution: 300, mode: 'color', options: {}, workDir, ...over };
}

async function collect(iter: AsyncIterable<ScannedPage>, onPage?: (p: ScannedPage) => void): Promise<{ pages: ScannedPage[]; error?: StationError }> {
  const pages: ScannedPage[] = [];
  try {
    for await (const p of iter) {
      pages.push(p);
      onPage?.(p);
    }
    return { pages };
  } catch (err) {
    expect(err).toBeInstanceOf(StationError);
    return { pages, error: err as StationError };
  }
}

const posts = (e: EsclEmulator) => e.requests.filter((r) => r.method === 'POST');
const deletes = (e: EsclEmulator) => e.requests.filter((r) => r.method === 'DELETE');

describe('EsclDriver', () => {
  it('lists the configured scanner and its capabilities in the station terms', async () => {
    const { emu, driver } = await start([await colourPage(1)], { duplex: true, makeAndModel: 'Registratura MFP 400' });
    expect(await driver.listDevices()).toEqual([{ id: emu.url, vendor: '', model: 'Registratura MFP 400', type: 'eSCL (AirScan)', driver: 'escl' }]);
    const caps = await driver.getCapabilities(`${emu.url}/`);
    expect(caps).toMatchObject({ sources: ['adf', 'adf-duplex'], modes: ['color', 'gray'], resolutions: [150, 300], duplex: true, maxAreaMm: { width: 210, height: 297 } });
  });

  it('refuses a scanner that is not in the configuration, in Romanian', async () => {
    const { driver } = await start([await colourPage(1)]);
    await expect(driver.getCapabilities('http://127.0.0.1:9/eSCL')).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND', message: expect.stringContaining('escl.scanners') });
  });

  it('scans colour pages from the feeder as the scanner JPEG bytes, untouched, numbered from startIndex', async () => {
    const served = [await colourPage(1), await colourPage(2), await colourPage(3)];
    const { emu, driver } = await start(served);
    const { pages, error } = await collect(driver.scan(request(emu.url, { startIndex: 4 })));
    expect(error).toBeUndefined();
    expect(pages.map((p) => [p.index, path.basename(p.file), p.dpi])).toEqual([[4, 'page-00004.jpg', 300], [5, 'page-00005.jpg', 300], [6, 'page-00006.jpg', 300]]);
    for (const [i, p] of pages.entries()) expect((await readFile(p.file)).equals(served[i]!)).toBe(true);
    const body = posts(emu)[0]!.body;
    for (const part of ['<scan:ColorMode>RGB24</scan:ColorMode>', '<pwg:InputSource>Feeder</pwg:InputSource>', '<scan:Duplex>false</scan:Duplex>', '<scan:XResolution>300</scan:XResolution>', '<pwg:DocumentFormat>image/jpeg</pwg:DocumentFormat>']) {
      expect(body).toContain(part);
    }
    expect(await readdir(workDir)).toEqual(['page-00004.jpg', 'page-00005.jpg', 'page-00006.jpg']);
  });

  it('scans gray at 150 dpi and both sides of duplex sheets', async () => {
    const sides = [await grayPage(1), await grayPage(2), await grayPage(3), await grayPage(4)];
    const { emu, driver } = await start(sides, { duplex: true });
    const { pages, error } = await collect(driver.scan(request(emu.url, { source: 'adf-duplex', mode: 'gray', resolution: 150 })));
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(4);
    const body = posts(emu)[0]!.body;
    expect(body).toContain('<scan:ColorMode>Grayscale8</scan:ColorMode>');
    expect(body).toContain('<scan:Duplex>true</scan:Duplex>');
    expect(body).toContain('<scan:XResolution>150</scan:XResolution>');
  });

  it('checks the request against the capabilities before the feeder moves', async () => {
    const { emu, driver } = await start([await colourPage(1)]);
    await expect(collect(driver.scan(request(emu.url, { resolution: 600 })))).resolves.toMatchObject({ pages: [], error: { code: 'OPTION_INVALID', message: expect.stringContaining('150, 300 dpi') } });
    await expect(collect(driver.scan(request(emu.url, { source: 'adf-duplex' })))).resolves.toMatchObject({ error: { code: 'OPTION_INVALID' } });
    await expect(collect(driver.scan(request(emu.url, { options: { page: 'x' } })))).resolves.toMatchObject({ error: { code: 'OPTION_INVALID' } });
    expect(posts(emu)).toHaveLength(0);
  });

  it('a cancel while the feeder runs keeps the pages received, deletes the job and leaves no part file', async () => {
    const served = await Promise.all([1, 2, 3, 4, 5].map(colourPage));
    const s = await start(served, { holdAfterPage: 2 });
    const ac = new AbortController();
    const { pages, error } = await collect(s.driver.scan(request(s.emu.url, { signal: ac.signal })), (p) => {
      if (p.index === 2) ac.abort();
    });
    expect(pages.map((p) => p.index)).toEqual([1, 2]);
    expect(error).toMatchObject({ code: 'CANCELLED', details: { pagesDelivered: 2 } });
    expect(deletes(s.emu)).toHaveLength(1);
    expect(s.emu.remaining()).toBe(3);
    expect((await readdir(workDir)).sort()).toEqual(['page-00001.jpg', 'page-00002.jpg']);
  });

  it('a consumer that stops reading early deletes the job on the scanner', async () => {
    const s = await start(await Promise.all([1, 2, 3, 4].map(colourPage)), { holdAfterPage: 1 });
    for await (const p of s.driver.scan(request(s.emu.url))) {
      expect(p.index).toBe(1);
      break;
    }
    expect(deletes(s.emu)).toHaveLength(1);
  });

  it('a jam after page 2 delivers pages 1 and 2, then PAPER_JAM naming page 2', async () => {
    const s = await start(await Promise.all([1, 2, 3, 4].map(colourPage)), { jamAfterPage: 2 });
    const { pages, error } = await collect(s.driver.scan(request(s.emu.url)));
    expect(pages.map((p) => p.index)).toEqual([1, 2]);
    expect(error).toMatchObject({ code: 'PAPER_JAM', message: expect.stringContaining('după pagina 2'), details: { pagesDelivered: 2, lastPageIndex: 2 } });
    // the clerk clears it: the next job goes on with the next sheet, numbered on
    s.emu.clearJam();
    const more = await collect(s.driver.scan(request(s.emu.url, { startIndex: 3 })));
    expect(more.pages.map((p) => p.index)).toEqual([3, 4]);
    expect(more.error).toBeUndefined();
  });

  it('a busy scanner (503) is asked again, and DEVICE_BUSY once it stays busy', async () => {
    const s = await start([await colourPage(1)], { busyAnswers: 2 });
    const ok = await collect(s.driver.scan(request(s.emu.url)));
    expect(ok.pages).toHaveLength(1);
    expect(posts(s.emu).map((r) => r.status)).toEqual([503, 503, 201]);

    const busy = await startEsclEmulator({ pages: [await colourPage(2)], resolutions: [300], busyAnswers: 10 });
    try {
      const driver = new EsclDriver({ scanners: [busy.url], busyRetries: 3, busyRetryMs: 5 });
      const { pages, error } = await collect(driver.scan(request(busy.url)));
      expect(pages).toEqual([]);
      expect(error).toMatchObject({ code: 'DEVICE_BUSY', message: expect.stringContaining('ocupat') });
      expect(busy.remaining()).toBe(1);
    } finally {
      await busy.close();
    }
  });

  it('an empty feeder is FEEDER_EMPTY; a scanner that is off is DEVICE_OFFLINE', async () => {
    const s = await start([]);
    await expect(collect(s.driver.scan(request(s.emu.url)))).resolves.toMatchObject({ pages: [], error: { code: 'FEEDER_EMPTY' } });
    const url = s.emu.url;
    await s.emu.close();
    emu = undefined;
    const fresh = new EsclDriver({ scanners: [url] });
    await expect(collect(fresh.scan(request(url)))).resolves.toMatchObject({ pages: [], error: { code: 'DEVICE_OFFLINE', message: expect.stringContaining('nu răspunde') } });
  });

  it('a configured scanner that is off is listed as unavailable with the Romanian reason, beside one that answers', async () => {
    const { emu: on } = await start([await colourPage(1)], { makeAndModel: 'Ghișeul 1' });
    const off = await startEsclEmulator({ pages: [], resolutions: [300] });
    const offUrl = off.url;
    await off.close();
    const driver = new EsclDriver({ scanners: [offUrl, on.url] });
    expect(await driver.listDevices()).toEqual([
      { id: offUrl, vendor: '', model: 'Scaner eSCL', type: 'eSCL (AirScan)', driver: 'escl', unavailable: { code: 'DEVICE_OFFLINE', reason: expect.stringMatching(/^Scanerul de la adresa http:\/\/127\.0\.0\.1:\d+ nu răspunde/) } },
      { id: on.url, vendor: '', model: 'Ghișeul 1', type: 'eSCL (AirScan)', driver: 'escl' },
    ]);
    // none answering is still a list (each with its reason), not an error
    expect(await new EsclDriver({ scanners: [offUrl] }).listDevices()).toMatchObject([{ id: offUrl, unavailable: { code: 'DEVICE_OFFLINE' } }]);
  });

  it('a busy scanner is listed as unavailable, saying it is busy', async () => {
    const other = await startHandScanner({ 'GET /eSCL/ScannerCapabilities': (_q, r) => r.writeHead(503).end() });
    try {
      expect(await new EsclDriver({ scanners: [other.url] }).listDevices()).toMatchObject([{ id: other.url, unavailable: { code: 'DEVICE_BUSY', reason: expect.stringContaining('ocupat') } }]);
    } finally {
      await other.close();
    }
  });
});
