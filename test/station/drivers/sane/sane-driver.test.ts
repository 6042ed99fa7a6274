/**
 * The SANE driver against the real `scanimage` and SANE's `test` backend (enabled in
 * /etc/sane.d/dll.conf): its feeder is empty after 10 pages, `--read-return-value` fails the first
 * page the way hardware does. Streaming and stopping mid-batch go through real sane-airscan and the
 * eSCL emulator, whose feeder the test holds, so "while scanimage still runs" is certain, not timed.
 * The hang after "Batch terminated" that the test backend shows now and then is played by a
 * stand-in, driven on a ManualClock.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StationError } from '../../../../shared/src/errors.ts';
import type { ScannedPage, ScanRequest } from '../../../../station/src/drivers/driver.ts';
import { SaneDriver } from '../../../../station/src/drivers/sane/sane-driver.ts';
import { startEsclEmulator, writeAirscanConfig, type EsclEmulator } from '../../../support/escl-emulator.ts';
import { drawMark, GrayCanvas, toPng } from '../../../support/make-pages.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { ownCaptures as CAPTURES } from './paths.ts';

const SMALL = { x: '20', y: '20' }; // 20×20 mm at 50 dpi: 39×39 pixels, 1521 bytes of gray
const PAGE_HEADER = 'P5\n# SANE data follows\n39 39\n255\n';
const PAGE_BYTES = PAGE_HEADER.length + 1521;

let workDir: string;
// short grace periods: the test backend hangs after an injected error in about one run in ten
const driver = new SaneDriver({ exitGraceMs: 500, killGraceMs: 500 });

async function waitFor(check: () => boolean): Promise<void> {
  const limit = Date.now() + 30_000; // a safety net only
  while (!check() && Date.now() < limit) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
}

function request(over: Partial<ScanRequest> = {}): ScanRequest {
  return { device: 'test:0', source: 'adf', resolution: 50, mode: 'gray', options: SMALL, workDir, ...over };
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

/** Live processes whose command line is exactly `sleep <duration>` (read from /proc). */
function sleepersOf(duration: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (/^\d+ \(.*\) [ZX]/.test(readFileSync(`/proc/${entry}/stat`, 'utf8'))) continue; // a zombie nobody reaped yet is gone
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8') === `sleep\0${duration}\0`) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

/** scanimage processes that write into `dir` (read from /proc, so no process tool is needed). */
function scanimagesWritingTo(dir: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmd.startsWith('scanimage\0') && cmd.includes(dir)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'sane-driver-'));
});
afterEach(async () => {
  await rm(workDir, { recursive: true, force: true });
});

describe('SaneDriver with the SANE test backend', () => {
  it('lists the test devices', async () => {
    const devices = await driver.listDevices();
    expect(devices).toContainEqual({ id: 'test:0', vendor: 'Noname', model: 'frontend-tester', type: 'virtual device', driver: 'sane' });
    expect(devices.map((d) => d.id)).toContain('test:1');
  });

  it('passes SANE_CONFIG_DIR through to scanimage', async () => {
    const only = path.join(workDir, 'conf-test-only');
    const none = path.join(workDir, 'conf-none');
    await mkdir(only);
    await mkdir(none);
    await writeFile(path.join(only, 'dll.conf'), 'test\n');
    await writeFile(path.join(none, 'dll.conf'), '# nothing\n');
    const onlyTest = await new SaneDriver({ env: { SANE_CONFIG_DIR: only } }).listDevices();
    expect(onlyTest.map((d) => d.id)).toEqual(['test:0', 'test:1']);
    expect(await new SaneDriver({ env: { SANE_CONFIG_DIR: none } }).listDevices()).toEqual([]);
  });

  it('reads the capabilities of test:0', async () => {
    const caps = await driver.getCapabilities('test:0');
    expect(caps.sources).toEqual(['flatbed', 'adf']);
    expect(caps.sourceNames).toEqual({ flatbed: 'Flatbed', adf: 'Automatic Document Feeder' });
    expect(caps.modes).toEqual(['color', 'gray']);
    expect(caps.resolutions).toContain(300);
    expect(caps.maxAreaMm).toEqual({ width: 200, height: 200 });
    expect(caps.options.find((o) => o.name === 'read-return-value')?.values).toContain('SANE_STATUS_COVER_OPEN');
  });

  it('scans a 10-page feeder batch and ends normally when the feeder is empty', async () => {
    const { pages, error } = await collect(driver.scan(request()));
    expect(error).toBeUndefined();
    expect(pages.map((p) => p.index)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(pages[0]!.file).toBe(path.join(workDir, 'page-00001.pnm'));
    for (const p of pages) {
      const bytes = readFileSync(p.file);
      expect(bytes.subarray(0, PAGE_HEADER.length).toString('latin1')).toBe(PAGE_HEADER);
      expect(bytes.length).toBe(PAGE_BYTES);
    }
    expect((await readdir(workDir)).sort()).toEqual(pages.map((p) => path.basename(p.file)));
  });

  it('continues the numbering of a resumed batch', async () => {
    const { pages } = await collect(driver.scan(request({ startIndex: 8 })));
    expect(pages.map((p) => p.index)).toEqual([8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(path.basename(pages.at(-1)!.file)).toBe('page-00017.pnm');
  });

  it('scans one flatbed page and stops (a flatbed batch needs a count)', async () => {
    const { pages, error } = await collect(driver.scan(request({ source: 'flatbed', mode: 'color' })));
    expect(error).toBeUndefined();
    expect(pages.map((p) => p.index)).toEqual([1]);
    expect(readFileSync(pages[0]!.file).subarray(0, 2).toString()).toBe('P6');
  });

  it.each([
    ['SANE_STATUS_JAMMED', 'PAPER_JAM'],
    ['SANE_STATUS_COVER_OPEN', 'COVER_OPEN'],
    ['SANE_STATUS_DEVICE_BUSY', 'DEVICE_BUSY'],
    ['SANE_STATUS_NO_DOCS', 'FEEDER_EMPTY'],
    ['SANE_STATUS_IO_ERROR', 'IO_ERROR'],
    ['SANE_STATUS_ACCESS_DENIED', 'ACCESS_DENIED'],
  ])('%s on the first page → %s, no page and no .part file left', async (status, code) => {
    const { pages, error } = await collect(driver.scan(request({ options: { ...SMALL, 'read-return-value': status } })));
    expect(pages).toEqual([]);
    expect(error?.code).toBe(code);
    expect(error?.details).toMatchObject({ device: 'test:0', pagesDelivered: 0 });
    expect(await readdir(workDir)).toEqual([]);
  });

  it('a jam on the first page through the real test backend → PAPER_JAM, and scanimage is gone', async () => {
    // the test backend sometimes hangs after an injected error: the driver's exit grace period (0.5 s here) ends it
    const { pages, error } = await collect(driver.scan(request({ options: { ...SMALL, 'read-return-value': 'SANE_STATUS_JAMMED' } })));
    expect(pages).toEqual([]);
    expect(error?.code).toBe('PAPER_JAM');
    expect(scanimagesWritingTo(workDir)).toEqual([]);
  });

  it('stops a scanimage that hangs after "Batch terminated" and still reports the error', async () => {
    // a stand-in that says what the test backend says on a jam, then hangs the way it does now and then
    const stub = path.join(workDir, 'scanimage-hangs');
    const hang = `600.${process.pid}${Date.now() % 100_000}`; // a sleep only this test starts
    await writeFile(stub, [
      '#!/bin/sh',
      `if [ "$1" = "-A" ]; then cat ${JSON.stringify(path.join(CAPTURES, 'sane-test-backend-A-adf.txt'))}; exit 0; fi`,
      `cat ${JSON.stringify(path.join(CAPTURES, 'sane-stderr-jammed.txt'))} >&2`,
      `exec sleep ${hang}`,
      '',
    ].join('\n'), { mode: 0o755 });
    const clock = new ManualClock();
    const hanging = new SaneDriver({ scanimage: stub, clock, exitGraceMs: 10_000 });
    await hanging.getCapabilities('test:0');
    const scanning = collect(hanging.scan(request({ workDir: path.join(workDir, 'pages') })));
    await clock.waiting(); // "Batch terminated" was read: the exit grace period runs
    await waitFor(() => sleepersOf(hang).length === 1); // the stand-in hangs
    clock.advance(9_999);
    expect(sleepersOf(hang)).toHaveLength(1);
    clock.advance(1);
    const { pages, error } = await scanning;
    expect(pages).toEqual([]);
    expect(error?.code).toBe('PAPER_JAM');
    expect(sleepersOf(hang)).toEqual([]);
  });

  it('rejects a device option the scanner does not accept before starting scanimage', async () => {
    const { error } = await collect(driver.scan(request({ options: { 'test-picture': 'Zebra' } })));
    expect(error?.code).toBe('OPTION_INVALID');
    expect(error?.message).toContain('Valori posibile: Solid black, Solid white, Color pattern, Grid');
  });

  it('maps an option scanimage itself refuses to OPTION_INVALID', async () => {
    // read-delay-duration is inactive unless read-delay is on: our check passes, scanimage refuses
    const { pages, error } = await collect(driver.scan(request({ options: { ...SMALL, 'read-delay-duration': '2000' } })));
    expect(pages).toEqual([]);
    expect(error?.code).toBe('OPTION_INVALID');
    expect(error?.details.option).toBe('read-delay-duration');
  });

  it('an unknown device → DEVICE_NOT_FOUND', async () => {
    const { error } = await collect(driver.scan(request({ device: 'test:9' })));
    expect(error?.code).toBe('DEVICE_NOT_FOUND');
    expect(error?.message).toContain('„test:9” nu a fost găsit');
    await expect(driver.getCapabilities('nosuchbackend:0')).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
  });

  it('an already aborted signal starts nothing', async () => {
    const { error } = await collect(driver.scan(request({ signal: AbortSignal.abort() })));
    expect(error?.code).toBe('CANCELLED');
    expect(await readdir(workDir)).toEqual([]);
  });

  it('says to install sane-utils when scanimage is missing', async () => {
    const { error } = await collect(new SaneDriver({ scanimage: 'scanimage-not-installed' }).scan(request()));
    expect(error?.code).toBe('PROCESS_FAILED');
    expect(error?.message).toBe('Programul „scanimage-not-installed” nu este instalat pe acest calculator. Instalați pachetul sane-utils (SANE) și încercați din nou.');
  });
});

describe('SaneDriver through sane-airscan and the eSCL emulator, whose feeder the test holds', () => {
  let emulator: EsclEmulator | undefined;
  afterEach(async () => {
    emulator?.release();
    await emulator?.close();
    emulator = undefined;
  });

  /** A 3-sheet feeder that stops after `holdAfterPage` sheets until the test releases it. */
  async function heldFeeder(holdAfterPage: number): Promise<{ emu: EsclEmulator; airscan: SaneDriver }> {
    const pages: Buffer[] = [];
    for (let i = 1; i <= 3; i++) {
      const c = new GrayCanvas(75, 75, 75);
      drawMark(c, 17 * i);
      pages.push(await toPng(c));
    }
    const emu = await startEsclEmulator({ maxWidth: 300, maxHeight: 300, pages, holdAfterPage, pagesWrittenUnder: workDir });
    emulator = emu;
    const confDir = await writeAirscanConfig(path.join(workDir, 'sane.d'), emu.url);
    return { emu, airscan: new SaneDriver({ env: { SANE_CONFIG_DIR: confDir }, killGraceMs: 500 }) };
  }
  const feederRequest = (over: Partial<ScanRequest> = {}) => request({ device: 'airscan:e0:Emulator', resolution: 75, options: {}, ...over });

  it('yields each page as soon as it is complete, while scanimage still runs', async () => {
    const { emu, airscan } = await heldFeeder(1);
    const pages: ScannedPage[] = [];
    for await (const p of airscan.scan(feederRequest())) {
      if (pages.length === 0) {
        // the feeder gives sheet 2 only after this: the page came while scanimage was still scanning
        expect(existsSync(p.file)).toBe(true);
        expect(existsSync(`${p.file}.part`)).toBe(false);
        expect(scanimagesWritingTo(workDir)).toHaveLength(1);
        expect(emu.delivered()).toBe(1);
        emu.release();
      }
      pages.push(p);
    }
    expect(pages.map((p) => p.index)).toEqual([1, 2, 3]);
    expect(scanimagesWritingTo(workDir)).toEqual([]);
  });

  it('abort mid-batch: pages already complete are delivered, then CANCELLED, and scanimage is gone', async () => {
    const { emu, airscan } = await heldFeeder(2);
    const ac = new AbortController();
    const pages: ScannedPage[] = [];
    let error: unknown;
    try {
      for await (const p of airscan.scan(feederRequest({ signal: ac.signal }))) {
        pages.push(p);
        if (pages.length === 2) ac.abort(); // the feeder is held: scanimage is waiting for sheet 3
      }
    } catch (err) {
      error = err;
    }
    expect((error as StationError).code).toBe('CANCELLED');
    expect(pages.map((p) => p.index)).toEqual([1, 2]);
    for (const p of pages) expect(existsSync(p.file)).toBe(true);
    expect(emu.delivered()).toBe(2);
    expect(scanimagesWritingTo(workDir)).toEqual([]);
    expect((await readdir(workDir)).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('a consumer that stops early stops scanimage too', async () => {
    const { airscan } = await heldFeeder(1);
    const pages: ScannedPage[] = [];
    let running = 0;
    for await (const p of airscan.scan(feederRequest())) {
      pages.push(p);
      running = scanimagesWritingTo(workDir).length;
      if (pages.length === 1) break;
    }
    expect(pages).toHaveLength(1);
    expect(running).toBe(1); // it was still scanning when the consumer stopped
    expect(scanimagesWritingTo(workDir)).toEqual([]);
  });
});
