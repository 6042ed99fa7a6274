/** The running batch as the scan page shows it, folded from the station's events. */
import { STREAM_RESTART, type StationEvent } from './api.ts';

export interface LivePage {
  seq: number;
  fate: string;
  document: string | null;
  thumb: boolean;
}

export interface LiveState {
  runner: 'idle' | 'scanning' | 'waiting' | 'stopping';
  batchId: string | null;
  scanned: number;
  processed: number;
  documents: { id: string; pages: number; file: string | null }[];
  current: string | null;
  lag: number;
  firstPageAt: number | null;
  lastPageAt: number | null;
  pages: Map<number, LivePage>;
  problem: { code: string; message: string } | null;
  ended: { pagesIn: number; documents: number; separatorPages: number; blankPages: number; unassignedPages: number; outDir: string } | null;
  error: { code: string; message: string } | null;
  /** What the station told the clerk about the batch so far (a file the watched folder left out …). */
  warnings: { code: string; message: string }[];
}

export const EMPTY: LiveState = {
  runner: 'idle', batchId: null, scanned: 0, processed: 0, documents: [], current: null, lag: 0,
  firstPageAt: null, lastPageAt: null, pages: new Map(), problem: null, ended: null, error: null, warnings: [],
};

export function fold(s: LiveState, e: StationEvent): LiveState {
  switch (e.event) {
    case STREAM_RESTART: // the station restarted: its events come again from the first, folded from nothing
      return EMPTY;
    case 'runner': {
      const runner = e.state as LiveState['runner'];
      const next = { ...s, runner, batchId: (e.batchId as string | null) ?? s.batchId, problem: runner === 'waiting' ? s.problem : null };
      // a run starts (a new batch, or a paused one resumed): the last run's outcome is no longer what the page says
      return s.runner === 'idle' && runner !== 'idle' ? { ...next, error: null, ended: null } : next;
    }
    case 'batch-start':
      return { ...EMPTY, runner: s.runner, batchId: e.batchId as string, scanned: e.replayedFiles as number, pages: new Map() };
    case 'page-scanned':
      return { ...s, scanned: s.scanned + 1 };
    case 'page': {
      const at = Date.parse(String(e.at));
      const pages = new Map(s.pages);
      const seq = e.seq as number;
      pages.set(seq, { seq, fate: e.fate as string, document: e.document as string | null, thumb: pages.get(seq)?.thumb ?? false });
      const current = e.fate === 'document' || e.fate === 'unassigned' ? ((e.document as string | null) ?? 'nerepartizate') : s.current;
      return { ...s, processed: s.processed + 1, lag: e.lag as number, current, pages, firstPageAt: s.firstPageAt ?? at, lastPageAt: at };
    }
    case 'thumbnail': {
      const pages = new Map(s.pages);
      const seq = e.seq as number;
      pages.set(seq, { ...(pages.get(seq) ?? { seq, fate: 'în lucru', document: null }), thumb: true });
      return { ...s, pages };
    }
    case 'document':
      return { ...s, documents: [...s.documents, { id: e.id as string, pages: e.pages as number, file: e.file as string | null }] };
    case 'decision-needed':
      return { ...s, problem: { code: e.code as string, message: e.message as string } };
    case 'resumed':
      return { ...s, problem: null };
    case 'batch-end':
      return { ...s, lag: 0, ended: e as unknown as LiveState['ended'] };
    case 'error':
      return { ...s, error: { code: e.code as string, message: e.message as string } };
    case 'warning':
      return { ...s, warnings: [...s.warnings, { code: e.code as string, message: e.message as string }] };
    default:
      return s;
  }
}

/** Pages per minute over the pages processed so far (null until there is a span to measure). */
export function pagesPerMinute(s: LiveState): number | null {
  if (s.firstPageAt === null || s.lastPageAt === null || s.processed < 2) return null;
  const minutes = (s.lastPageAt - s.firstPageAt) / 60_000;
  return minutes > 0 ? Math.round((s.processed - 1) / minutes) : null;
}
