/**
 * Generic separators (a Patch T sheet, a `PATCHT` barcode) say where a document ends but not which one
 * it is. A document is generic when the splitter flagged it `generic` or its id is not a registration
 * number (e.g. `20261128-0416-001`). With a borderou, the n-th generic document is taken to be the n-th borderou entry that no
 * numbered separator already claimed. Every generic separator is one slot: an empty document (two
 * separators in a row) still takes its entry. When the counts differ, the assignment after the first
 * missing or extra separator is wrong, so the warnings say so loudly.
 */
import type { BorderouEntry } from '../borderou/borderou-types.ts';
import { normalizeRegistrationNumber } from '../registration-number.ts';
import type { AssignedDocument, ReconDocument } from './reconciliation-types.ts';

export interface GenericAssignment {
  /** Same order as the input; assigned documents carry the borderou number as `id`. */
  documents: AssignedDocument[];
  /** How many generic documents were given a borderou number. */
  assigned: number;
  /** Generic documents left with their own id (more documents than free entries). */
  unassigned: number;
  /** Romanian, for the clerk. */
  warnings: string[];
}

const LIST_LIMIT = 10;

export function assignGenericDocuments(entries: readonly BorderouEntry[], documents: readonly ReconDocument[]): GenericAssignment {
  const claimed = new Set<string>();
  const genericIndexes: number[] = [];
  documents.forEach((doc, i) => {
    const number = normalizeRegistrationNumber(doc.id);
    if (number === null || doc.flags.includes('generic')) genericIndexes.push(i);
    else claimed.add(number);
  });
  const out: AssignedDocument[] = documents.map((d) => ({ ...d, flags: [...d.flags] }));
  if (genericIndexes.length === 0) return { documents: out, assigned: 0, unassigned: 0, warnings: [] };

  const free = entries.filter((e) => !claimed.has(e.registrationNumber));
  const pairs = Math.min(free.length, genericIndexes.length);
  let firstSheetMismatch: { position: number; entry: BorderouEntry; sheets: number } | null = null;
  for (let k = 0; k < pairs; k++) {
    const index = genericIndexes[k]!;
    const doc = out[index]!;
    const entry = free[k]!;
    out[index] = { ...doc, id: entry.registrationNumber, originalId: doc.id };
    const emptyDoc = doc.pages === 0 || doc.flags.includes('empty');
    if (!firstSheetMismatch && !emptyDoc && entry.expectedSheets !== null && entry.expectedSheets !== doc.sheets) {
      firstSheetMismatch = { position: k + 1, entry, sheets: doc.sheets };
    }
  }

  const warnings: string[] = [];
  const generic = genericIndexes.length;
  if (generic < free.length) {
    const left = free.slice(generic).map((e) => e.registrationNumber);
    warnings.push(
      `ATENȚIE: separatoarele generice au delimitat ${generic} documente, dar borderoul are ${free.length} intrări fără separator cu număr. ` +
        `Documentele au fost atribuite în ordinea borderoului; după primul separator lipsă toate atribuirile sunt greșite. ` +
        `Intrări rămase fără document (${left.length}): ${listSome(left)}.`,
    );
  } else if (generic > free.length) {
    const extra = genericIndexes.slice(free.length).map((i) => documents[i]!.id);
    warnings.push(
      `ATENȚIE: ${generic} documente cu separator generic, dar borderoul mai are doar ${free.length} intrări fără separator cu număr. ` +
        `Documentele au fost atribuite în ordinea borderoului; după primul separator în plus toate atribuirile sunt greșite. ` +
        `Documente rămase neatribuite (${extra.length}): ${listSome(extra)}.`,
    );
  }
  if (firstSheetMismatch && warnings.length > 0) {
    const { position, entry, sheets } = firstSheetMismatch;
    warnings.push(
      `Prima nepotrivire de file este la documentul generic nr. ${position} (atribuit lui ${entry.registrationNumber}: ` +
        `${entry.expectedSheets} file în borderou, ${sheets} scanate): verificați separatoarele de acolo.`,
    );
  }
  return { documents: out, assigned: pairs, unassigned: generic - pairs, warnings };
}

function listSome(items: readonly string[]): string {
  const shown = items.slice(0, LIST_LIMIT).join(', ');
  return items.length > LIST_LIMIT ? `${shown} și încă ${items.length - LIST_LIMIT}` : shown;
}
