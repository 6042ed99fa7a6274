/**
 * Saving a page as the scanner sends it: a disk that fails mid-scan (a real ENOSPC: the page's
 * .part file is a link to /dev/full) is DISK_FULL naming the file, with how far the scan got, and
 * leaves no file behind; a saved page is looked at (its head, its end) in the bytes as they came,
 * never read back from the disk.
 */
import { mkdir, mkdtemp, open, readdir, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StationError } from '../../../../shared/src/errors.ts';
import type { ScannedPage } from '../../../../station/src/drivers/driver.ts';
import { EsclDriver } from '../../../../station/src/drivers/escl/escl-driver.ts';
import { scanAllPages } from '../../../support/escl-scan-all.ts';
import { HAND_JPEG, startHandScanner, type HandScanner } from '../../../support/escl-hand-scanner.ts';

let workDir: string;
let scanner: HandScanner | undefined;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'escl-http-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await scanner?.close();
  scanner = undefined;
  await rm(workDir, { recursive: true, force: true });
});

const scanAll = (driver: EsclDriver, device: string) => scanAllPages(driver, device, workDir);

describe('eSCL pages on disk', () => {
  it('a full disk at page 2 is DISK_FULL naming the file, after page 1, with pagesDelivered and lastPageIndex; no part file left', async () => {
    scanner = await startHandScanner({}, { pages: 3 });
    const part = path.join(workDir, 'page-00002.part');
    await symlink('/dev/full', part);
    const { pages, error } = await scanAll(new EsclDriver({ scanners: [scanner.url] }), scanner.url);
    expect(pages.map((p) => p.index)).toEqual([1]);
    expect(error).toMatchObject({ code: 'DISK_FULL', details: { errno: 'ENOSPC', path: part, pagesDelivered: 1, lastPageIndex: 1, device: scanner.url } });
    expect(error!.message).toContain('Discul este plin');
    expect(error!.message).toContain(part);
    expect(await readdir(workDir)).toEqual(['page-00001.jpg']);
    // the job was deleted on the scanner: the feeder stops
    expect(scanner.seen).toContain('DELETE /eSCL/ScanJobs/j1');
  });

  it('a work folder gone mid-scan is a StationError with how far the scan got too', async () => {
    const gone = path.join(workDir, 'lot');
    await mkdir(gone);
    // page 2 is sent only once the folder is gone (the driver fetches ahead: not left to chance)
    let removed: () => void = () => {};
    const folderGone = new Promise<void>((resolve) => (removed = resolve));
    let served = 0;
    scanner = await startHandScanner({
      'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => {
        served++;
        if (served === 1) r.writeHead(200).end(HAND_JPEG);
        else if (served === 2) void folderGone.then(() => r.writeHead(200).end(HAND_JPEG));
        else r.writeHead(404).end();
      },
    });
    const pages: ScannedPage[] = [];
    let error: unknown;
    try {
      for await (const p of new EsclDriver({ scanners: [scanner.url] }).scan({ device: scanner.url, source: 'adf', resolution: 300, mode: 'color', options: {}, workDir: gone })) {
        pages.push(p);
        await rm(gone, { recursive: true });
        removed();
      }
    } catch (err) {
      error = err;
    }
    expect(pages.map((p) => p.index)).toEqual([1]);
    expect(error).toBeInstanceOf(StationError);
    expect(error).toMatchObject({ code: 'OUTPUT_FAILED', details: { errno: 'ENOENT', pagesDelivered: 1, lastPageIndex: 1 } });
    expect((error as StationError).message).toContain('page-00002.part');
  });

  it('a page is checked whole in memory: nothing of it is read back from the file', async () => {
    const big = Buffer.concat([HAND_JPEG.subarray(0, 4), Buffer.alloc(20_000, 7), Buffer.from([0xff, 0xd9])]);
    let served = 0;
    scanner = await startHandScanner({ 'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => (served++ === 0 ? r.writeHead(200).end(big) : r.writeHead(404).end()) });
    const probe = await open(path.join(workDir, 'probe'), 'w');
    const proto = Object.getPrototypeOf(probe) as { read: (...args: unknown[]) => Promise<unknown> };
    await probe.close();
    const read = proto.read;
    const positions: unknown[] = [];
    vi.spyOn(proto, 'read').mockImplementation(function (this: unknown, ...args: unknown[]) {
      positions.push(args[3]);
      return read.apply(this, args);
    });
    const { pages, error } = await scanAll(new EsclDriver({ scanners: [scanner.url] }), scanner.url);
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    expect(positions).toEqual([]);
  });
});
