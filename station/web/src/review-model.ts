/**
 * What the review page shows, as plain data: the batch detail the station sends, the layout of a
 * batch still scanning (the journal's page fates plus the pages the event stream brought since),
 * how the batch splits documents and how each one began, in plain Romanian.
 */
import type { LivePage } from './live-state.ts';
import type { SummaryWarning } from '../../../shared/src/split-summary.ts';
import { clerkWarnings, sameWarning } from '../../../shared/src/summary-warnings.ts';

/** A batch's layout as the review page draws it: its documents, and the pages set apart. */
export interface LayoutView {
  version: number;
  documents: { key: string; id: string; pages: number[]; flags: string[]; department: string | null; changed: boolean }[];
  unassigned: number[];
  separators: { seq: number; why: string | null }[];
  blanks: { seq: number; inkRatio: number }[];
  removed: number[];
  rotations: Record<string, number>;
  missing: { id: string; department: string }[];
}

interface Doc {
  id: string; file: string | null; pages: number; sheets: number; flags: string[]; assignedId?: string;
  startedBy?: 'sheet' | 'label'; separatorSeq?: number | null;
}
export interface Recon {
  expected: number; scanned: number;
  missing: { registrationNumber: string; department: string }[];
  unexpected: { id: string }[]; duplicates: { id: string; count: number }[];
  empty: { id: string }[]; sheetMismatch: { registrationNumber: string; expectedSheets: number; scannedSheets: number }[];
}
export interface Summary {
  pagesIn: number; separatorPages: number; blankPages: number; documents: Doc[]; unassigned: { file: string; pages: number } | null;
  reconciliation?: Recon; version?: number; options?: { duplex?: boolean; separation?: string };
  warnings?: SummaryWarning[];
}
export interface Detail {
  batch: { id: string; state: string; startedAt: string; endedAt: string | null; outDir: string; options?: { separation?: string; duplex?: boolean } };
  summary: Summary | null;
  pages: { seq: number; fate: string; documentId: string | null }[];
  /** The batch's warnings so far (the journal's), for a batch without a summary yet. */
  warnings?: SummaryWarning[];
  /** Its report in the station's outbox (null: none): why it has not reached the registry (null: delivered or simply waiting), what the server found wrong in it. */
  outbox?: { deliveredAt: string | null; attempts: number; reason: string | null; problems: { path?: string; reason: string }[] } | null;
}

/**
 * The warnings the review page lists: the summary's once the batch has ended; before, those the
 * journal kept when the page loaded, then those the event stream brings while the batch runs, each once
 * (matched by count: a warning in the same words as another, for another file, is its own).
 */
export function warningsOf(d: Detail, live: readonly SummaryWarning[] | null): SummaryWarning[] {
  if (d.summary) return clerkWarnings(d.summary);
  const all = [...(d.warnings ?? [])];
  // each warning the stream brings is one the journal had (the same words used up once) or a new one: two files said in the same words stay two
  const unmatched = [...all];
  for (const w of live ?? []) {
    const i = unmatched.findIndex((x) => sameWarning(x, w));
    if (i >= 0) unmatched.splice(i, 1);
    else all.push(w);
  }
  return clerkWarnings({ warnings: all });
}

/** The layout of a batch not finished: the journal's fates, then the pages the event stream brought since. */
export function layoutFromFates(d: Detail, live: Map<number, LivePage> | null): LayoutView {
  const fates = new Map(d.pages.map((p) => [p.seq, { fate: p.fate, documentId: p.documentId }]));
  for (const p of live?.values() ?? []) if (!fates.has(p.seq) && p.fate !== 'în lucru') fates.set(p.seq, { fate: p.fate, documentId: p.document });
  const docs: LayoutView['documents'] = [];
  const of = (fate: string) => [...fates].filter(([, p]) => p.fate === fate).map(([seq]) => seq).sort((a, b) => a - b);
  // a document's pages come one after the other (separators and blanks between them do not end it)
  for (const seq of of('document')) {
    const id = fates.get(seq)!.documentId ?? '';
    const last = docs.at(-1);
    if (last && last.id === id) last.pages.push(seq);
    else docs.push({ key: `d${docs.length}`, id, pages: [seq], flags: [], department: null, changed: false });
  }
  return {
    version: 1, documents: docs, unassigned: of('unassigned'), separators: of('separator').map((seq) => ({ seq, why: null })),
    blanks: of('blank').map((seq) => ({ seq, inkRatio: 0 })), removed: [], rotations: {}, missing: [],
  };
}

export const SEPARATION_TEXT: Record<string, string> = {
  sheet: 'Documentele încep la foile separator (foile separator sunt scoase din documente).',
  label: 'Documentele încep la etichetele de înregistrare (pagina etichetată rămâne în document).',
  auto: 'Documentele încep la foile separator (scoase) sau la etichetele de înregistrare (pagina rămâne în document).',
};

/** How a document began, for the clerk (null when the summary does not say). */
export function startedByText(doc: Doc | undefined, duplex: boolean): string | null {
  if (!doc || doc.separatorSeq === null || doc.separatorSeq === undefined) return null;
  const n = doc.separatorSeq + 1;
  if (doc.startedBy === 'label') return duplex ? `început de eticheta de pe foaia cu paginile ${n}–${n + 1}` : `început de eticheta de pe pagina ${n}`;
  return `început de foaia separator (pagina ${n}, scoasă)`;
}
