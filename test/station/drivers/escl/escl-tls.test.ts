/**
 * An https eSCL scanner with a self-signed certificate (generated here with openssl, as office
 * scanners make their own): accepted only when the configuration pins that certificate's SHA-256
 * fingerprint; without a pin, or with another one, refused as ACCESS_DENIED in Romanian, naming the
 * fingerprint the scanner showed, and nothing is sent to it.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { EsclDriver } from '../../../../station/src/drivers/escl/escl-driver.ts';
import { scanAllPages } from '../../../support/escl-scan-all.ts';
import { HAND_JPEG, startHandScanner, type HandScanner } from '../../../support/escl-hand-scanner.ts';

let certDir: string;
let tls: { key: Buffer; cert: Buffer };
let fingerprint: string;
let otherTls: { key: Buffer; cert: Buffer };
let otherFingerprint: string;
let workDir: string;
let scanner: HandScanner | undefined;

function selfSigned(name: string): { key: Buffer; cert: Buffer } {
  const key = path.join(certDir, `${name}.key`);
  const cert = path.join(certDir, `${name}.crt`);
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', `/CN=${name}`], { stdio: 'ignore' });
  return { key: readFileSync(key), cert: readFileSync(cert) };
}

beforeAll(async () => {
  certDir = await mkdtemp(path.join(tmpdir(), 'escl-tls-certs-'));
  tls = selfSigned('scaner-ghiseu');
  fingerprint = new X509Certificate(tls.cert).fingerprint256;
  otherTls = selfSigned('alt-scaner');
  otherFingerprint = new X509Certificate(otherTls.cert).fingerprint256;
});
afterAll(async () => {
  await rm(certDir, { recursive: true, force: true });
});
beforeEach(async () => {
  workDir = await mkdtemp(path.join(tmpdir(), 'escl-tls-'));
  scanner = await startHandScanner({}, { tls });
});
afterEach(async () => {
  await scanner?.close();
  scanner = undefined;
  await rm(workDir, { recursive: true, force: true });
});

const scanAll = (driver: EsclDriver, device: string) => scanAllPages(driver, device, workDir);

describe('EsclDriver over https with a self-signed certificate', () => {
  it('the pinned fingerprint (any usual spelling) is accepted: listed, and the page comes as the scanner sent it', async () => {
    const url = scanner!.url;
    expect(url.startsWith('https://')).toBe(true);
    const driver = new EsclDriver({ scanners: [{ url, certificateSha256: fingerprint.replaceAll(':', '').toLowerCase() }] });
    expect(await driver.listDevices()).toEqual([{ id: url, vendor: '', model: 'De mână', type: 'eSCL (AirScan)', driver: 'escl' }]);
    const { pages, error } = await scanAll(driver, url);
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    expect((await readFile(pages[0]!.file)).equals(HAND_JPEG)).toBe(true);
  });

  it('an address written with an upper-case scheme (HTTPS://, a URL scheme is case-insensitive) is the same pinned https scanner', async () => {
    const url = scanner!.url.replace(/^https:/, 'HTTPS:');
    const driver = new EsclDriver({ scanners: [{ url: `${url}/`, certificateSha256: fingerprint }] });
    expect(await driver.listDevices()).toEqual([{ id: url, vendor: '', model: 'De mână', type: 'eSCL (AirScan)', driver: 'escl' }]);
    // the device however the clerk spells it (here in lower case): the configured scanner, with its pin
    const { pages, error } = await scanAll(driver, scanner!.url);
    expect(error).toBeUndefined();
    expect(pages).toHaveLength(1);
    expect((await readFile(pages[0]!.file)).equals(HAND_JPEG)).toBe(true);
  });

  it('without a pin it is refused: ACCESS_DENIED naming the fingerprint shown, in Romanian; listed as unavailable; nothing sent', async () => {
    const url = scanner!.url;
    const driver = new EsclDriver({ scanners: [url] });
    const [listed] = await driver.listDevices();
    expect(listed).toMatchObject({ id: url, unavailable: { code: 'ACCESS_DENIED', reason: expect.stringContaining(fingerprint) } });
    const { pages, error } = await scanAll(driver, url);
    expect(pages).toEqual([]);
    expect(error).toMatchObject({ code: 'ACCESS_DENIED', details: { reason: 'certificate-untrusted', certificateSha256: fingerprint, pagesDelivered: 0 } });
    expect(error!.message).toContain('certificat HTTPS pe care stația nu îl poate verifica');
    expect(error!.message).toContain('certificateSha256');
    expect(scanner!.seen).toEqual([]);
    expect(await readdir(workDir)).toEqual([]);
  });

  it('another pinned fingerprint is refused too, saying the certificate is not the configured one', async () => {
    const url = scanner!.url;
    const driver = new EsclDriver({ scanners: [{ url, certificateSha256: otherFingerprint }] });
    const { error } = await scanAll(driver, url);
    expect(error).toMatchObject({ code: 'ACCESS_DENIED', details: { reason: 'certificate-mismatch', certificateSha256: fingerprint, pinnedSha256: otherFingerprint } });
    expect(error!.message).toContain('alt certificat HTTPS decât cel din configurare');
    expect(scanner!.seen).toEqual([]);
  });

  it('a pinned scanner whose certificate changes after a job (reconnected) is refused on every later job and listing, in Romanian; nothing sent', async () => {
    await scanner!.close();
    scanner = await startHandScanner({}, { tls, reconnectEach: true });
    const url = scanner.url;
    const driver = new EsclDriver({ scanners: [{ url, certificateSha256: fingerprint }] });
    const first = await scanAll(driver, url);
    expect(first.error).toBeUndefined();
    expect(first.pages).toHaveLength(1);
    scanner.changeCertificate(otherTls);
    const sent = scanner!.seen.length;
    for (let job = 0; job < 3; job++) {
      const { pages, error } = await scanAll(driver, url);
      expect(pages).toEqual([]);
      expect(error).toMatchObject({ code: 'ACCESS_DENIED', details: { reason: 'certificate-mismatch', certificateSha256: otherFingerprint, pinnedSha256: fingerprint } });
      expect(error!.message).toContain('alt certificat HTTPS decât cel din configurare');
    }
    // the same with a fresh driver (the station restarted), and in the list of scanners
    const [listed] = await new EsclDriver({ scanners: [{ url, certificateSha256: fingerprint }] }).listDevices();
    expect(listed).toMatchObject({ id: url, unavailable: { code: 'ACCESS_DENIED', reason: expect.stringContaining(otherFingerprint) } });
    expect(scanner!.seen.length).toBe(sent);
  });

  it('a certificate that changes in the middle of a job (the scanner makes the station connect again) is refused there: the pages before it kept, nothing more sent', async () => {
    await scanner!.close();
    let served = 0;
    scanner = await startHandScanner(
      {
        'GET /eSCL/ScanJobs/j1/NextDocument': (_q, r) => {
          served++;
          // the first page comes on the trusted connection, which the scanner then closes; the next connection shows another certificate
          r.writeHead(200, { 'Content-Type': 'image/jpeg', Connection: 'close' }).end(HAND_JPEG);
          scanner!.changeCertificate(otherTls);
        },
      },
      { tls },
    );
    const url = scanner.url;
    const driver = new EsclDriver({ scanners: [{ url, certificateSha256: fingerprint }] });
    const { pages, error } = await scanAll(driver, url);
    expect(pages).toHaveLength(1);
    expect((await readFile(pages[0]!.file)).equals(HAND_JPEG)).toBe(true);
    expect(error).toMatchObject({ code: 'ACCESS_DENIED', details: { reason: 'certificate-mismatch', certificateSha256: otherFingerprint, pagesDelivered: 1 } });
    expect(error!.message).toContain('alt certificat HTTPS decât cel din configurare');
    expect(served).toBe(1);
    const again = await scanAll(driver, url);
    expect(again.error).toMatchObject({ code: 'ACCESS_DENIED', details: { reason: 'certificate-mismatch' } });
    expect(served).toBe(1);
  });

  it('the same scanner pinned twice, or with conflicting pins, is a configuration error naming the entry; nothing is sent', () => {
    const url = scanner!.url;
    for (const scanners of [
      [{ url, certificateSha256: fingerprint }, { url: `${url}/`, certificateSha256: fingerprint }],
      [{ url, certificateSha256: otherFingerprint }, { url, certificateSha256: fingerprint }],
      [url, { url, certificateSha256: fingerprint }],
    ]) {
      expect(() => new EsclDriver({ scanners })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('escl.scanners[1]'), details: expect.objectContaining({ field: 'escl.scanners[1]' }) }));
    }
    expect(scanner!.seen).toEqual([]);
  });

  it('a pin that is no SHA-256 fingerprint is a configuration error', () => {
    expect(() => new EsclDriver({ scanners: [{ url: scanner!.url, certificateSha256: 'AB:CD' }] })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
  });
});
