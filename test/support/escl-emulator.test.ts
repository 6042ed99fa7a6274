/**
 * The eSCL emulator behind real scanimage and real sane-airscan: what the SANE driver sees from a
 * network scanner, including a jam in the middle of a batch and an empty feeder.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StationError } from '../../shared/src/errors.ts';
import type { ScannedPage, ScanRequest } from '../../station/src/drivers/driver.ts';
import { parseScanimageList } from '../../station/src/drivers/sane/parse-scanimage-list.ts';
import { SaneDriver } from '../../station/src/drivers/sane/sane-driver.ts';
import { spawn } from '../../station/src/exec/spawn-process.ts';
import { parsePnm } from '../../station/src/imaging/pnm.ts';
import { startEsclEmulator, writeAirscanConfig, type EsclEmulator, type EsclEmulatorOptions } from './escl-emulator.ts';
import { drawMark, GrayCanvas, readMark, toPng } from './make-pages.ts';

const DEVICE = 'airscan:e0:Emulator';
// a 1-inch square area (300/300 inch) scanned at 75 dpi: 75×75 pixels, the size of the fixture pages
const AREA = { maxWidth: 300, maxHeight: 300 };

let dir: string;
let emulator: EsclEmulator | undefined;

/** Pages whose mark is 17 × their number, so order and identity can be read back from the scan. */
async function markedPages(n: number): Promise<Buffer[]> {
  const pages: Buffer[] = [];
  for (let i = 1; i <= n; i++) {
    const c = new GrayCanvas(75, 75, 75);
    drawMark(c, 17 * i);
    pages.push(await toPng(c));
  }
  return pages;
}

async function start(options: Partial<EsclEmulatorOptions> & { pages: Buffer[] }): Promise<{ emu: EsclEmulator; driver: SaneDriver; confDir: string }> {
  const emu = await startEsclEmulator({ ...AREA, pagesWrittenUnder: dir, ...options });
  emulator = emu;
  const confDir = await writeAirscanConfig(path.join(dir, 'sane.d'), emu.url);
  return { emu, driver: new SaneDriver({ env: { SANE_CONFIG_DIR: confDir } }), confDir };
}

function request(over: Partial<ScanRequest> = {}): ScanRequest {
  return { device: DEVICE, source: 'adf', resolution: 75, mode: 'gray', options: {}, workDir: dir, ...over };
}

async function collect(iter: AsyncIterable<ScannedPage>): Promise<{ pages: ScannedPage[]; error?: StationError }> {
  const pages: ScannedPage[] = [];
  try {
    for await (const p of iter) pages.push(p);
    return { pages };
  } catch (err) {
    expect(err).toBeInstanceOf(StationError);
    return { pages, error: err as StationError };
  }
}

function markOf(file: string): number {
  const img = parsePnm(readFileSync(file), file);
  if (img.kind !== 'pixels' || img.channels !== 1) throw new Error(`expected a gray page: ${file}`);
  expect([img.width, img.height]).toEqual([75, 75]);
  return readMark(img);
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'escl-emulator-'));
});
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('eSCL emulator over HTTP', () => {
  it('answers the eSCL calls the way sane-airscan reads them', async () => {
    const emu = await startEsclEmulator({ ...AREA, pages: await markedPages(1), jamAfterPage: 1 });
    emulator = emu;
    const caps = await (await fetch(`${emu.url}/ScannerCapabilities`)).text();
    expect(caps).toContain('<scan:AdfSimplexInputCaps>');
    expect(caps).not.toContain('<scan:AdfDuplexInputCaps>');
    expect(caps).toContain('<pwg:DocumentFormat>image/png</pwg:DocumentFormat>');
    const job = await fetch(`${emu.url}/ScanJobs`, { method: 'POST', body: '<scan:ScanSettings/>' });
    expect(job.status).toBe(201);
    const location = job.headers.get('location')!;
    expect(location).toMatch(/^\/eSCL\/ScanJobs\/[0-9a-f-]{36}$/);
    const origin = new URL(emu.url).origin;
    const first = await fetch(`${origin}${location}/NextDocument`);
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('image/png');
    expect((await fetch(`${origin}${location}/NextDocument`)).status).toBe(503);
    expect(await (await fetch(`${emu.url}/ScannerStatus`)).text()).toContain('<scan:AdfState>ScannerAdfJam</scan:AdfState>');
    emu.clearJam();
    expect(await (await fetch(`${emu.url}/ScannerStatus`)).text()).toContain('<scan:AdfState>ScannerAdfEmpty</scan:AdfState>');
    expect((await fetch(`${emu.url}/ScanJobs`, { method: 'POST' })).status).toBe(409);
    expect((await fetch(`${origin}${location}`, { method: 'DELETE' })).status).toBe(200);
    expect(emu.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['GET 200', 'POST 201', 'GET 200', 'GET 503', 'GET 200', 'GET 200', 'POST 409', 'DELETE 200']);
  });
  it('with pagesWrittenUnder, answers a job\'s second NextDocument only once the client has written its first page', async () => {
    const emu = await startEsclEmulator({ ...AREA, pages: await markedPages(2), pagesWrittenUnder: dir });
    emulator = emu;
    const origin = new URL(emu.url).origin;
    const location = (await fetch(`${emu.url}/ScanJobs`, { method: 'POST', body: '<scan:ScanSettings/>' })).headers.get('location')!;
    expect((await fetch(`${origin}${location}/NextDocument`)).status).toBe(200);
    const second = fetch(`${origin}${location}/NextDocument`).then((r) => r.status);
    await writeFile(path.join(dir, 'page-00001.pnm.part'), 'P5'); // a page being written does not count
    while (emu.held() === 0) await new Promise((r) => setTimeout(r, 5));
    expect(emu.delivered()).toBe(1);
    await rename(path.join(dir, 'page-00001.pnm.part'), path.join(dir, 'page-00001.pnm'));
    expect(await second).toBe(200);
    expect(emu.delivered()).toBe(2);
  });
});

describe('eSCL emulator behind real scanimage and sane-airscan', () => {
  it('real scanimage -L and -f see the emulated device', async () => {
    const { driver, confDir } = await start({ pages: await markedPages(1) });
    const listed = await spawn('scanimage', ['-L'], { env: { SANE_CONFIG_DIR: confDir }, timeoutMs: 30_000 });
    expect(listed.exitCode).toBe(0);
    expect(parseScanimageList(listed.stdout).map((d) => d.id)).toEqual([DEVICE]);
    const devices = await driver.listDevices();
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ id: DEVICE, vendor: 'eSCL', driver: 'sane' });
  });

  it('reads the emulated capabilities through sane-airscan', async () => {
    const { driver } = await start({ pages: await markedPages(1), duplex: true });
    const caps = await driver.getCapabilities(DEVICE);
    expect(caps.sources).toEqual(['adf', 'adf-duplex']);
    expect(caps.sourceNames).toEqual({ adf: 'ADF', 'adf-duplex': 'ADF Duplex' });
    expect(caps.modes).toEqual(['color', 'gray']);
    expect(caps.resolutions).toEqual([75, 150, 300]);
    expect(caps.maxAreaMm).toEqual({ width: 25.4, height: 25.4 });
  });

  it('the SANE driver scans N pages from it, in order, and ends when the feeder is empty', async () => {
    const { emu, driver } = await start({ pages: await markedPages(6) });
    const { pages, error } = await collect(driver.scan(request()));
    expect(error).toBeUndefined();
    expect(pages.map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(pages.map((p) => markOf(p.file))).toEqual([17, 34, 51, 68, 85, 102]);
    expect(emu.delivered()).toBe(6);
    expect(emu.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
    expect(emu.requests.at(-1)?.method).toBe('DELETE');
  });

  it.each([503, 409] as const)('a jam after page 3 (NextDocument %i) gives pages 1..3, then PAPER_JAM; after clearing it the batch goes on', async (jamHttpStatus) => {
    const { emu, driver } = await start({ pages: await markedPages(6), jamAfterPage: 3, jamHttpStatus });
    const first = await collect(driver.scan(request()));
    expect(first.pages.map((p) => markOf(p.file))).toEqual([17, 34, 51]);
    expect(first.error?.code).toBe('PAPER_JAM');
    expect(first.error?.message).toBe('Hârtia s-a blocat în scaner după pagina 3. Scoateți foaia blocată, puneți înapoi foile nescanate și continuați lotul.');
    expect(first.error?.details).toMatchObject({ stage: 'sane_start', pagesDelivered: 3 });

    emu.clearJam();
    const second = await collect(driver.scan(request({ startIndex: 4 })));
    // the request log says what the scanner was asked, should this ever fail
    expect(second.error, JSON.stringify(emu.requests.map((r) => [r.method, r.path, r.status]))).toBeUndefined();
    expect(second.pages.map((p) => p.index)).toEqual([4, 5, 6]);
    expect(second.pages.map((p) => markOf(p.file))).toEqual([68, 85, 102]);
  });

  it('an empty feeder at the start → FEEDER_EMPTY', async () => {
    const { driver } = await start({ pages: [] });
    const { pages, error } = await collect(driver.scan(request()));
    expect(pages).toEqual([]);
    expect(error?.code).toBe('FEEDER_EMPTY');
  });

  it('asks a duplex feeder for both sides and delivers every side', async () => {
    const { emu, driver } = await start({ pages: await markedPages(4), duplex: true });
    const { pages, error } = await collect(driver.scan(request({ source: 'adf-duplex' })));
    expect(error).toBeUndefined();
    expect(pages.map((p) => markOf(p.file))).toEqual([17, 34, 51, 68]);
    const settings = emu.requests.find((r) => r.method === 'POST')!.body;
    expect(settings).toContain('<pwg:InputSource>Feeder</pwg:InputSource>');
    expect(settings).toContain('<scan:Duplex>true</scan:Duplex>');
    expect(settings).toContain('<scan:XResolution>75</scan:XResolution>');
    expect(settings).toContain('<scan:ColorMode>Grayscale8</scan:ColorMode>');
  });
});
