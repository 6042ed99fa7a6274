/**
 * The SANE driver: `scanimage` run through the exec module, never through a shell.
 *
 * scan() runs ONE long-lived `scanimage --batch … --batch-print` per call. scanimage writes each
 * page to `*.part`, renames it when complete and prints its name on stdout: that line is the
 * moment the page is yielded, while the feeder keeps running. When scanimage ends, its exit code
 * and stderr are classified; every page already printed is delivered before the error is thrown.
 *
 * Once scanimage has printed "Batch terminated" the outcome is known. Some backends then hang in
 * sane_cancel/sane_close (SANE's own test backend does after an injected error, about one run in
 * ten): after `exitGraceMs` the driver stops scanimage and classifies what stderr already said.
 */
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { systemClock, type Clock } from '../../../../shared/src/clock.ts';
import { isStationError, StationError } from '../../../../shared/src/errors.ts';
import { spawn, type SpawnResult } from '../../exec/spawn-process.ts';
import type { ScanCapabilities, ScanDevice, ScanDriver, ScannedPage, ScanRequest } from '../driver.ts';
import { buildScanimageArgs, type PageFormat } from './build-scanimage-args.ts';
import { classifyScanimageExit } from './classify-scanimage-exit.ts';
import { parseScanimageFormatted, SCANIMAGE_LIST_FORMAT } from './parse-scanimage-list.ts';
import { parseScanimageOptions } from './parse-scanimage-options.ts';
import { withPages } from '../scan-progress.ts';
import { toScanCapabilities } from './sane-capabilities.ts';

export interface SaneDriverOptions {
  /** The scanimage program (default `scanimage`, found through PATH). */
  scanimage?: string;
  /** Extra environment for scanimage, e.g. `{ SANE_CONFIG_DIR: '/etc/scan-station/sane.d' }`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Page file format (default pnm). */
  format?: PageFormat;
  /** Limit for `scanimage -f`: network backends can take seconds to answer (default 60 s). */
  listTimeoutMs?: number;
  /** Limit for `scanimage -A` (default 60 s). */
  optionsTimeoutMs?: number;
  /** Limit for a whole scan() batch; none by default (a feeder can run for an hour). */
  scanTimeoutMs?: number;
  /** Time scanimage gets to stop the scanner after SIGTERM before SIGKILL (default 5 s). */
  killGraceMs?: number;
  /** Time scanimage gets to exit after "Batch terminated" before it is stopped (default 10 s). */
  exitGraceMs?: number;
  /** What the timeouts and grace periods are measured on (default: the system clock). */
  clock?: Clock;
}

const PAGE_LINE = /(?:^|[\\/])page-(\d{5,})\.(pnm|tif)$/;

export class SaneDriver implements ScanDriver {
  readonly name = 'sane' as const;
  private readonly capabilities = new Map<string, ScanCapabilities>();

  constructor(private readonly options: SaneDriverOptions = {}) {}

  async listDevices(signal?: AbortSignal): Promise<ScanDevice[]> {
    const result = await this.run(['-f', SCANIMAGE_LIST_FORMAT], { signal, timeoutMs: this.options.listTimeoutMs ?? 60_000 });
    if (result.exitCode !== 0) {
      throw new StationError('PROCESS_FAILED', 'Lista scanerelor nu a putut fi citită. Verificați instalarea SANE și încercați din nou.', {
        exitCode: result.exitCode,
        signal: result.signal,
        stderrTail: result.stderrTail,
      });
    }
    return parseScanimageFormatted(result.stdout);
  }

  async getCapabilities(device: string, signal?: AbortSignal): Promise<ScanCapabilities> {
    const result = await this.run(['-A', '-d', device], { signal, timeoutMs: this.options.optionsTimeoutMs ?? 60_000 });
    const parsed = parseScanimageOptions(result.stdout);
    if (result.exitCode !== 0 || parsed.options.length === 0) {
      throw classifyScanimageExit({ exitCode: result.exitCode || 1, signal: result.signal, stderrTail: result.stderrTail, pagesDelivered: 0, device })!;
    }
    const caps = toScanCapabilities(parsed.options);
    this.capabilities.set(device, caps);
    return caps;
  }

  scan(request: ScanRequest): AsyncIterable<ScannedPage> {
    return this.scanBatch(request);
  }

  private async *scanBatch(request: ScanRequest): AsyncGenerator<ScannedPage> {
    if (request.signal?.aborted) throw new StationError('CANCELLED', undefined, { device: request.device });
    const caps = this.capabilities.get(request.device) ?? (await this.getCapabilities(request.device, request.signal));
    const args = buildScanimageArgs(request, caps, this.options.format ?? 'pnm');

    const stop = new AbortController();
    const onAbort = () => stop.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const queue: ScannedPage[] = [];
    let wake: (() => void) | undefined;
    let delivered = 0;
    let lastIndex = (request.startIndex ?? 1) - 1;
    let outcome: { result?: SpawnResult; error?: unknown } | undefined;
    let exitWait: (() => void) | undefined;
    let hungAfterEnd = false;

    const running = this.run(args, {
      signal: stop.signal,
      timeoutMs: this.options.scanTimeoutMs,
      captureStdout: false,
      onStdoutLine: (line) => {
        const m = PAGE_LINE.exec(line.trim());
        if (!m) return;
        const index = Number(m[1]);
        queue.push({ index, file: path.resolve(line.trim()), dpi: request.resolution });
        delivered++;
        lastIndex = index;
        wake?.();
      },
      onStderrLine: (line) => {
        if (!/^Batch terminated/.test(line) || exitWait) return;
        exitWait = (this.options.clock ?? systemClock).after(this.options.exitGraceMs ?? 10_000, () => {
          hungAfterEnd = true;
          stop.abort();
        });
      },
    })
      .then(
        (result) => void (outcome = { result }),
        (error: unknown) => void (outcome = { error }),
      )
      .finally(() => {
        exitWait?.();
        wake?.();
      });

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
      const problem = classifyScanimageExit({
        ...exitOf(outcome, hungAfterEnd && !request.signal?.aborted, request.device, delivered),
        pagesDelivered: delivered,
        lastPageIndex: lastIndex,
        device: request.device,
      });
      if (problem) throw problem;
    } finally {
      // the consumer stopped early (break, or its own error): stop the scanner and wait for scanimage
      if (!outcome) stop.abort();
      await running;
      request.signal?.removeEventListener('abort', onAbort);
      await removeUnfinishedPages(request.workDir);
    }
  }

  private async run(args: string[], opts: Parameters<typeof spawn>[2]): Promise<SpawnResult> {
    const program = this.options.scanimage ?? 'scanimage';
    try {
      return await spawn(program, args, {
        ...opts,
        // untranslated SANE messages and `.` decimals, whatever the station's locale
        env: { LC_ALL: 'C', LANG: 'C', LANGUAGE: undefined, ...this.options.env },
        killGraceMs: this.options.killGraceMs ?? 5000,
        clock: this.options.clock,
      });
    } catch (err) {
      if (isStationError(err, 'PROCESS_FAILED') && err.details.reason === 'not-installed') {
        throw new StationError('PROCESS_FAILED', `Programul „${path.basename(program)}” nu este instalat pe acest calculator. Instalați pachetul sane-utils (SANE) și încercați din nou.`, err.details, { cause: err });
      }
      throw err;
    }
  }
}

/**
 * Exit code, signal and stderr of a finished scanimage. A process the driver stopped because it
 * hung after "Batch terminated" counts as exited 0: its stderr already tells how the batch ended.
 */
function exitOf(outcome: { result?: SpawnResult; error?: unknown }, hungAfterEnd: boolean, device: string, delivered: number) {
  const err = outcome.error;
  if (err === undefined) {
    const r = outcome.result!;
    return { exitCode: r.exitCode, signal: r.signal, stderrTail: r.stderrTail };
  }
  if (hungAfterEnd && isStationError(err, 'CANCELLED')) {
    return { exitCode: 0, signal: null, stderrTail: String(err.details.stderrTail ?? '') };
  }
  if (isStationError(err, 'CANCELLED') || isStationError(err, 'PROCESS_TIMEOUT')) {
    throw withPages(err, { device, pagesDelivered: delivered });
  }
  throw err;
}

/**
 * scanimage deletes the `*.part` of a page it was writing when it stops cleanly; one stopped hard
 * (killed after the grace time) leaves it. Such a page never reached the station (the sheet is
 * scanned again), so its fragment goes.
 */
async function removeUnfinishedPages(workDir: string): Promise<void> {
  const names = await readdir(workDir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => /^page-\d+\.(pnm|tiff)\.part$/.test(n)).map((n) => rm(path.join(workDir, n), { force: true })));
}
