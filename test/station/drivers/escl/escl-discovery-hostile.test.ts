/**
 * mDNS discovery against hostile announcements and a network that does not let it run, on real
 * loopback multicast (test/support/mdns-scanner-announcer.ts): an announcement whose records name
 * another host than its responder is refused and logged, an address off the office network is never
 * scanned from, and a socket that cannot be opened (its port held by another program) or an
 * interface that is not this machine's ends discovery at once, logged (pino, an object) and told to
 * the clerk in Romanian beside the configured scanners. Windows end on the test's clock.
 */
import { createSocket, type Socket } from 'node:dgram';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EsclDriver } from '../../../../station/src/drivers/escl/escl-driver.ts';
import { discoverEsclScanners } from '../../../../station/src/drivers/escl/escl-discovery.ts';
import { startEsclEmulator, type EsclEmulator } from '../../../support/escl-emulator.ts';
import { freeUdpPort, startMdnsAnnouncer, type MdnsAnnouncer } from '../../../support/mdns-scanner-announcer.ts';
import { ManualClock } from '../../../support/manual-clock.ts';

let workDir: string;
let emu: EsclEmulator | undefined;
let announcer: MdnsAnnouncer | undefined;
let holder: Socket | undefined;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'escl-discovery-hostile-'));
});
afterEach(async () => {
  await announcer?.close();
  announcer = undefined;
  await emu?.close();
  emu = undefined;
  await new Promise<void>((resolve) => (holder ? holder.close(() => resolve()) : resolve()));
  holder = undefined;
  await rm(workDir, { recursive: true, force: true });
});

const page = () => sharp({ create: { width: 40, height: 56, channels: 3, background: { r: 20, g: 40, b: 90 } } }).jpeg().toBuffer();

function memoryLog(): { log: pino.Logger; lines: Record<string, unknown>[] } {
  const lines: Record<string, unknown>[] = [];
  return { log: pino({ level: 'debug' }, { write: (s: string) => void lines.push(JSON.parse(s) as Record<string, unknown>) }), lines };
}

describe('eSCL discovery against hostile announcements', () => {
  it('an announcement whose records name another host (public or private) is refused and logged; the genuine one is listed', async () => {
    emu = await startEsclEmulator({ pages: [await page()], resolutions: [300], makeAndModel: 'Emulator Registratură' });
    const port = await freeUdpPort();
    announcer = await startMdnsAnnouncer(port, [
      { name: 'Scaner Ghișeu 2', type: 'uscan', port: Number(new URL(emu.url).port) },
      { name: 'Intrus public', type: 'uscan', port: 8081, address: '203.0.113.7' },
      { name: 'Intrus în rețea', type: 'uscans', port: 8443, address: '10.9.8.7' },
    ]);
    const clock = new ManualClock();
    const { log, lines } = memoryLog();
    let found = 0;
    const refused: string[] = [];
    let resolve: () => void = () => {};
    const all = new Promise<void>((r) => (resolve = r));
    const check = () => found === 1 && refused.length === 2 && resolve();
    const driver = new EsclDriver({
      scanners: [],
      discover: true,
      log,
      clock,
      discovery: { mdns: { interface: '127.0.0.1', port }, onFound: () => void (found++, check()), onRefused: (r) => void (refused.push(r.name), check()) },
    });
    const listing = driver.listDevices();
    await all;
    clock.advance(2000);
    expect(await listing).toEqual([{ id: emu.url, vendor: '', model: 'Emulator Registratură', type: 'eSCL (AirScan), anunțat în rețea', driver: 'escl' }]);
    expect(refused.sort()).toEqual(['Intrus public', 'Intrus în rețea']);
    const warned = lines.filter((l) => l.msg === 'mDNS discovery: announcement refused').map((l) => l.announcement);
    expect(warned).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'Intrus public', addresses: ['203.0.113.7'], from: '127.0.0.1', reason: 'not-its-own-address' })]));
    expect(warned).toHaveLength(2);
  });

  it("an announcement from one of the station's own network addresses (a responder on the station itself, its own heard back) is refused; that address is never scanned from", async () => {
    emu = await startEsclEmulator({ pages: [await page()], resolutions: [300] });
    const port = await freeUdpPort();
    announcer = await startMdnsAnnouncer(port, [{ name: 'Stația însăși', type: 'uscan', port: Number(new URL(emu.url).port) }]);
    // this machine as the test describes it: 127.0.0.1 is its address on the office LAN (not its loopback)
    const interfaces = { eth0: [{ address: '127.0.0.1', cidr: '127.0.0.1/8', netmask: '255.0.0.0', family: 'IPv4', mac: '02:00:00:00:00:01', internal: false } as const] };
    const clock = new ManualClock();
    const { log, lines } = memoryLog();
    let resolve: () => void = () => {};
    const refusedOnce = new Promise<void>((r) => (resolve = r));
    const refused: string[] = [];
    const driver = new EsclDriver({
      scanners: [],
      discover: true,
      log,
      clock,
      discovery: { mdns: { interface: '127.0.0.1', port }, interfaces, onRefused: (r) => void (refused.push(r.reason), resolve()) },
    });
    const listing = driver.listDevices();
    await refusedOnce;
    clock.advance(2000);
    expect(await listing).toEqual([]);
    expect(refused[0]).toBe('the-station-itself');
    expect(lines.find((l) => l.msg === 'mDNS discovery: announcement refused')).toMatchObject({ announcement: { name: 'Stația însăși', from: '127.0.0.1', reason: 'the-station-itself' } });
    await expect(driver.getCapabilities(emu.url)).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    expect(emu.requests).toEqual([]);
  });

  it('with discover on, an address off the office network (the station itself, a public host, a host name) is never contacted', async () => {
    emu = await startEsclEmulator({ pages: [await page()], resolutions: [300] });
    const driver = new EsclDriver({ scanners: [], discover: true });
    for (const device of [emu.url, 'http://203.0.113.7/eSCL', 'http://registru.primarie.ro/eSCL']) {
      await expect(driver.getCapabilities(device)).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    }
    expect(emu.requests).toEqual([]);
  });
});

describe('eSCL discovery that cannot run', () => {
  it('its port held by another program: logged with the error, the clerk told in Romanian beside the configured scanners; the window ends at once', async () => {
    emu = await startEsclEmulator({ pages: [await page()], resolutions: [300], makeAndModel: 'Emulator Registratură' });
    const port = await freeUdpPort();
    holder = createSocket({ type: 'udp4', reuseAddr: false });
    await new Promise<void>((resolve) => holder!.bind(port, '0.0.0.0', resolve));
    const { log, lines } = memoryLog();
    // the clock is never advanced: only the failure can end the window
    const driver = new EsclDriver({ scanners: [emu.url], discover: true, log, clock: new ManualClock(), discovery: { mdns: { interface: '127.0.0.1', port } } });
    const devices = await driver.listDevices();
    expect(devices).toHaveLength(2);
    expect(devices[0]).toMatchObject({ id: emu.url, model: 'Emulator Registratură' });
    expect(devices[0]!.unavailable).toBeUndefined();
    expect(devices[1]).toMatchObject({ id: 'mdns:', unavailable: { code: 'DEVICE_OFFLINE', reason: expect.stringContaining('Căutarea scanerelor anunțate în rețea (mDNS) nu poate porni') } });
    expect(devices[1]!.unavailable!.reason).toContain('escl.scanners');
    const logged = lines.find((l) => l.msg === 'mDNS discovery: the socket could not be opened');
    expect(logged).toMatchObject({ level: 50, port, err: { code: 'EADDRINUSE' } });
    // the notice is no scanner
    await expect(driver.getCapabilities('mdns:')).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
  });

  it('an interface address that is not this machine: told at once, nothing listened for', async () => {
    const { log, lines } = memoryLog();
    const result = await discoverEsclScanners(new ManualClock(), { mdns: { interface: '192.0.2.1', port: await freeUdpPort() }, log });
    expect(result.scanners).toEqual([]);
    expect(result.problem).toMatchObject({ code: 'DEVICE_OFFLINE', details: { reason: 'mdns-interface', interface: '192.0.2.1' } });
    expect(result.problem!.message).toContain('adresa 192.0.2.1 nu este a acestui calculator');
    expect(lines).toEqual([expect.objectContaining({ level: 40, interface: '192.0.2.1' })]);
  });
});
