/**
 * The eSCL (AirScan) driver: network scanners spoken to directly over HTTP with Node's fetch — no
 * SANE, no WIA, no process. The scanners are the eSCL addresses in the configuration
 * (`escl.scanners`); a device's id is its address. Pages are the scanner's own files (its JPEG
 * untouched), fetched as fast as the scanner gives them while the station works on earlier ones.
 */
import { systemClock, type Clock } from '../../../../shared/src/clock.ts';
import { StationError } from '../../../../shared/src/errors.ts';
import type { ScanCapabilities, ScanDevice, ScanDriver, ScannedPage, ScanRequest } from '../driver.ts';
import { scanSettingsFor, toScanCapabilities } from './escl-capabilities.ts';
import { DEFAULT_LIMITS, discard, esclFetch, readXml, type EsclHttpLimits } from './escl-http.ts';
import { runEsclJob, withPages } from './escl-job.ts';
import { parseEsclCapabilities, type EsclCapabilities, type ScanSettings } from './escl-xml.ts';

export interface EsclDriverOptions {
  /** eSCL roots of the office's scanners, e.g. `http://192.168.1.20/eSCL`. */
  scanners: readonly string[];
  limits?: Partial<EsclHttpLimits>;
  /** Busy answers (503) taken before DEVICE_BUSY (default 30, as sane-airscan does). */
  busyRetries?: number;
  /** Wait between them (default 1 s). */
  busyRetryMs?: number;
  clock?: Clock;
}

const LIST_TIMEOUT_MS = 8000;

/** `http://host/eSCL/` and `http://host/eSCL` are the same scanner. */
function esclRoot(address: string): string {
  return address.trim().replace(/\/+$/, '');
}

export class EsclDriver implements ScanDriver {
  readonly name = 'escl' as const;
  private readonly scanners: string[];
  private readonly limits: EsclHttpLimits;
  private readonly capabilities = new Map<string, EsclCapabilities>();

  constructor(private readonly options: EsclDriverOptions) {
    this.scanners = [...new Set(options.scanners.map(esclRoot))];
    this.limits = { ...DEFAULT_LIMITS, ...options.limits };
  }

  async listDevices(signal?: AbortSignal): Promise<ScanDevice[]> {
    // a scanner switched off must not hold up the list: a short limit here (a scan waits longer)
    const found = await Promise.allSettled(this.scanners.map((root) => this.fetchCapabilities(root, signal, Math.min(this.limits.requestTimeoutMs, LIST_TIMEOUT_MS))));
    const devices: ScanDevice[] = [];
    found.forEach((r, i) => {
      if (r.status !== 'fulfilled') return;
      const model = r.value.makeAndModel || 'Scaner eSCL';
      devices.push({ id: this.scanners[i]!, vendor: r.value.manufacturer, model, type: 'eSCL (AirScan)', driver: 'escl' });
    });
    const firstFailure = found.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (devices.length === 0 && firstFailure) throw firstFailure.reason;
    return devices;
  }

  async getCapabilities(device: string, signal?: AbortSignal): Promise<ScanCapabilities> {
    return toScanCapabilities(await this.fetchCapabilities(this.rootOf(device), signal));
  }

  scan(request: ScanRequest): AsyncIterable<ScannedPage> {
    return this.scanBatch(request);
  }

  private async *scanBatch(request: ScanRequest): AsyncGenerator<ScannedPage> {
    const { root, settings } = await this.prepare(request).catch((err: unknown) => {
      throw withPages(err, request.device, 0, (request.startIndex ?? 1) - 1);
    });

    const stop = new AbortController();
    const onAbort = () => stop.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const queue: ScannedPage[] = [];
    let wake: (() => void) | undefined;
    let outcome: { error?: unknown } | undefined;
    const clock = this.options.clock ?? systemClock;
    const running = runEsclJob({
      root,
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
    const caps = this.capabilities.get(root) ?? (await this.fetchCapabilities(root, request.signal));
    return { root, settings: scanSettingsFor(request, caps) };
  }

  private rootOf(device: string): string {
    const root = esclRoot(device);
    if (!this.scanners.includes(root)) {
      throw new StationError('DEVICE_NOT_FOUND', `Scanerul „${device}” nu este în configurare. Adăugați adresa lui eSCL la „escl.scanners” (de exemplu http://192.168.1.20/eSCL).`, { device });
    }
    return root;
  }

  private async fetchCapabilities(root: string, signal?: AbortSignal, timeoutMs = this.limits.requestTimeoutMs): Promise<EsclCapabilities> {
    const url = `${root}/ScannerCapabilities`;
    const res = await esclFetch(url, { signal, timeoutMs });
    if (res.status !== 200) {
      await discard(res);
      if (res.status === 503) throw new StationError('DEVICE_BUSY', 'Scanerul este ocupat. Așteptați să se elibereze, apoi încercați din nou.', { device: root, httpStatus: 503 });
      throw new StationError('DEVICE_NOT_FOUND', `La adresa ${root} nu răspunde un scaner eSCL (AirScan). Verificați adresa din configurare („escl.scanners”).`, { device: root, httpStatus: res.status });
    }
    const caps = parseEsclCapabilities(await readXml(res, url, this.limits.maxXmlBytes, signal));
    this.capabilities.set(root, caps);
    return caps;
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
