/**
 * What one run of `wia-scan.ps1` amounts to, line by line (pure: no process, no clock).
 * The driver feeds it every stdout line as it arrives and yields the pages it returns; when the
 * process has ended, finish() says whether the run ended normally or with which StationError.
 */
import path from 'node:path';
import { StationError } from '../../../../shared/src/errors.ts';
import type { ScannedPage } from '../driver.ts';
import { parseWiaLine, type WiaEndEvent, type WiaErrorEvent, type WiaEvent } from './parse-wia-output.ts';
import { wiaStopToError } from './wia-errors.ts';

export interface WiaExit {
  exitCode: number | null;
  signal: string | null;
  stderrTail: string;
}

export class WiaRunState {
  readonly events: WiaEvent[] = [];
  private delivered = 0;
  private stop: WiaErrorEvent | WiaEndEvent | undefined;

  constructor(
    private readonly device: string,
    private readonly pathApi: typeof path.win32 | typeof path.posix = path,
  ) {}

  get pagesDelivered(): number {
    return this.delivered;
  }

  /** Takes one stdout line; returns the page it announces, if any. */
  accept(line: string): ScannedPage | null {
    if (line.trim() === '') return null;
    const event = parseWiaLine(line);
    this.events.push(event);
    if (event.kind === 'error' || event.kind === 'end') {
      this.stop ??= event;
      return null;
    }
    if (event.kind !== 'page' || this.stop) return null;
    this.delivered++;
    return { index: event.index, file: this.pathApi.resolve(event.file) };
  }

  /** The run's outcome once the process has ended: null for a normal end of the batch. */
  finish(exit: WiaExit): StationError | null {
    const details = { device: this.device, exitCode: exit.exitCode, signal: exit.signal };
    if (this.stop?.kind === 'end') return null;
    if (this.stop?.kind === 'error') {
      return wiaStopToError(this.stop.hresult, this.delivered, {
        ...details,
        scriptPages: this.stop.pages,
        wiaMessage: this.stop.message,
      });
    }
    // No END or ERROR line: PowerShell itself failed (policy, missing WIA service, crash).
    return new StationError(
      'SCAN_FAILED',
      this.delivered > 0
        ? `Programul de scanare WIA s-a oprit neașteptat. Paginile scanate deja (${this.delivered}) sunt păstrate; verificați scanerul și continuați scanarea.`
        : 'Programul de scanare WIA nu a putut porni scanerul. Verificați că scanerul este pornit și că serviciul Windows Image Acquisition rulează, apoi încercați din nou.',
      { ...details, stderrTail: exit.stderrTail, pages: this.delivered, noise: this.noise().slice(-5) },
    );
  }

  private noise(): string[] {
    return this.events.flatMap((e) => (e.kind === 'noise' ? [e.line] : []));
  }
}
