/**
 * A scanned batch checked against its borderou: what is missing, what came in addition, what was
 * scanned twice or came out empty, and where the sheet count differs. Pure; the station runs it at
 * the end of a split and the registry server on the reports it receives.
 */
import type { BorderouEntry } from '../borderou/borderou-types.ts';
import { normalizeRegistrationNumber } from '../registration-number.ts';
import { assignGenericDocuments } from './assign-generic-documents.ts';
import type {
  AssignedDocument,
  DepartmentTotals,
  DocumentRef,
  DuplicateGroup,
  EmptyDocument,
  MatchedEntry,
  MissingEntry,
  ReconDocument,
  Reconciliation,
  ReconcileOptions,
  SheetMismatch,
} from './reconciliation-types.ts';

export type * from './reconciliation-types.ts';
export { assignGenericDocuments } from './assign-generic-documents.ts';

export function isEmptyDocument(doc: ReconDocument): boolean {
  return doc.pages === 0 || doc.flags.includes('empty');
}

export function reconcile(entries: readonly BorderouEntry[], documents: readonly ReconDocument[], opts: ReconcileOptions = {}): Reconciliation {
  const assignment = opts.assignGeneric === false ? null : assignGenericDocuments(entries, documents);
  const docs: AssignedDocument[] = assignment ? assignment.documents : [...documents];

  const entryByNumber = new Map(entries.map((e) => [e.registrationNumber, e]));
  const byKey = new Map<string, AssignedDocument[]>();
  for (const doc of docs) {
    const key = normalizeRegistrationNumber(doc.id) ?? doc.id;
    const group = byKey.get(key);
    if (group) group.push(doc);
    else byKey.set(key, [doc]);
  }

  const matched: MatchedEntry[] = [];
  const missing: MissingEntry[] = [];
  const sheetMismatch: SheetMismatch[] = [];
  for (const entry of entries) {
    const group = byKey.get(entry.registrationNumber) ?? [];
    const withPages = group.filter((d) => !isEmptyDocument(d));
    if (group.length === 0) {
      missing.push({ registrationNumber: entry.registrationNumber, department: entry.department, expectedSheets: entry.expectedSheets });
      continue;
    }
    if (withPages.length === 0) continue; // listed in `empty`
    const m: MatchedEntry = {
      registrationNumber: entry.registrationNumber,
      department: entry.department,
      expectedSheets: entry.expectedSheets,
      sheets: sum(withPages, (d) => d.sheets),
      pages: sum(withPages, (d) => d.pages),
      documents: withPages.map(ref),
    };
    matched.push(m);
    if (entry.expectedSheets !== null && entry.expectedSheets !== m.sheets) {
      sheetMismatch.push({
        registrationNumber: entry.registrationNumber,
        department: entry.department,
        expectedSheets: entry.expectedSheets,
        scannedSheets: m.sheets,
      });
    }
  }

  const unexpected: DocumentRef[] = [];
  const empty: EmptyDocument[] = [];
  for (const doc of docs) {
    const key = normalizeRegistrationNumber(doc.id) ?? doc.id;
    const entry = entryByNumber.get(key);
    if (isEmptyDocument(doc)) empty.push({ id: key, inBorderou: entry !== undefined, department: entry?.department ?? null });
    else if (!entry) unexpected.push(ref(doc));
  }

  const duplicates: DuplicateGroup[] = [];
  for (const [key, group] of byKey) {
    if (group.length > 1) duplicates.push({ id: key, count: group.length, files: group.map((d) => d.file), inBorderou: entryByNumber.has(key) });
  }

  return {
    expected: entries.length,
    scanned: docs.filter((d) => !isEmptyDocument(d)).length,
    matched,
    missing,
    unexpected,
    duplicates,
    empty,
    sheetMismatch,
    byDepartment: departmentTotals(entries, matched, missing, unexpected, empty),
    warnings: assignment?.warnings ?? [],
  };
}

function departmentTotals(
  entries: readonly BorderouEntry[],
  matched: readonly MatchedEntry[],
  missing: readonly MissingEntry[],
  unexpected: readonly DocumentRef[],
  empty: readonly EmptyDocument[],
): DepartmentTotals[] {
  const totals = new Map<string | null, DepartmentTotals>();
  const get = (department: string | null): DepartmentTotals => {
    let t = totals.get(department);
    if (!t) {
      t = { department, expected: 0, scanned: 0, missing: 0, empty: 0, expectedSheets: 0, scannedSheets: 0, pages: 0 };
      totals.set(department, t);
    }
    return t;
  };
  for (const e of entries) {
    const t = get(e.department);
    t.expected++;
    t.expectedSheets += e.expectedSheets ?? 0;
  }
  for (const m of matched) {
    const t = get(m.department);
    t.scanned++;
    t.scannedSheets += m.sheets;
    t.pages += m.pages;
  }
  for (const m of missing) get(m.department).missing++;
  const matchedNumbers = new Set(matched.map((m) => m.registrationNumber));
  const emptyEntries = new Set(empty.filter((e) => e.inBorderou && !matchedNumbers.has(e.id)).map((e) => e.id));
  for (const e of entries) if (emptyEntries.has(e.registrationNumber)) get(e.department).empty++;
  if (unexpected.length > 0) {
    const t = get(null);
    t.scanned += unexpected.length;
    t.scannedSheets += sum(unexpected, (d) => d.sheets);
    t.pages += sum(unexpected, (d) => d.pages);
  }
  return [...totals.values()];
}

function ref(doc: AssignedDocument): DocumentRef {
  const r: DocumentRef = { id: doc.id, file: doc.file, pages: doc.pages, sheets: doc.sheets };
  if (doc.originalId !== undefined) r.originalId = doc.originalId;
  return r;
}

function sum<T>(items: readonly T[], f: (item: T) => number): number {
  return items.reduce((acc, item) => acc + f(item), 0);
}
