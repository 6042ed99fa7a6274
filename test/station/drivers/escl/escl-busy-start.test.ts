/**
 * A scanner busy before the job exists: its ScannerCapabilities or POST ScanJobs answered 503
 * (another computer is scanning). It is asked again like any busy answer, busyRetries times
 * busyRetryMs apart, and a Stop ends the wait at once; a 503 whose body never ends is not read
 * until the request's long limit. The waits run on a ManualClock; nothing here is timed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EsclDriver } from '../../../../station/src/drivers/escl/escl-driver.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { scanAllPages } from '../../../support/escl-scan-all.ts';
import { HAND_CAPS, startHandScanner, type HandScanner } from '../../../support/escl-hand-scanner.ts';

let workDir: string;
let scanner: HandScanner | undefined;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'escl-busy-start-'));
});
afterEach(async () => {
  await scanner?.close();
  scanner = undefined;
  await rm(workDir, { recursive: true, force: true });
});

// long limits that a test would never outlive, so only the quick one can end an answer's body
const limits = { requestTimeoutMs: 600_000, pageTimeoutMs: 600_000, quickTimeoutMs: 100 };

const scanAll = (driver: EsclDriver, device: string, signal?: AbortSignal) => scanAllPages(driver, device, workDir, signal);

const capsAsked = (s: HandScanner) => s.seen.filter((k) => k === 'GET /eSCL/ScannerCapabilities').length;

describe('EsclDriver: busy before the job', () => {
  it('capabilities answered 503 twice are asked again, then the scan runs', async () => {
    let busy = 2;
    scanner = await startHandScanner({ 'GET /eSCL/ScannerCapabilities': (_q, r) => (busy-- > 0 ? r.writeHead(503).end() : r.end(HAND_CAPS)) });
    const clock = new ManualClock();
    const driver = new EsclDriver({ scanners: [scanner.url], limits, clock });
    const run = scanAll(driver, scanner.url);
    for (let i = 0; i < 2; i++) {
      await clock.waiting();
      clock.advance(1000);
    }
    const { pages, error } = await run;
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    expect(capsAsked(scanner)).toBe(3);
  });

  it('capabilities that stay busy end as DEVICE_BUSY in Romanian, with how far the scan got', async () => {
    scanner = await startHandScanner({ 'GET /eSCL/ScannerCapabilities': (_q, r) => r.writeHead(503).end() });
    const clock = new ManualClock();
    const driver = new EsclDriver({ scanners: [scanner.url], limits, clock, busyRetries: 2 });
    const run = scanAll(driver, scanner.url);
    for (let i = 0; i < 2; i++) {
      await clock.waiting();
      clock.advance(1000);
    }
    const { pages, error } = await run;
    expect(pages).toEqual([]);
    expect(error).toMatchObject({ code: 'DEVICE_BUSY', message: expect.stringContaining('îl folosește alt calculator'), details: { pagesDelivered: 0, lastPageIndex: 0, httpStatus: 503 } });
    expect(capsAsked(scanner)).toBe(3);
    expect(scanner.seen).not.toContain('POST /eSCL/ScanJobs');
  });

  it('a Stop while waiting for a busy scanner ends the scan CANCELLED at once', async () => {
    scanner = await startHandScanner({ 'GET /eSCL/ScannerCapabilities': (_q, r) => r.writeHead(503).end() });
    const clock = new ManualClock();
    const driver = new EsclDriver({ scanners: [scanner.url], limits, clock });
    const stop = new AbortController();
    const run = scanAll(driver, scanner.url, stop.signal);
    await clock.waiting();
    stop.abort();
    const { pages, error } = await run;
    expect(pages).toEqual([]);
    expect(error).toMatchObject({ code: 'CANCELLED', details: { pagesDelivered: 0 } });
    expect(capsAsked(scanner)).toBe(1);
  });

  it('a 503 to POST ScanJobs whose body never ends is dropped quickly and asked again', async () => {
    let posts = 0;
    scanner = await startHandScanner({
      'POST /eSCL/ScanJobs': (_q, r) => {
        if (posts++ === 0) {
          r.writeHead(503, { 'Content-Length': '1000' });
          r.write('ocupat'); // and never more
        } else {
          r.writeHead(201, { Location: '/eSCL/ScanJobs/j1' }).end();
        }
      },
    });
    const driver = new EsclDriver({ scanners: [scanner.url], limits, busyRetryMs: 1 });
    const { pages, error } = await scanAll(driver, scanner.url);
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    expect(posts).toBe(2);
  });
});
