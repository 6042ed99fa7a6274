/**
 * The WIA driver (Windows): `wia-scan.ps1` run by PowerShell through the exec module, never a shell.
 *
 * scan() runs the script once per call; the script writes each page to `*.part`, renames it and
 * prints a `PAGE` line, which is the moment the page is yielded while the feeder keeps running.
 * When the script ends, its `END`/`ERROR` line (or its silence) decides the outcome: every page
 * already announced is delivered before the error is thrown.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isStationError, StationError } from '../../../../shared/src/errors.ts';
import { spawn, type SpawnOptions, type SpawnResult } from '../../exec/spawn-process.ts';
import type { ScanCapabilities, ScanDevice, ScanDriver, ScannedPage, ScanRequest } from '../driver.ts';
import { buildWiaCapsArgs, buildWiaListArgs, buildWiaScanArgs, type WiaInvocation, type WiaPageFormat } from './build-wia-args.ts';
import { capabilitiesFromWiaEvents, devicesFromWiaEvents } from './wia-capabilities.ts';
import { withPages } from '../scan-progress.ts';
import { WiaRunState } from './wia-run-state.ts';

export interface WiaDriverOptions {
  /** `powershell.exe` (Windows PowerShell 5.1, the default; it ships with Windows) or `pwsh`. */
  powershell?: string;
  /** The script; defaults to wia-scan.ps1 beside this module. */
  scriptPath?: string;
  /** Page file format (default png). */
  format?: WiaPageFormat;
  /** Limit for `list` (default 60 s). */
  listTimeoutMs?: number;
  /** Limit for `caps` (default 60 s). */
  capsTimeoutMs?: number;
  /** Limit for a whole scan() batch; none by default (a feeder can run for an hour). */
  scanTimeoutMs?: number;
  /** Time the script gets after a stop request before it is killed (default 5 s). */
  killGraceMs?: number;
}

export const WIA_SCRIPT = fileURLToPath(new URL('./wia-scan.ps1', import.meta.url));

export class WiaDriver implements ScanDriver {
  readonly name = 'wia' as const;

  constructor(private readonly options: WiaDriverOptions = {}) {}

  async listDevices(signal?: AbortSignal): Promise<ScanDevice[]> {
    const state = await this.runToEnd(buildWiaListArgs(this.command()), 'list', this.options.listTimeoutMs ?? 60_000, signal);
    return devicesFromWiaEvents(state.events);
  }

  async getCapabilities(device: string, signal?: AbortSignal): Promise<ScanCapabilities> {
    const state = await this.runToEnd(buildWiaCapsArgs(this.command(), device), device, this.options.capsTimeoutMs ?? 60_000, signal);
    return capabilitiesFromWiaEvents(state.events);
  }

  scan(request: ScanRequest): AsyncIterable<ScannedPage> {
    return this.scanBatch(request);
  }

  private async *scanBatch(request: ScanRequest): AsyncGenerator<ScannedPage> {
    if (request.signal?.aborted) throw new StationError('CANCELLED', undefined, { device: request.device });
    const invocation = buildWiaScanArgs(this.command(), request, this.options.format ?? 'png');
    const state = new WiaRunState(request.device);
    const stop = new AbortController();
    const onAbort = (): void => stop.abort();
    request.signal?.addEventListener('abort', onAbort, { once: true });
    const queue: ScannedPage[] = [];
    let wake: (() => void) | undefined;
    let outcome: { result?: SpawnResult; error?: unknown } | undefined;

    const running = this.run(invocation, {
      signal: stop.signal,
      timeoutMs: this.options.scanTimeoutMs,
      captureStdout: false,
      onStdoutLine: (line) => {
        const page = state.accept(line);
        if (page) {
          queue.push(page);
          wake?.();
        }
      },
    })
      .then(
        (result) => void (outcome = { result }),
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
      if (outcome.error !== undefined) throw withPages(outcome.error, { device: request.device, pagesDelivered: state.pagesDelivered });
      const problem = state.finish(outcome.result!);
      if (problem) throw problem;
    } finally {
      // the consumer stopped early (break, or its own error): stop the scanner and wait for the script
      if (!outcome) stop.abort();
      await running;
      request.signal?.removeEventListener('abort', onAbort);
    }
  }

  /** Runs a short command (list, caps) to its end and throws its error, if any. */
  private async runToEnd(invocation: WiaInvocation, device: string, timeoutMs: number, signal?: AbortSignal): Promise<WiaRunState> {
    const state = new WiaRunState(device);
    let result: SpawnResult;
    try {
      result = await this.run(invocation, { signal, timeoutMs, onStdoutLine: (line) => void state.accept(line) });
    } catch (err) {
      throw withPages(err, { device, pagesDelivered: 0 });
    }
    const problem = state.finish(result);
    if (problem) throw problem;
    return state;
  }

  private command(): { powershell: string; scriptPath: string } {
    return { powershell: this.options.powershell ?? 'powershell.exe', scriptPath: this.options.scriptPath ?? WIA_SCRIPT };
  }

  private async run(invocation: WiaInvocation, opts: SpawnOptions): Promise<SpawnResult> {
    try {
      return await spawn(invocation.file, invocation.args, { ...opts, killGraceMs: this.options.killGraceMs ?? 5000 });
    } catch (err) {
      if (isStationError(err, 'PROCESS_FAILED') && err.details.reason === 'not-installed') {
        throw new StationError(
          'PROCESS_FAILED',
          `Programul „${path.basename(invocation.file)}” (PowerShell) nu a fost găsit. Scanerele WIA se folosesc doar pe Windows; cereți administratorului să verifice instalarea.`,
          err.details,
          { cause: err },
        );
      }
      throw err;
    }
  }
}
