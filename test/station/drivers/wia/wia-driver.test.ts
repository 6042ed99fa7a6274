/**
 * The WIA driver end to end needs Windows, PowerShell and a WIA scanner. Here (Linux) it is run for
 * real up to the point where PowerShell is missing, which must come out as a clear, typed error.
 * On Windows, `WIA_TEST_DEVICE=<DeviceID>` also runs the script against a real scanner.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ScanRequest } from '../../../../station/src/drivers/driver.ts';
import { WIA_SCRIPT, WiaDriver } from '../../../../station/src/drivers/wia/wia-driver.ts';

const onWindows = process.platform === 'win32';
const device = process.env.WIA_TEST_DEVICE;

function request(overrides: Partial<ScanRequest> = {}): ScanRequest {
  return { device: '{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0000', source: 'adf', resolution: 300, mode: 'gray', options: {}, workDir: tmpdir(), ...overrides };
}

async function firstPage(driver: WiaDriver, r: ScanRequest) {
  for await (const page of driver.scan(r)) return page;
  return undefined;
}

describe('WiaDriver', () => {
  it('ships its PowerShell scripts beside it', () => {
    expect(existsSync(WIA_SCRIPT)).toBe(true);
    expect(path.basename(WIA_SCRIPT)).toBe('wia-scan.ps1');
    expect(existsSync(path.join(path.dirname(WIA_SCRIPT), 'wia-common.ps1'))).toBe(true);
  });

  it('keeps the scripts pure ASCII (Windows PowerShell 5.1 reads a BOM-less script in the ANSI code page)', () => {
    for (const name of ['wia-scan.ps1', 'wia-common.ps1']) {
      const text = readFileSync(path.join(path.dirname(WIA_SCRIPT), name), 'latin1');
      expect([...text].every((c) => c.charCodeAt(0) < 0x80), name).toBe(true);
    }
  });

  it.skipIf(onWindows)('says clearly that PowerShell is missing (list, caps, scan)', async () => {
    const driver = new WiaDriver();
    const missing = { code: 'PROCESS_FAILED', message: expect.stringContaining('(PowerShell) nu a fost găsit') };
    await expect(driver.listDevices()).rejects.toMatchObject(missing);
    await expect(driver.getCapabilities(request().device)).rejects.toMatchObject(missing);
    await expect(firstPage(driver, request())).rejects.toMatchObject({ ...missing, details: expect.objectContaining({ pagesDelivered: 0 }) });
  });

  it('rejects a bad request before starting any program', async () => {
    const driver = new WiaDriver({ powershell: 'powershell-that-must-not-be-started' });
    await expect(firstPage(driver, request({ resolution: 10 }))).rejects.toMatchObject({ code: 'OPTION_INVALID' });
    await expect(firstPage(driver, request({ options: { brightness: '3' } }))).rejects.toMatchObject({ code: 'OPTION_INVALID' });
  });

  it('honours an AbortSignal that already fired', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(firstPage(new WiaDriver(), request({ signal: controller.signal }))).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it.runIf(onWindows)('lists WIA devices through the real script', async () => {
    const devices = await new WiaDriver().listDevices();
    expect(devices.every((d) => d.driver === 'wia')).toBe(true);
  });

  it.runIf(onWindows && device)('scans from the feeder of WIA_TEST_DEVICE', async () => {
    const driver = new WiaDriver();
    const caps = await driver.getCapabilities(device!);
    const workDir = await mkdtemp(path.join(tmpdir(), 'wia-'));
    const pages = [];
    try {
      for await (const page of driver.scan(request({ device: device!, workDir, source: caps.sources.includes('adf') ? 'adf' : 'flatbed' }))) pages.push(page);
    } catch (err) {
      expect(err).toMatchObject({ code: 'FEEDER_EMPTY' }); // acceptable when nobody loaded paper
    }
    for (const p of pages) expect(existsSync(p.file)).toBe(true);
  });
});
