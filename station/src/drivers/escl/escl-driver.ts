/**
 * The eSCL (AirScan) driver: network scanners spoken to directly over HTTP with Node's fetch — no
 * SANE, no WIA, no process. The scanners are the eSCL addresses in the configuration
 * (`escl.scanners`); a device's id is its address. Pages are the scanner's own files (its JPEG
 * untouched), fetched as fast as the scanner gives them while the station works on earlier ones.
 * An https scanner is spoken to only when it shows a certificate an authority signed for it, or
 * the one whose fingerprint is configured for it (escl-tls.ts). With `discover` (escl.discover) the
 * scanners announced on the network over mDNS are listed too, and an eSCL address on the office
 * network (private or link-local, escl-lan-address.ts) may be scanned from; without it, no address
 * outside the configuration is ever contacted.
 */
import type { Logger } from 'pino';
import type { Dispatcher } from 'undici';
import { systemClock, type Clock } from '../../../../shared/src/clock.ts';
import { isStationError, StationError } from '../../../../shared/src/errors.ts';
import type { ScanCapabilities, ScanDevice, ScanDriver, ScannedPage, ScanRequest } from '../driver.ts';
import { withPages } from '../scan-progress.ts';
import { scanSettingsFor, toScanCapabilities } from './escl-capabilities.ts';
import { discoverEsclScanners, type DiscoveredScanner, type DiscoveryOptions } from './escl-discovery.ts';
import { scannerError } from './escl-errors.ts';
import { DEFAULT_LIMITS, discard, esclFetch, readXml, type EsclHttpLimits } from './escl-http.ts';
import { runEsclJob } from './escl-job.ts';
import { isLanAddress, type Interfaces } from './escl-lan-address.ts';
import { entryUrl, esclRoot, isHttpsAddress, normaliseSha256, repeatedScanner, scannerKey, type EsclScannerEntry } from './escl-scanner-entry.ts';
import { httpsDispatcher } from './escl-tls.ts';
import { parseEsclCapabilities, type EsclCapabilities, type ScanSettings } from './escl-xml.ts';

export interface EsclDriverOptions {
  /**
   * The office's scanners: eSCL roots (`http://192.168.1.20/eSCL`), or a root with the SHA-256
   * fingerprint of the certificate an https scanner made itself.
   */
  scanners: readonly EsclScannerEntry[];
  limits?: Partial<EsclHttpLimits>;
  /** Busy answers (503) taken before DEVICE_BUSY (default 30, as sane-airscan does). */
  busyRetries?: number;
  /** Wait between them (default 1 s). */
  busyRetryMs?: number;
  /** Also list the scanners announced on the network (mDNS `_uscan._tcp`, `_uscans._tcp`) and scan from any eSCL address. */
  discover?: boolean;
  discovery?: DiscoveryOptions;
  clock?: Clock;
  /** Where discovery's failures and refused announcements are logged. */
  log?: Logger;
}

const LIST_TIMEOUT_MS = 8000;

export class EsclDriver implements ScanDriver {
  readonly name = 'escl' as const;
  /** The configured roots (as written, in the configuration's order), by scannerKey: a scanner however spelt, an announced one too. */
  private readonly configured = new Map<string, string>();
  /** The connections of each https scanner, by scannerKey. */
  private readonly dispatchers = new Map<string, Dispatcher>();
  private readonly limits: EsclHttpLimits;
  private readonly capabilities = new Map<string, EsclCapabilities>();
  private readonly clock: Clock;

  constructor(private readonly options: EsclDriverOptions) {
    const repeated = repeatedScanner(options.scanners);
    if (repeated) {
      const root = esclRoot(entryUrl(options.scanners[repeated.index]!));
      throw new StationError('CONFIG_INVALID', `Configurație invalidă: escl.scanners[${repeated.index}]: scanerul ${root} apare deja în escl.scanners[${repeated.first}]; treceți fiecare scaner o singură dată (cu amprenta certificatului său, dacă are).`, { device: root, field: `escl.scanners[${repeated.index}]` });
    }
    for (const entry of options.scanners) {
      const root = esclRoot(entryUrl(entry));
      const key = scannerKey(root);
      this.configured.set(key, root);
      if (!isHttpsAddress(root)) continue;
      const pin = typeof entry === 'string' || !entry.certificateSha256 ? null : normaliseSha256(entry.certificateSha256);
      if (typeof entry !== 'string' && entry.certificateSha256 && !pin) {
        throw new StationError('CONFIG_INVALID', `Configurație invalidă: amprenta certificatului scanerului ${root} nu este o amprentă SHA-256 (64 de cifre hexazecimale, de exemplu 3D:55:0C:…).`, { device: root });
      }
      this.dispatchers.set(key, httpsDispatcher(new URL(root).origin, pin));
    }
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Every configured scanner, and with `discover` every one announced on the network and not
   * configured (a configured scanner also announced is listed once, as configured); one that does
   * not answer (within 8 s: a scanner switched off must not hold up the list), is busy or refuses the
   * connection is listed as unavailable, with the reason.
   */
  async listDevices(signal?: AbortSignal): Promise<ScanDevice[]> {
    const discovery = this.options.discover ? await discoverEsclScanners(this.clock, { log: this.options.log, ...this.options.discovery }, signal) : { scanners: [], problem: null };
    const announced = discovery.scanners;
    const models = new Map<string, DiscoveredScanner>(announced.map((a) => [scannerKey(a.url), a]));
    const onlyAnnounced = new Set(announced.map((a) => a.url).filter((url) => !this.configured.has(scannerKey(url))));
    const roots = [...this.configured.values(), ...onlyAnnounced];
    const found = await Promise.allSettled(roots.map((root) => this.fetchCapabilities(root, signal, Math.min(this.limits.requestTimeoutMs, LIST_TIMEOUT_MS))));
    // discovery that could not run is said to the clerk where scanners are listed (not one to scan with)
    const notice: ScanDevice[] = discovery.problem
      ? [{ id: 'mdns:', vendor: '', model: 'Căutarea scanerelor în rețea', type: 'eSCL (AirScan), anunțat în rețea', driver: 'escl', unavailable: { code: discovery.problem.code, reason: discovery.problem.message } }]
      : [];
    return [...found.map((r, i): ScanDevice => {
      const id = roots[i]!;
      const device = { id, type: onlyAnnounced.has(id) ? 'eSCL (AirScan), anunțat în rețea' : 'eSCL (AirScan)', driver: 'escl' as const };
      const announcedModel = models.get(scannerKey(id))?.model;
      if (r.status === 'fulfilled') return { ...device, vendor: r.value.manufacturer, model: r.value.makeAndModel || announcedModel || 'Scaner eSCL' };
      if (isStationError(r.reason, 'CANCELLED') || !isStationError(r.reason)) throw r.reason;
      return { ...device, vendor: '', model: announcedModel || 'Scaner eSCL', unavailable: { code: r.reason.code, reason: r.reason.message } };
    }), ...notice];
  }

  async getCapabilities(device: string, signal?: AbortSignal): Promise<ScanCapabilities> {
    return toScanCapabilities(await this.fetchCapabilities(this.rootOf(device), signal));
  }

  scan(request: ScanRequest): AsyncIterable<ScannedPage> {
    return this.scanBatch(request);
  }

  private async *scanBatch(request: ScanRequest): AsyncGenerator<ScannedPage> {
    const { root, settings } = await this.prepare(request).catch((err: unknown) => {
      throw withPages(err, { device: request.device, pagesDelivered: 0, lastPageIndex: (request.startIndex ?? 1) - 1 });
    });

    const stop = new AbortController();
    const onAbort = () => stop.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const queue: ScannedPage[] = [];
    let wake: (() => void) | undefined;
    let outcome: { error?: unknown } | undefined;
    const clock = this.clock;
    const running = runEsclJob({
      root,
      dispatcher: this.dispatcherFor(root),
      device: request.device,
      settings,
      workDir: request.workDir,
      startIndex: request.startIndex ?? 1,
      signal: stop.signal,
      limits: this.limits,
      busyRetries: this.options.busyRetries ?? 30,
      busyRetryMs: this.options.busyRetryMs ?? 1000,
      wait: (ms, signal) => waitOn(clock, ms, signal),
      onPage: (page) => {
        queue.push(page);
        wake?.();
      },
    })
      .then(
        () => void (outcome = {}),
        (error: unknown) => void (outcome = { error }),
      )
      .finally(() => wake?.());

    try {
      for (;;) {
        const page = queue.shift();
        if (page) {
          yield page;
          continue;
        }
        if (outcome) break;
        await new Promise<void>((resolve) => (wake = resolve));
        wake = undefined;
      }
      if (outcome.error !== undefined) throw outcome.error;
    } finally {
      // the consumer stopped early (break, or its own error): the job is deleted on the scanner
      if (!outcome) stop.abort();
      await running;
      request.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** The scanner's root and the job's settings, checked against its capabilities. */
  private async prepare(request: ScanRequest): Promise<{ root: string; settings: ScanSettings }> {
    if (request.signal?.aborted) throw new StationError('CANCELLED', undefined, { device: request.device });
    const root = this.rootOf(request.device);
    const caps = this.capabilities.get(root) ?? (await this.capabilitiesWhenFree(root, request));
    return { root, settings: scanSettingsFor(request, caps) };
  }

  /**
   * The capabilities before a scan: a busy scanner (503, some answer it to every request while
   * another computer scans) is asked again like a busy job (busyRetries, busyRetryMs apart, each
   * wait ended at once by a Stop), then DEVICE_BUSY.
   */
  private async capabilitiesWhenFree(root: string, request: ScanRequest): Promise<EsclCapabilities> {
    const signal = request.signal ?? new AbortController().signal;
    const retries = this.options.busyRetries ?? 30;
    for (let busy = 0; ; busy++) {
      try {
        return await this.fetchCapabilities(root, signal);
      } catch (err) {
        if (!isStationError(err, 'DEVICE_BUSY') || busy >= retries) throw err;
      }
      await waitOn(this.clock, this.options.busyRetryMs ?? 1000, signal);
    }
  }

  /** The root a device id names: the configured one however spelt, else (with `discover`) an office-network address. */
  private rootOf(device: string): string {
    const key = scannerKey(device);
    const configured = this.configured.get(key);
    if (configured !== undefined) return configured;
    if (!(this.options.discover && isEsclAddress(key, this.options.discovery?.mdns?.interface, this.options.discovery?.interfaces))) {
      throw new StationError('DEVICE_NOT_FOUND', `Scanerul „${device}” nu este în configurare. Adăugați adresa lui eSCL la „escl.scanners” (de exemplu http://192.168.1.20/eSCL).`, { device });
    }
    return key;
  }

  /** The connections of an https scanner: its pinned certificate, or (announced, not configured) an authority's. */
  private dispatcherFor(root: string): Dispatcher | undefined {
    if (!isHttpsAddress(root)) return undefined;
    const key = scannerKey(root);
    let dispatcher = this.dispatchers.get(key);
    if (!dispatcher) {
      dispatcher = httpsDispatcher(new URL(root).origin, null);
      this.dispatchers.set(key, dispatcher);
    }
    return dispatcher;
  }

  private async fetchCapabilities(root: string, signal?: AbortSignal, timeoutMs = this.limits.requestTimeoutMs): Promise<EsclCapabilities> {
    const url = `${root}/ScannerCapabilities`;
    const res = await esclFetch(url, { signal, timeoutMs, dispatcher: this.dispatcherFor(root) });
    if (res.status !== 200) {
      await discard(res, Math.min(this.limits.quickTimeoutMs, timeoutMs));
      if (res.status === 503) throw scannerError('DEVICE_BUSY', { device: root, pages: 0, lastPage: 0, httpStatus: 503 });
      throw new StationError('DEVICE_NOT_FOUND', `La adresa ${root} nu răspunde un scaner eSCL (AirScan). Verificați adresa din configurare („escl.scanners”).`, { device: root, httpStatus: res.status });
    }
    const caps = parseEsclCapabilities(await readXml(res, url, this.limits.maxXmlBytes, signal));
    this.capabilities.set(root, caps);
    return caps;
  }
}

/**
 * What an announced scanner's root looks like: an http(s) address without credentials, query or
 * fragment, at an address an office scanner can have and not the station's own (escl-lan-address.ts;
 * a host name is not one).
 */
function isEsclAddress(root: string, interfaceAddress: string | undefined, interfaces: Interfaces | undefined): boolean {
  try {
    const url = new URL(root);
    return (url.protocol === 'http:' || url.protocol === 'https:') && !url.username && !url.password && !url.search && !url.hash && isLanAddress(url.hostname, interfaceAddress, interfaces);
  } catch {
    return false;
  }
}

/** Resolves after `ms`, or throws CANCELLED as soon as `signal` aborts. */
function waitOn(clock: Clock, ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new StationError('CANCELLED'));
    const onAbort = () => {
      cancel();
      reject(new StationError('CANCELLED'));
    };
    const cancel = clock.after(ms, () => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    });
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
