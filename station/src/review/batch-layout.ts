/**
 * A finished batch as the review page corrects it: every page has exactly one place — a
 * document, the unassigned pages, the separators, the removed blank pages, or the clerk's kept
 * list of pages taken out — plus the clerk's rotation. Built from summary.json and the journal's
 * page fates; corrections are pure functions from one layout to the next.
 */
import { StationError } from '../../../shared/src/errors.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';

export type Rotation = 0 | 90 | 180 | 270;

export interface LayoutDoc {
  /** Stable while reviewing: `d<n>` for the batch's documents, `n<n>` for parts the clerk split off. */
  key: string;
  id: string;
  pages: number[];
  separatorSeq: number | null;
  flags: string[];
  /** The document as saved before (null for a new part): to know what must be rewritten. */
  original: { id: string; pages: number[]; file: string | null; sha256: string | null; bytes?: number } | null;
}

export interface Layout {
  documents: LayoutDoc[];
  unassigned: number[];
  separators: number[];
  blanks: { seq: number; inkRatio: number }[];
  /** Pages the clerk took out: kept (never deleted), counted apart. */
  removed: number[];
  rotations: Record<number, Rotation>;
  nextKey: number;
}

export interface JournalPageFate {
  seq: number;
  fate: 'document' | 'unassigned' | 'separator' | 'blank';
  documentId: string | null;
}

/** The layout of a saved batch (corrections saved before are already in summary.json and its fates). */
export function layoutOf(summary: SplitSummary & { removedByClerk?: { seq: number }[]; rotations?: Record<number, Rotation> }, fates: JournalPageFate[]): Layout {
  const removed = new Set((summary.removedByClerk ?? []).map((r) => r.seq));
  const docs: LayoutDoc[] = summary.documents.map((d, i) => ({
    key: `d${i}`, id: d.id, pages: [], separatorSeq: d.separatorSeq ?? null, flags: d.flags.filter((f) => f !== 'duplicate' && f !== 'empty'),
    original: { id: d.id, pages: [], file: d.file, sha256: d.sha256, bytes: d.bytes },
  }));
  // a content page belongs to the last document opened before it (ids may repeat: positions do not)
  const opened = docs.map((d, i) => ({ i, at: d.separatorSeq ?? -1 })).sort((a, b) => a.at - b.at);
  const unassigned: number[] = [];
  const separators: number[] = [];
  for (const p of [...fates].sort((a, b) => a.seq - b.seq)) {
    if (removed.has(p.seq)) continue;
    if (p.fate === 'separator') separators.push(p.seq);
    else if (p.fate === 'unassigned') unassigned.push(p.seq);
    else if (p.fate === 'document') {
      let owner = -1;
      for (const o of opened) if (o.at <= p.seq && docs[o.i]!.id === p.documentId) owner = o.i;
      if (owner < 0) owner = docs.findIndex((d) => d.id === p.documentId);
      if (owner < 0) throw new StationError('INTERNAL', `Pagina ${p.seq + 1} nu are document în rezumatul lotului.`);
      docs[owner]!.pages.push(p.seq);
    }
  }
  for (const d of docs) d.original!.pages = [...d.pages];
  const ink = new Map(summary.removedBlanks.map((b) => [b.seq, b.inkRatio]));
  const blanks = fates.filter((p) => p.fate === 'blank' && !removed.has(p.seq)).map((p) => ({ seq: p.seq, inkRatio: ink.get(p.seq) ?? 0 }));
  return { documents: docs, unassigned, separators, blanks, removed: [...removed].sort((a, b) => a - b), rotations: { ...(summary.rotations ?? {}) }, nextKey: 0 };
}

/** Where a page is now. */
export function placeOf(l: Layout, seq: number): { kind: 'document'; doc: LayoutDoc } | { kind: 'unassigned' | 'separator' | 'blank' | 'removed' } | null {
  const doc = l.documents.find((d) => d.pages.includes(seq));
  if (doc) return { kind: 'document', doc };
  if (l.unassigned.includes(seq)) return { kind: 'unassigned' };
  if (l.separators.includes(seq)) return { kind: 'separator' };
  if (l.blanks.some((b) => b.seq === seq)) return { kind: 'blank' };
  if (l.removed.includes(seq)) return { kind: 'removed' };
  return null;
}

/** The document a page at this scan position would belong to (the last one opened before it). */
export function documentAt(l: Layout, seq: number): LayoutDoc | null {
  let best: LayoutDoc | null = null;
  for (const d of l.documents) {
    const start = d.separatorSeq ?? d.pages[0] ?? Infinity;
    if (start <= seq && (!best || start >= (best.separatorSeq ?? best.pages[0] ?? -1))) best = d;
  }
  return best;
}

/** Every page in exactly one place; returns the number of pages. */
export function checkLayout(l: Layout, pagesIn: number): void {
  const all = [...l.documents.flatMap((d) => d.pages), ...l.unassigned, ...l.separators, ...l.blanks.map((b) => b.seq), ...l.removed];
  if (all.length !== pagesIn || new Set(all).size !== pagesIn) {
    throw new StationError('INTERNAL', 'Numărul paginilor nu se potrivește după corecturi; nimic nu a fost salvat.', { pagesIn, placed: all.length });
  }
}
