/**
 * How an eSCL job ends, against a hand-written scanner on loopback: only a 404/410 from
 * NextDocument ends it. A 503 while the last sheet is still in the scanner (the tray already
 * empty) is asked again, so that sheet is not lost; an empty tray is FEEDER_EMPTY only before any
 * page has come; the status read after the final 404 is best effort. Every error says how far the
 * scan got (pagesDelivered, lastPageIndex).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StationError } from '../../../../shared/src/errors.ts';
import type { ScannedPage } from '../../../../station/src/drivers/driver.ts';
import { EsclDriver, type EsclDriverOptions } from '../../../../station/src/drivers/escl/escl-driver.ts';
import { scanAllPages } from '../../../support/escl-scan-all.ts';
import { HAND_JPEG, startHandScanner, statusXml, type HandScanner } from '../../../support/escl-hand-scanner.ts';

let workDir: string;
let scanner: HandScanner | undefined;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'escl-job-end-'));
});
afterEach(async () => {
  await scanner?.close();
  scanner = undefined;
  await rm(workDir, { recursive: true, force: true });
});

async function scanAll(url: string, options: Partial<EsclDriverOptions> = {}): Promise<{ pages: ScannedPage[]; error?: StationError }> {
  return scanAllPages(new EsclDriver({ scanners: [url], busyRetryMs: 1, ...options }), url, workDir);
}

/** NextDocument answers `script` in turn (then 404); the tray reads empty once `emptyAfter` pages have gone. */
async function scripted(script: number[], emptyAfter: number): Promise<HandScanner> {
  let sent = 0;
  return startHandScanner({
    'GET /eSCL/ScannerStatus': (_q, r) => r.end(statusXml('Processing', sent >= emptyAfter ? 'ScannerAdfEmpty' : 'ScannerAdfLoaded')),
    'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => {
      const status = script.shift() ?? 404;
      if (status !== 200) return r.writeHead(status).end();
      sent++;
      r.writeHead(200, { 'Content-Type': 'image/jpeg' }).end(HAND_JPEG);
    },
  });
}

describe('EsclDriver: the end of a job', () => {
  it('a 503 for the last sheet, with the tray already empty, is asked again: no page is lost', async () => {
    scanner = await scripted([200, 200, 503, 503, 200, 404], 2);
    const { pages, error } = await scanAll(scanner.url);
    expect(error).toBeUndefined();
    expect(pages.map((p) => path.basename(p.file))).toEqual(['page-00001.jpg', 'page-00002.jpg', 'page-00003.jpg']);
    expect(scanner.seen.filter((k) => k.endsWith('NextDocument'))).toHaveLength(6);
    expect(await readdir(workDir)).toHaveLength(3);
  });

  it('a scanner that stays busy after pages came, tray empty, is DEVICE_BUSY after the retries, not a quiet end', async () => {
    scanner = await scripted([200, ...Array<number>(10).fill(503)], 1);
    const { pages, error } = await scanAll(scanner.url, { busyRetries: 3 });
    expect(pages).toHaveLength(1);
    expect(error).toMatchObject({ code: 'DEVICE_BUSY', details: { pagesDelivered: 1, lastPageIndex: 1 } });
    expect(scanner.seen).toContain('DELETE /eSCL/ScanJobs/j1');
  });

  it('an empty tray before any page is FEEDER_EMPTY', async () => {
    scanner = await scripted([503, 503], 0);
    await expect(scanAll(scanner.url)).resolves.toMatchObject({ pages: [], error: { code: 'FEEDER_EMPTY' } });
  });

  it('a 503 for the only sheet, the tray already empty before any page came, is asked again: that page is not lost', async () => {
    scanner = await scripted([503, 503, 200, 404], 0);
    const { pages, error } = await scanAll(scanner.url);
    expect(error).toBeUndefined();
    expect(pages.map((p) => path.basename(p.file))).toEqual(['page-00001.jpg']);
    expect(scanner.seen).not.toContain('DELETE /eSCL/ScanJobs/j1');
  });

  it('a tray that stays empty while the scanner stays busy, no page come, is FEEDER_EMPTY after the retries', async () => {
    scanner = await scripted(Array<number>(10).fill(503), 0);
    const { pages, error } = await scanAll(scanner.url, { busyRetries: 3 });
    expect(pages).toEqual([]);
    expect(error).toMatchObject({ code: 'FEEDER_EMPTY', details: { pagesDelivered: 0 } });
    expect(scanner.seen).toContain('DELETE /eSCL/ScanJobs/j1');
  });
});

describe('EsclDriver: the status read after the final 404 is best effort', () => {
  it('a status request that fails (connection dropped, or XML it cannot read) is no trouble: the scan ends normally', async () => {
    scanner = await startHandScanner({ 'GET /eSCL/ScannerStatus': (q) => q.socket.destroy() });
    expect(await scanAll(scanner.url)).toEqual({ pages: [expect.objectContaining({ index: 1 })] });
    await scanner.close();
    scanner = await startHandScanner({ 'GET /eSCL/ScannerStatus': (_q, r) => r.end('<ScannerStatus><unclosed>') });
    expect(await scanAll(scanner.url)).toEqual({ pages: [expect.objectContaining({ index: 1 })] });
  });

  it('a status request that never answers ends after the short limit, not the long one: the scan ends normally', async () => {
    scanner = await startHandScanner({ 'GET /eSCL/ScannerStatus': () => {} });
    // short, not tiny: at 100 ms a loaded machine could give up before the request was even written
    const done = await scanAll(scanner.url, { limits: { requestTimeoutMs: 600_000, quickTimeoutMs: 2_000 } });
    expect(done).toEqual({ pages: [expect.objectContaining({ index: 1 })] });
    // the scanner (in this process) may read the request given up on in a later turn than the scan's end
    await vi.waitFor(() => expect(scanner!.seen).toContain('GET /eSCL/ScannerStatus'), { timeout: 60_000 });
  });
});

describe('EsclDriver: every error says how far the scan got', () => {
  async function scanFrom(url: string, startIndex: number): Promise<{ pages: ScannedPage[]; error?: StationError }> {
    const pages: ScannedPage[] = [];
    try {
      for await (const p of new EsclDriver({ scanners: [url] }).scan({ device: url, source: 'adf', resolution: 300, mode: 'color', options: {}, workDir, startIndex })) pages.push(p);
      return { pages };
    } catch (err) {
      expect(err).toBeInstanceOf(StationError);
      return { pages, error: err as StationError };
    }
  }

  it('a page error (here the scanner going away mid-page) carries pagesDelivered and lastPageIndex', async () => {
    let n = 0;
    scanner = await startHandScanner({
      'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => {
        if (n++ === 0) return r.writeHead(200).end(HAND_JPEG);
        r.writeHead(200, { 'Content-Length': String(HAND_JPEG.length * 4) });
        r.write(HAND_JPEG, () => r.destroy());
      },
    });
    const { pages, error } = await scanFrom(scanner.url, 7);
    expect(pages.map((p) => p.index)).toEqual([7]);
    expect(error).toMatchObject({ code: 'DEVICE_OFFLINE', details: { device: scanner.url, pagesDelivered: 1, lastPageIndex: 7 } });
  });

  it('an error before the job (capabilities that cannot be read) carries pagesDelivered 0', async () => {
    scanner = await startHandScanner({ 'GET /eSCL/ScannerCapabilities': (q) => q.socket.destroy() });
    const { error } = await scanFrom(scanner.url, 4);
    expect(error).toMatchObject({ code: 'DEVICE_OFFLINE', details: { device: scanner.url, pagesDelivered: 0, lastPageIndex: 3 } });
  });
});
