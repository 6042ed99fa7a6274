/**
 * mDNS discovery of eSCL scanners on real loopback multicast: a scanner's responder
 * (test/support/mdns-scanner-announcer.ts, on a private port) announces the eSCL emulator; with
 * `discover` the driver lists it (its model from its capabilities) and scans from it; without, it
 * asks nothing and scans from no address outside the configuration. The listening window runs on a
 * ManualClock, ended once the scanner has been found: nothing here is timed.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EsclDriver } from '../../../../station/src/drivers/escl/escl-driver.ts';
import { discoverEsclScanners, type DiscoveredScanner } from '../../../../station/src/drivers/escl/escl-discovery.ts';
import { startEsclEmulator, type EsclEmulator } from '../../../support/escl-emulator.ts';
import { freeUdpPort, startMdnsAnnouncer, type MdnsAnnouncer } from '../../../support/mdns-scanner-announcer.ts';
import { ManualClock } from '../../../support/manual-clock.ts';

let workDir: string;
let emu: EsclEmulator | undefined;
let announcer: MdnsAnnouncer | undefined;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'escl-discovery-'));
});
afterEach(async () => {
  await announcer?.close();
  announcer = undefined;
  await emu?.close();
  emu = undefined;
  await rm(workDir, { recursive: true, force: true });
});

const page = () => sharp({ create: { width: 40, height: 56, channels: 3, background: { r: 180, g: 40, b: 90 } } }).jpeg().toBuffer();

/** Resolves once `n` scanners were found; the clock then ends the listening window. */
function whenFound(n: number, clock: ManualClock): { onFound: (s: DiscoveredScanner) => void; done: Promise<void> } {
  let count = 0;
  let resolve: () => void = () => {};
  const done = new Promise<void>((r) => (resolve = r));
  return {
    onFound: () => {
      if (++count === n) resolve();
    },
    done: done.then(() => clock.advance(2000)),
  };
}

describe('eSCL scanners announced over mDNS', () => {
  it('finds _uscan and _uscans announcements with their eSCL roots (as URL spells them) and models', async () => {
    const port = await freeUdpPort();
    announcer = await startMdnsAnnouncer(port, [
      { name: 'Scaner Ghișeu 2', type: 'uscan', port: 8080, ty: 'Canon DR-C240' },
      { name: 'MFP Arhivă', type: 'uscans', port: 8443, rs: '/eSCL/', ty: 'HP LaserJet MFP' },
      { name: 'Port implicit', type: 'uscan', port: 80 },
    ]);
    const clock = new ManualClock();
    const seen = whenFound(3, clock);
    const found = discoverEsclScanners(clock, { mdns: { interface: '127.0.0.1', port }, onFound: seen.onFound });
    await seen.done;
    expect(await found).toEqual({
      scanners: [
        { url: 'https://127.0.0.1:8443/eSCL', name: 'MFP Arhivă', model: 'HP LaserJet MFP' },
        { url: 'http://127.0.0.1:8080/eSCL', name: 'Scaner Ghișeu 2', model: 'Canon DR-C240' },
        // spelt as a configured address would be: no default port
        { url: 'http://127.0.0.1/eSCL', name: 'Port implicit', model: '' },
      ],
      problem: null,
    });
  });

  it('with discover on, an announced scanner is listed beside the configured ones and scanned from', async () => {
    emu = await startEsclEmulator({ pages: [await page()], resolutions: [300], makeAndModel: 'Emulator Registratură' });
    const port = await freeUdpPort();
    announcer = await startMdnsAnnouncer(port, [{ name: 'Scaner Ghișeu 2', type: 'uscan', port: Number(new URL(emu.url).port), ty: 'Canon DR-C240' }]);
    const clock = new ManualClock();
    const seen = whenFound(1, clock);
    const driver = new EsclDriver({ scanners: [], discover: true, discovery: { mdns: { interface: '127.0.0.1', port }, onFound: seen.onFound }, clock });
    const listing = driver.listDevices();
    await seen.done;
    const devices = await listing;
    expect(devices).toEqual([{ id: emu.url, vendor: '', model: 'Emulator Registratură', type: 'eSCL (AirScan), anunțat în rețea', driver: 'escl' }]);
    // the scan runs in a fresh driver (as `station scan` and the web app's runner make one), on the same network
    const pages = [];
    for await (const p of new EsclDriver({ scanners: [], discover: true, discovery: { mdns: { interface: '127.0.0.1' } } }).scan({ device: emu.url, source: 'adf', resolution: 300, mode: 'color', options: {}, workDir })) pages.push(p);
    expect(pages).toHaveLength(1);
    expect((await readFile(pages[0]!.file)).length).toBeGreaterThan(0);
  });

  it('a configured scanner also announced is listed once, as configured (its address as written, however spelt)', async () => {
    emu = await startEsclEmulator({ pages: [await page()], resolutions: [300], makeAndModel: 'Emulator Registratură' });
    const port = await freeUdpPort();
    announcer = await startMdnsAnnouncer(port, [{ name: 'Scaner Ghișeu 2', type: 'uscan', port: Number(new URL(emu.url).port), ty: 'Canon DR-C240' }]);
    const clock = new ManualClock();
    const seen = whenFound(1, clock);
    // as someone may type it in the configuration: upper-case scheme, a trailing slash
    const configured = emu.url.replace(/^http:/, 'HTTP:');
    const driver = new EsclDriver({ scanners: [`${configured}/`], discover: true, discovery: { mdns: { interface: '127.0.0.1', port }, onFound: seen.onFound }, clock });
    const listing = driver.listDevices();
    await seen.done;
    expect(await listing).toEqual([{ id: configured, vendor: '', model: 'Emulator Registratură', type: 'eSCL (AirScan)', driver: 'escl' }]);
  });

  it('a listing already stopped (its signal aborted before) ends at once, without waiting for the window', async () => {
    const port = await freeUdpPort();
    announcer = await startMdnsAnnouncer(port, [{ name: 'Scaner Ghișeu 2', type: 'uscan', port: 8080 }]);
    const clock = new ManualClock(); // never advanced: only the signal can end the window
    expect(await discoverEsclScanners(clock, { mdns: { interface: '127.0.0.1', port } }, AbortSignal.abort())).toEqual({ scanners: [], problem: null });
    expect(clock.pending).toBe(0);
  });

  it('with discover off nothing is asked on the network and no address outside the configuration is used', async () => {
    emu = await startEsclEmulator({ pages: [await page()], resolutions: [300] });
    const port = await freeUdpPort();
    announcer = await startMdnsAnnouncer(port, [{ name: 'Scaner Ghișeu 2', type: 'uscan', port: Number(new URL(emu.url).port) }]);
    const driver = new EsclDriver({ scanners: [], discovery: { mdns: { interface: '127.0.0.1', port } } });
    expect(await driver.listDevices()).toEqual([]);
    expect(announcer.answered()).toBe(0);
    await expect(driver.getCapabilities(emu.url)).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    expect(emu.requests).toEqual([]);
  });
});
