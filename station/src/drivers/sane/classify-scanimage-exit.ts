/**
 * How a `scanimage --batch` run ended (pure): normally, or with which StationError.
 *
 * The exit code alone cannot tell: scanimage exits 0 when the feeder runs out in an unlimited
 * batch, but also when the backend says "out of documents" while reading the very first page;
 * it exits 7 when the feeder is empty at the start or a `--batch-count` is not reached; and 1 is
 * used for bad options, unknown devices and SANE_STATUS_UNSUPPORTED alike. So the last
 * `sane_start:`/`sane_read:` line of stderr decides, with the code and the number of pages
 * delivered; the code (which is the SANE status for 2..11) is only the fallback.
 */
import { StationError, type ErrorCode } from '../../../../shared/src/errors.ts';
import { afterPage as after, paperJamText, resumeHint as resume } from '../scanner-messages.ts';

export interface ScanimageExit {
  exitCode: number | null;
  signal?: string | null;
  stderrTail: string;
  /** Page files scanimage printed (complete pages) during this run. */
  pagesDelivered: number;
  /** Number of the last delivered page in the batch numbering (defaults to `pagesDelivered`). */
  lastPageIndex?: number;
  device?: string;
}

type SaneStatus = 'UNSUPPORTED' | 'CANCELLED' | 'DEVICE_BUSY' | 'INVAL' | 'EOF' | 'JAMMED' | 'NO_DOCS' | 'COVER_OPEN' | 'IO_ERROR' | 'NO_MEM' | 'ACCESS_DENIED';

/** sane_strstatus() texts (sane-backends), and the exit codes scanimage derives from the status. */
const STATUS_TEXTS: [RegExp, SaneStatus][] = [
  [/operation not supported/i, 'UNSUPPORTED'],
  [/operation was cancell?ed/i, 'CANCELLED'],
  [/device busy/i, 'DEVICE_BUSY'],
  [/invalid argument/i, 'INVAL'],
  [/end of file reached/i, 'EOF'],
  [/document feeder jammed/i, 'JAMMED'],
  [/out of documents/i, 'NO_DOCS'],
  [/cover is open/i, 'COVER_OPEN'],
  [/error during device i\/o/i, 'IO_ERROR'],
  [/out of memory/i, 'NO_MEM'],
  [/access to resource has been denied/i, 'ACCESS_DENIED'],
];
const STATUS_BY_EXIT: Record<number, SaneStatus> = {
  2: 'CANCELLED', 3: 'DEVICE_BUSY', 4: 'INVAL', 5: 'EOF', 6: 'JAMMED', 7: 'NO_DOCS', 8: 'COVER_OPEN', 9: 'IO_ERROR', 10: 'NO_MEM', 11: 'ACCESS_DENIED',
};

const OPTION_PROBLEMS = [
  /setting of option --?(\S+) failed/i,
  /unrecognized option '--?([^'=]+)/i,
  /attempted to set (?:inactive|readonly|read-only) option (\S+)/i,
  /option '--?([^'=]+)' (?:requires|doesn't allow) an argument/i,
  /invalid option -- '?(\w)/i,
  /value for --?(\S+) (?:is out of range|must be)/i,
];

/** undefined for a normal end of the batch, otherwise the error to raise after the delivered pages. */
export function classifyScanimageExit(exit: ScanimageExit): StationError | undefined {
  const lines = exit.stderrTail.split(/\r?\n/).map((l) => l.trim()).filter(Boolean);
  const pages = exit.pagesDelivered;
  const last = exit.lastPageIndex ?? pages;
  const device = exit.device ?? '';
  const base = { device: exit.device, exitCode: exit.exitCode, signal: exit.signal ?? null, pagesDelivered: pages };
  const make = (code: ErrorCode, message: string, extra: Record<string, unknown> = {}) => new StationError(code, message, { ...base, ...extra });

  const statusLine = findLast(lines, (l) => /^scanimage: sane_(start|read): /.test(l));
  if (statusLine) {
    const stage = /sane_(start|read)/.exec(statusLine)![0];
    const status = statusFromText(statusLine.replace(/^scanimage: sane_(start|read): /, ''));
    return fromStatus(status, stage, statusLine);
  }

  const openLine = findLast(lines, (l) => /open of device .* failed/i.test(l) || /no SANE devices found/i.test(l));
  if (openLine) {
    const status = statusFromText(openLine);
    const extra = { stage: 'open', stderrLine: openLine };
    if (status === 'ACCESS_DENIED') return make('ACCESS_DENIED', accessDenied(), extra);
    if (status === 'DEVICE_BUSY') return make('DEVICE_BUSY', busy(0, last), extra);
    if (status === 'IO_ERROR' || status === 'NO_MEM') {
      return make('DEVICE_OFFLINE', `Scanerul „${device}” nu răspunde. Verificați că este pornit și conectat (cablu sau rețea), apoi porniți din nou scanarea.`, extra);
    }
    return make('DEVICE_NOT_FOUND', `Scanerul „${device}” nu a fost găsit. Verificați că este pornit și conectat, apoi alegeți-l din nou din lista de scanere.`, extra);
  }

  for (const line of [...lines].reverse()) {
    for (const pattern of OPTION_PROBLEMS) {
      const m = pattern.exec(line);
      if (m) {
        return make('OPTION_INVALID', `Scanerul nu acceptă opțiunea „${m[1]}” așa cum a fost dată. Verificați opțiunile scanerului și porniți din nou scanarea.`, { option: m[1], stderrLine: line });
      }
    }
  }

  if (exit.exitCode === 0 && !exit.signal) return undefined;
  if (exit.exitCode !== null && STATUS_BY_EXIT[exit.exitCode]) return fromStatus(STATUS_BY_EXIT[exit.exitCode]!, undefined, lines.at(-1));
  const how = exit.signal ? `s-a oprit neașteptat (${exit.signal})` : `s-a încheiat cu codul ${exit.exitCode}`;
  return make('SCAN_FAILED', `Scanarea${after(pages, last)} a eșuat: programul scanimage ${how}. Porniți din nou scanarea; dacă eroarea se repetă, reporniți scanerul.`, { stderrLine: lines.at(-1) });

  function fromStatus(status: SaneStatus | undefined, stage: string | undefined, line: string | undefined): StationError | undefined {
    const extra = { saneStatus: status ?? null, stage: stage ?? null, stderrLine: line ?? null };
    switch (status) {
      case 'NO_DOCS':
        if (pages > 0) return undefined; // the feeder ran out: the normal end of a batch
        return make('FEEDER_EMPTY', 'Alimentatorul scanerului este gol. Așezați foile în alimentator și porniți din nou scanarea.', extra);
      case 'JAMMED':
        return make('PAPER_JAM', paperJamText(pages, last), extra);
      case 'COVER_OPEN':
        return make('COVER_OPEN', `Capacul scanerului este deschis${after(pages, last)}. Închideți capacul${resume(pages)}`, extra);
      case 'DEVICE_BUSY':
        return make('DEVICE_BUSY', busy(pages, last), extra);
      case 'IO_ERROR':
        return make('IO_ERROR', `Eroare de comunicare cu scanerul${after(pages, last)}. Verificați cablul sau rețeaua și alimentarea scanerului${resume(pages)}`, extra);
      case 'ACCESS_DENIED':
        return make('ACCESS_DENIED', accessDenied(), extra);
      case 'INVAL':
        if (stage === 'sane_start') {
          return make('OPTION_INVALID', 'Scanerul nu acceptă combinația de setări aleasă (sursă, mod, rezoluție, suprafață). Schimbați setările și porniți din nou scanarea.', extra);
        }
        break;
      case 'CANCELLED':
        return make('CANCELLED', `Scanarea a fost oprită de la scaner${after(pages, last)}. Porniți din nou scanarea când sunteți gata.`, extra);
    }
    return make('SCAN_FAILED', `Scanarea a eșuat${after(pages, last)}. Porniți din nou scanarea; dacă eroarea se repetă, reporniți scanerul.`, extra);
  }
}

function statusFromText(text: string): SaneStatus | undefined {
  return STATUS_TEXTS.find(([pattern]) => pattern.test(text))?.[1];
}

function busy(pages: number, last: number): string {
  return `Scanerul este ocupat (îl folosește alt program sau altă scanare)${after(pages, last)}. Așteptați să se elibereze${resume(pages)}`;
}

function accessDenied(): string {
  return 'Accesul la scaner a fost refuzat. Cereți administratorului drept de acces la scaner pentru contul acestui calculator.';
}

function findLast(lines: string[], test: (l: string) => boolean): string | undefined {
  for (let i = lines.length - 1; i >= 0; i--) if (test(lines[i]!)) return lines[i];
  return undefined;
}
