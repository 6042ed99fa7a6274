/**
 * A scanner that answers badly or with hostile content, on real loopback HTTP: entity bombs and
 * oversized XML, a page far too large, a page that is no image, a page cut short (the connection
 * lost, or closed early with the body looking ended), a job Location pointing at another host. Each gives a clear StationError and leaves no page file behind.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StationError } from '../../../../shared/src/errors.ts';
import { EsclDriver } from '../../../../station/src/drivers/escl/escl-driver.ts';
import { scanAllPages } from '../../../support/escl-scan-all.ts';
import { HAND_CAPS, HAND_JPEG, startHandScanner, type Handler } from '../../../support/escl-hand-scanner.ts';

const JPEG = HAND_JPEG;

let workDir: string;
let seen: string[] = [];
let close: (() => Promise<void>) | undefined;

beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'escl-hostile-'));
  seen = [];
});
afterEach(async () => {
  await close?.();
  close = undefined;
  await rm(workDir, { recursive: true, force: true });
});

/** A scanner whose answers are `routes[method path]`, falling back to a normal one-page scanner. */
async function scanner(routes: Record<string, Handler>): Promise<string> {
  const hand = await startHandScanner(routes);
  seen = hand.seen;
  close = hand.close;
  return hand.url;
}

const scanAll = (driver: EsclDriver, device: string) => scanAllPages(driver, device, workDir);

describe('EsclDriver against a hostile or broken scanner', () => {
  it('refuses capabilities with a DOCTYPE (entity bomb) or larger than the limit', async () => {
    const bomb = HAND_CAPS.replace('?>', '?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>').replace('De mână', '&lol2;');
    const url = await scanner({ 'GET /eSCL/ScannerCapabilities': (_q, r) => r.end(bomb) });
    await expect(new EsclDriver({ scanners: [url] }).getCapabilities(url)).rejects.toMatchObject({ code: 'IO_ERROR', message: expect.stringContaining('de neînțeles'), details: { reason: 'doctype' } });
    await close!();
    const big = await scanner({ 'GET /eSCL/ScannerCapabilities': (_q, r) => r.end(`<a>${'x'.repeat(3 << 20)}</a>`) });
    await expect(new EsclDriver({ scanners: [big] }).getCapabilities(big)).rejects.toMatchObject({ code: 'IO_ERROR', message: expect.stringContaining('prea lung') });
  });

  it('refuses malformed XML and capabilities that offer no input', async () => {
    const url = await scanner({ 'GET /eSCL/ScannerCapabilities': (_q, r) => r.end('<scan:ScannerCapabilities><unclosed>') });
    await expect(new EsclDriver({ scanners: [url] }).getCapabilities(url)).rejects.toMatchObject({ code: 'IO_ERROR' });
    await close!();
    const empty = await scanner({ 'GET /eSCL/ScannerCapabilities': (_q, r) => r.end('<ScannerCapabilities><Version>2.6</Version></ScannerCapabilities>') });
    await expect(new EsclDriver({ scanners: [empty] }).getCapabilities(empty)).rejects.toMatchObject({ code: 'IO_ERROR' });
  });

  it('a page over the size limit is INPUT_TOO_LARGE, whether it says its length or not, and the job is deleted', async () => {
    const url = await scanner({ 'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => r.writeHead(200).end(Buffer.concat([JPEG, Buffer.alloc(10_000)])) });
    const driver = new EsclDriver({ scanners: [url], limits: { maxPageBytes: 5000 } });
    await expect(scanAll(driver, url)).resolves.toMatchObject({ pages: [], error: { code: 'INPUT_TOO_LARGE', message: expect.stringContaining('Pagina 1') } });
    expect(seen).toContain('DELETE /eSCL/ScanJobs/j1');
    await close!();
    const chunked = await scanner({
      'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => {
        r.writeHead(200, { 'Transfer-Encoding': 'chunked' });
        for (let i = 0; i < 10; i++) r.write(i === 0 ? JPEG : Buffer.alloc(1000));
        r.end();
      },
    });
    const d2 = new EsclDriver({ scanners: [chunked], limits: { maxPageBytes: 5000 } });
    await expect(scanAll(d2, chunked)).resolves.toMatchObject({ error: { code: 'INPUT_TOO_LARGE' } });
    expect(await readdir(workDir)).toEqual([]);
  });

  it('a page larger than what is held in memory (16 MB) is written as it comes, byte for byte', async () => {
    const big = Buffer.concat([JPEG.subarray(0, -2), Buffer.alloc(20 << 20, 3), JPEG.subarray(-2)]);
    const url = await scanner({
      'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => {
        if (seen.filter((k) => k.endsWith('NextDocument')).length > 1) return r.writeHead(404).end();
        r.writeHead(200);
        for (let at = 0; at < big.length; at += 1 << 20) r.write(big.subarray(at, at + (1 << 20)));
        r.end();
      },
    });
    const { pages, error } = await scanAll(new EsclDriver({ scanners: [url] }), url);
    expect(error).toBeUndefined();
    expect((await readFile(pages[0]!.file)).equals(big)).toBe(true);
    expect(await readdir(workDir)).toEqual(['page-00001.jpg']);
  });

  it('a page that is no image is SCAN_FAILED naming the sheet; nothing is kept', async () => {
    const url = await scanner({ 'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => r.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>login</html>') });
    await expect(scanAll(new EsclDriver({ scanners: [url] }), url)).resolves.toMatchObject({ pages: [], error: { code: 'SCAN_FAILED', message: expect.stringContaining('foaia 1') } });
    expect(await readdir(workDir)).toEqual([]);
  });

  it('a page cut short by the scanner going away is DEVICE_OFFLINE; the pages before it are kept', async () => {
    let n = 0;
    const url = await scanner({
      'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => {
        if (n++ === 0) return r.writeHead(200).end(JPEG);
        r.writeHead(200, { 'Content-Length': String(JPEG.length * 4) });
        r.write(JPEG, () => r.destroy());
      },
    });
    const { pages, error } = await scanAll(new EsclDriver({ scanners: [url] }), url);
    expect(pages.map((p) => path.basename(p.file))).toEqual(['page-00001.jpg']);
    expect(error).toMatchObject({ code: 'DEVICE_OFFLINE', message: expect.stringContaining('nu răspunde') });
    expect(await readdir(workDir)).toEqual(['page-00001.jpg']);
  });

  it('a page whose connection closes early (no length given) is caught as cut short: IO_ERROR naming the sheet, pages before kept', async () => {
    let n = 0;
    const url = await scanner({
      'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => {
        if (n++ === 0) return r.writeHead(200).end(JPEG);
        if (n > 2) return r.writeHead(404).end();
        // an HTTP/1.0-style body, delimited by the connection's end, which comes too soon
        r.useChunkedEncodingByDefault = false;
        r.shouldKeepAlive = false;
        r.writeHead(200, { Connection: 'close' });
        r.write(JPEG.subarray(0, 700), () => r.socket!.end());
      },
    });
    const { pages, error } = await scanAll(new EsclDriver({ scanners: [url] }), url);
    expect(pages.map((p) => path.basename(p.file))).toEqual(['page-00001.jpg']);
    expect(error).toMatchObject({ code: 'IO_ERROR', message: expect.stringContaining('foaia 2'), details: { page: 2, reason: 'no JPEG end marker' } });
    expect(await readdir(workDir)).toEqual(['page-00001.jpg']);
    expect(seen).toContain('DELETE /eSCL/ScanJobs/j1');
  });

  it('a job Location naming another host is followed on the scanner own address only', async () => {
    const url = await scanner({ 'POST /eSCL/ScanJobs': (_q, r) => r.writeHead(201, { Location: 'http://127.0.0.1:9/eSCL/ScanJobs/j1' }).end() });
    const { pages, error } = await scanAll(new EsclDriver({ scanners: [url] }), url);
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    expect(seen).toContain('GET /eSCL/ScanJobs/j1/NextDocument');
  });

  it('a job Location whose path starts with «//» stays on the scanner own address (not a host of that name)', async () => {
    const url = await scanner({ 'POST /eSCL/ScanJobs': (_q, r) => r.writeHead(201, { Location: `${new URL(url).origin}//127.0.0.1:9/eSCL/ScanJobs/j1` }).end() });
    await scanAll(new EsclDriver({ scanners: [url] }), url);
    // asked of the scanner itself (which has no such job), never of the host the path names
    expect(seen).toContain('GET //127.0.0.1:9/eSCL/ScanJobs/j1/NextDocument');
  });

  it('a job Location that is no address is IO_ERROR (a StationError, not a crash)', async () => {
    const url = await scanner({ 'POST /eSCL/ScanJobs': (_q, r) => r.writeHead(201, { Location: 'http://[' }).end() });
    await expect(scanAll(new EsclDriver({ scanners: [url] }), url)).resolves.toMatchObject({ error: { code: 'IO_ERROR', details: { reason: 'bad-location' } } });
  });

  it('an HTTP error on a job is SCAN_FAILED and the job is deleted', async () => {
    const url = await scanner({ 'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => r.writeHead(500).end('boom') });
    await expect(scanAll(new EsclDriver({ scanners: [url] }), url)).resolves.toMatchObject({ error: { code: 'SCAN_FAILED', details: { httpStatus: 500 } } });
    expect(seen).toContain('DELETE /eSCL/ScanJobs/j1');
  });
});
