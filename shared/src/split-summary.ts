/**
 * The shape of `summary.json`, written by `station split` / `station scan` into the output folder.
 * Invariant: pagesIn == separatorPages + blankPages + Σ documents[].pages + (unassigned?.pages ?? 0).
 */
import type { Reconciliation } from './reconciliation/reconciliation-types.ts';

export interface SummaryDocument {
  id: string;
  /** Relative to the output folder; null for an empty document (no PDF is written). */
  file: string | null;
  pages: number;
  sheets: number;
  sha256: string | null;
  /** 'duplicate' (the same id appears more than once), 'empty' (no pages), 'generic' (id from a generic separator). */
  flags: string[];
  /** Bytes of the PDF. */
  bytes?: number;
  /** With a borderou, the registration number a generic-separator document was assigned. */
  assignedId?: string;
  /** Scan position of the separator that opened the document (its sheet; for a label, the first page of the sheet carrying it). */
  separatorSeq?: number | null;
  /**
   * How the document was started: 'sheet', a separator sheet (dropped, counted in separatorPages);
   * 'label', its first page carries the registration label (kept, counted in its pages).
   */
  startedBy?: 'sheet' | 'label';
}

export interface SummaryWarning {
  code: string;
  message: string;
  seq?: number;
}

export interface RemovedBlank {
  seq: number;
  page: string;
  inkRatio: number;
  document: string | null;
}

export interface SplitSummary {
  batchId: string;
  startedAt: string;
  endedAt: string;
  pagesIn: number;
  separatorPages: number;
  blankPages: number;
  documents: SummaryDocument[];
  unassigned: { file: string; pages: number; sheets: number; sha256: string } | null;
  warnings: SummaryWarning[];
  removedBlanks: RemovedBlank[];
  separators: { seq: number; page: string; value: string; format: string }[];
  options: { duplex: boolean; removeBlank: boolean; genericSeparators: string[]; separatorPattern: string; separation?: 'sheet' | 'label' | 'auto' };
  inputs: string[];
  /** Added when a borderou was given. */
  borderou?: { file: string; entries: number; encoding: string; delimiter: string };
  reconciliation?: Reconciliation;
}
