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

/** How a page is stored: `original` the scanner's bytes untouched; `auto` pages decided gray in one component; `auto-bitonal` also pure text pages as CCITT G4. */
export type StorageMode = 'original' | 'auto' | 'auto-bitonal';
export const STORAGE_MODES: readonly StorageMode[] = ['original', 'auto', 'auto-bitonal'];

/**
 * The colour decision of one page (every page read, in scan order) and how it went into its PDF.
 * Summaries written before issue 16 have none.
 */
export interface SummaryPageColour {
  seq: number;
  page: string;
  /** 'colour': carries colour (a stamp, a logo, a signature, highlighter); 'gray': only its paper's tint and scanner noise, or scanned in gray. */
  decision: 'colour' | 'gray';
  /** What was measured on the colour preview; absent for a page scanned in gray or black and white (nothing to measure). */
  measure?: {
    /** mm² covered by colour clusters that count (a page is colour from 10 mm²). */
    areaMm2: number;
    /** Strongest CIELAB chroma (relative to the paper) of a cluster large enough to count (colour from 13). */
    peakChroma: number;
    /** The paper's colour, sRGB. */
    paper: [number, number, number];
  };
  /** Kept pages only: 'original' (as scanned), 'gray' (re-encoded as one-component gray), 'bitonal' (CCITT G4). */
  stored?: 'original' | 'gray' | 'bitonal';
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
  options: { duplex: boolean; removeBlank: boolean; genericSeparators: string[]; separatorPattern: string; separation?: 'sheet' | 'label' | 'auto'; storage?: StorageMode };
  /** Every page's colour decision and storage (issue 16); absent in older summaries. */
  pageColour?: SummaryPageColour[];
  inputs: string[];
  /** Added when a borderou was given. */
  borderou?: { file: string; entries: number; encoding: string; delimiter: string };
  reconciliation?: Reconciliation;
}
