/**
 * What an eSCL scanner's status means for the clerk: its feeder state (scan:AdfState) and overall
 * state mapped onto the station's error codes, with the page the trouble came after.
 */
import { StationError, type ErrorCode } from '../../../../shared/src/errors.ts';
import type { EsclStatus } from './escl-xml.ts';
import { afterPage, paperJamText, resumeHint } from '../scanner-messages.ts';

export interface ProblemContext {
  device: string;
  /** Pages delivered by this scan() call so far. */
  pages: number;
  /** Number of the last page delivered (its file number), 0 when none. */
  lastPage: number;
  /** HTTP status that made the driver look at the scanner's status. */
  httpStatus?: number;
}

const ADF_STATES: Record<string, ErrorCode> = {
  ScannerAdfJam: 'PAPER_JAM',
  ScannerAdfMispick: 'PAPER_JAM',
  ScannerAdfDoorOpen: 'COVER_OPEN',
  ScannerAdfHatchOpen: 'COVER_OPEN',
  ScannerAdfMultipickDetected: 'DOUBLE_FEED',
  ScannerAdfEmpty: 'FEEDER_EMPTY',
};

/** The feeder's trouble, or null when the status names none (a loaded or processing feeder). */
export function adfProblem(status: EsclStatus, ctx: ProblemContext): StationError | null {
  const code = ADF_STATES[status.adfState];
  if (code) return scannerError(code, ctx, { adfState: status.adfState, state: status.state });
  if (status.state === 'Down' || status.state === 'Stopped') return scannerError('SCAN_FAILED', ctx, { state: status.state });
  return null;
}

export function scannerError(code: ErrorCode, ctx: ProblemContext, extra: Record<string, unknown> = {}): StationError {
  const details = { device: ctx.device, pagesDelivered: ctx.pages, lastPageIndex: ctx.lastPage, httpStatus: ctx.httpStatus, ...extra };
  return new StationError(code, message(code, ctx), details);
}

function message(code: ErrorCode, { pages, lastPage }: ProblemContext): string {
  const after = afterPage(pages, lastPage);
  const resume = resumeHint(pages);
  switch (code) {
    case 'PAPER_JAM':
      return paperJamText(pages, lastPage);
    case 'COVER_OPEN':
      return `Capacul scanerului este deschis${after}. Închideți capacul${resume}`;
    case 'DOUBLE_FEED':
      return `Scanerul a tras două foi deodată${after}. Scoateți foile, verificați că nu sunt lipite${resume}`;
    case 'FEEDER_EMPTY':
      return 'Alimentatorul scanerului este gol. Așezați foile în alimentator și porniți din nou scanarea.';
    case 'DEVICE_BUSY':
      return `Scanerul este ocupat (îl folosește alt calculator sau altă scanare)${after}. Așteptați să se elibereze${resume}`;
    case 'OPTION_INVALID':
      return 'Scanerul nu acceptă combinația de setări aleasă (sursă, mod, rezoluție). Schimbați setările și porniți din nou scanarea.';
    case 'IO_ERROR':
      return `Eroare de comunicare cu scanerul${after}. Verificați rețeaua și alimentarea scanerului${resume}`;
    default:
      return `Scanarea a eșuat${after}. Porniți din nou scanarea; dacă eroarea se repetă, reporniți scanerul.`;
  }
}
