/**
 * Stopping an eSCL scan against a scanner that has stopped answering: the job's DELETE is best
 * effort under a short limit (quickTimeoutMs), so a Stop or an error ends the scan instead of
 * waiting the long request limit. The limits are injected; nothing here is timed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { EsclDriver } from '../../../../station/src/drivers/escl/escl-driver.ts';
import { scanAllPages } from '../../../support/escl-scan-all.ts';
import { startHandScanner, type HandScanner } from '../../../support/escl-hand-scanner.ts';

let workDir: string;
let scanner: HandScanner | undefined;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'escl-cancel-'));
});
afterEach(async () => {
  await scanner?.close();
  scanner = undefined;
  await rm(workDir, { recursive: true, force: true });
});

// long limits that a test would never outlive, so only the short one can end the DELETE. Short, not
// tiny: at 100 ms a loaded machine could give up on the DELETE before it was even written
const limits = { requestTimeoutMs: 600_000, pageTimeoutMs: 600_000, quickTimeoutMs: 2_000 };

/** The scanner (in this process) reads a request given up on after it was sent in a later turn than the driver's error: wait for it. */
const sawDelete = (s: HandScanner) => vi.waitFor(() => expect(s.seen).toContain('DELETE /eSCL/ScanJobs/j1'), { timeout: 60_000 });

const scanAll = (driver: EsclDriver, device: string, signal?: AbortSignal) => scanAllPages(driver, device, workDir, signal);

describe('EsclDriver: the job DELETE after a stop or an error', () => {
  it('a Stop while the scanner hangs, DELETE included, ends the scan CANCELLED', async () => {
    const stop = new AbortController();
    scanner = await startHandScanner({
      // the feeder hangs: the clerk presses Stop once the driver is waiting for the page
      'GET /eSCL/ScanJobs/j1/NextDocument': () => stop.abort(),
      'DELETE /eSCL/ScanJobs/j1': () => {},
    });
    const { pages, error } = await scanAll(new EsclDriver({ scanners: [scanner.url], limits }), scanner.url, stop.signal);
    expect(pages).toEqual([]);
    expect(error).toMatchObject({ code: 'CANCELLED' });
    await sawDelete(scanner!);
  });

  it('an error with a DELETE that never answers still ends the scan with that error', async () => {
    scanner = await startHandScanner({
      'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => r.writeHead(500).end(),
      'DELETE /eSCL/ScanJobs/j1': () => {},
    });
    const { error } = await scanAll(new EsclDriver({ scanners: [scanner.url], limits }), scanner.url);
    expect(error).toMatchObject({ code: 'SCAN_FAILED', details: { httpStatus: 500 } });
    await sawDelete(scanner!);
  });
});
