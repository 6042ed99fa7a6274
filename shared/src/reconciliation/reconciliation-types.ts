/** Types of a batch checked against its borderou. Shared by the station and the registry server. */

/** One entry of a split summary's `documents[]`. */
export interface ReconDocument {
  id: string;
  pages: number;
  sheets: number;
  flags: string[];
  file: string | null;
}

/** A document after generic-separator assignment: `id` is the borderou number, `originalId` what the splitter named it. */
export interface AssignedDocument extends ReconDocument {
  originalId?: string;
}

export interface DocumentRef {
  id: string;
  file: string | null;
  pages: number;
  sheets: number;
  /** The splitter's own id when a generic separator was assigned to a borderou entry. */
  originalId?: string;
}

/** A borderou entry for which at least one document with pages was scanned. */
export interface MatchedEntry {
  registrationNumber: string;
  department: string;
  expectedSheets: number | null;
  /** Sums over every document with this number (a duplicate counts too). */
  sheets: number;
  pages: number;
  documents: DocumentRef[];
}

export interface MissingEntry {
  registrationNumber: string;
  department: string;
  expectedSheets: number | null;
}

export interface DuplicateGroup {
  id: string;
  /** How many documents carry this id (empty ones included). */
  count: number;
  files: Array<string | null>;
  inBorderou: boolean;
}

export interface EmptyDocument {
  id: string;
  inBorderou: boolean;
  department: string | null;
}

export interface SheetMismatch {
  registrationNumber: string;
  department: string;
  expectedSheets: number;
  scannedSheets: number;
}

export interface DepartmentTotals {
  /** Null gathers the documents that are not in the borderou («Nerepartizate»). */
  department: string | null;
  expected: number;
  scanned: number;
  missing: number;
  /** Entries whose separator was scanned with no pages after it. */
  empty: number;
  expectedSheets: number;
  scannedSheets: number;
  pages: number;
}

export interface Reconciliation {
  /** Borderou entries. */
  expected: number;
  /** Documents with at least one page. */
  scanned: number;
  /** Borderou entries found among the scanned documents. */
  matched: MatchedEntry[];
  /** In the borderou, no document at all (an entry whose separator came out empty is listed in `empty`). */
  missing: MissingEntry[];
  /** Scanned, with pages, not in the borderou. */
  unexpected: DocumentRef[];
  duplicates: DuplicateGroup[];
  empty: EmptyDocument[];
  sheetMismatch: SheetMismatch[];
  byDepartment: DepartmentTotals[];
  /** Romanian, for the clerk (generic separator assignment). */
  warnings: string[];
}

export interface ReconcileOptions {
  /**
   * Documents whose ids are not registration numbers (generic separators such as PATCHT) are
   * assigned to the borderou entries in order. Default true.
   */
  assignGeneric?: boolean;
}
