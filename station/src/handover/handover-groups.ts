/**
 * Who receives what: the scanned documents grouped by department in borderou order, and the documents
 * that no borderou entry claims in a last «Nerepartizate» list. Empty documents are not handed over.
 */
import type { ReconDocument, Reconciliation } from '../../../shared/src/reconciliation/reconcile.ts';

export interface HandoverRow {
  /** Registration number, or the splitter's id for an unassigned document. */
  number: string;
  sheets: number;
  pages: number;
  /** Romanian remarks for the recipient: sheet count differs from the borderou, scanned twice, … */
  remarks: string[];
}

export interface HandoverList {
  /** Null: «Nerepartizate» (not in the borderou, or no borderou at all). */
  department: string | null;
  rows: HandoverRow[];
  totals: { documents: number; sheets: number; pages: number };
  /** Borderou entries of this department with nothing scanned, or only an empty separator (listed so the recipient knows). */
  missing: string[];
}

export const UNASSIGNED_TITLE = 'Nerepartizate';

export function handoverFromReconciliation(r: Pick<Reconciliation, 'matched' | 'unexpected'> & Partial<Pick<Reconciliation, 'missing' | 'empty'>>): HandoverList[] {
  const lists = new Map<string | null, HandoverList>();
  const list = (department: string | null): HandoverList => {
    let l = lists.get(department);
    if (!l) {
      l = { department, rows: [], totals: { documents: 0, sheets: 0, pages: 0 }, missing: [] };
      lists.set(department, l);
    }
    return l;
  };
  for (const m of r.matched) {
    // one row per PDF handed over: a number scanned twice is two documents, never one merged row
    const docs = m.documents.length > 0 ? m.documents : [{ id: m.registrationNumber, file: null, sheets: m.sheets, pages: m.pages }];
    docs.forEach((d, i) => {
      const remarks: string[] = [];
      if (m.expectedSheets !== null && m.expectedSheets !== d.sheets) remarks.push(`în borderou: ${m.expectedSheets} file`);
      if (docs.length > 1) remarks.push(`scanat de ${docs.length} ori: exemplarul ${i + 1} din ${docs.length}${d.file ? ` (${d.file})` : ''}`);
      add(list(m.department), { number: m.registrationNumber, sheets: d.sheets, pages: d.pages, remarks });
    });
  }
  for (const u of r.unexpected) add(list(null), { number: u.id, sheets: u.sheets, pages: u.pages, remarks: ['nu este în borderou'] });
  for (const m of r.missing ?? []) lists.get(m.department)?.missing.push(m.registrationNumber);
  for (const e of r.empty ?? []) if (e.inBorderou && e.department !== null) lists.get(e.department)?.missing.push(e.id);

  const unassigned = lists.get(null);
  lists.delete(null);
  return unassigned ? [...lists.values(), unassigned] : [...lists.values()];
}

/** Without a borderou every scanned document goes to «Nerepartizate», in scan order. */
export function handoverWithoutBorderou(documents: readonly ReconDocument[]): HandoverList[] {
  const withPages = documents.filter((d) => d.pages > 0 && !d.flags.includes('empty'));
  if (withPages.length === 0) return [];
  const l: HandoverList = { department: null, rows: [], totals: { documents: 0, sheets: 0, pages: 0 }, missing: [] };
  for (const d of withPages) add(l, { number: d.id, sheets: d.sheets, pages: d.pages, remarks: [] });
  return [l];
}

function add(l: HandoverList, row: HandoverRow): void {
  l.rows.push(row);
  l.totals.documents++;
  l.totals.sheets += row.sheets;
  l.totals.pages += row.pages;
}
