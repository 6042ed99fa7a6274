/**
 * The separation state machine (pure, synchronous): pages go in scan order, events come out.
 * Every page gets exactly one fate: kept in a document, kept in the unassigned document,
 * separator, or removed blank. With duplex, the two sides of a sheet are decided together.
 *
 * How a page with a separator starts a document (`separation`):
 *   - sheet: it is a separator sheet, dropped with its other side (today's behaviour);
 *   - label: it is the document's first page carrying a registration label, kept;
 *   - auto:  a sheet when the page has next to no ink beside the symbol (see isSeparatorSheet in
 *            ink-beside-symbol.ts), a label otherwise (and when that ink was not measured).
 * A label with the number of the document already open (the same label again, or the label on the
 * first page after that document's separator sheet) does not split; a label on a duplex back starts
 * the document with the whole sheet; both are said in a warning naming the page.
 */
import type { SeparatorMatch } from '../barcode/separator-rule.ts';
import { isSeparatorSheet, type SymbolLook } from '../barcode/ink-beside-symbol.ts';

export interface SplitPage {
  seq: number;
  label: string;
  separator: SeparatorMatch | null;
  blank: { inkRatio: number; isBlank: boolean } | null;
  /** Ink beside the separator symbol, when measured. */
  beside?: SymbolLook;
}

export type Separation = 'sheet' | 'label' | 'auto';
export const SEPARATIONS: readonly Separation[] = ['sheet', 'label', 'auto'];

export interface DocRef {
  /** 0-based position among the batch's documents (the unassigned document is -1). */
  ordinal: number;
  id: string;
  kind: 'registration' | 'generic' | 'unassigned';
  /** seq of the separator that opened it: the sheet side, or the labelled sheet's first page (null for unassigned). */
  separatorSeq: number | null;
  /** A dropped separator sheet or a kept labelled page (null for unassigned). */
  startedBy: 'sheet' | 'label' | null;
}

export type PageFate = 'document' | 'unassigned' | 'separator' | 'blank';

export type SplitEvent<P extends SplitPage> =
  | { type: 'open'; doc: DocRef }
  | { type: 'keep'; doc: DocRef; page: P }
  | { type: 'drop'; fate: 'separator' | 'blank'; doc: DocRef | null; page: P }
  | { type: 'close'; doc: DocRef; sheets: number; pages: number }
  | { type: 'warning'; code: string; message: string; seq: number };

export interface SplitterOptions {
  duplex: boolean;
  removeBlank: boolean;
  /** Prefix of generic ids: `<batch>-001`, `<batch>-002`, … */
  batchId: string;
  /** Default 'sheet'. */
  separation?: Separation;
}

interface OpenDoc {
  ref: DocRef;
  sheets: number;
  pages: number;
}

export class Splitter<P extends SplitPage> {
  private current: OpenDoc | null = null;
  private ordinal = 0;
  private generic = 0;
  private pendingFront: P | null = null;

  constructor(private readonly opts: SplitterOptions) {}

  push(page: P): SplitEvent<P>[] {
    if (!this.opts.duplex) return this.sheet([page]);
    if (!this.pendingFront) {
      this.pendingFront = page;
      return [];
    }
    const front = this.pendingFront;
    this.pendingFront = null;
    return this.sheet([front, page]);
  }

  end(): SplitEvent<P>[] {
    const out: SplitEvent<P>[] = [];
    if (this.pendingFront) {
      const front = this.pendingFront;
      this.pendingFront = null;
      out.push({ type: 'warning', code: 'ODD_DUPLEX', seq: front.seq, message: `Lotul duplex are un număr impar de imagini: ultima foaie (${front.label}) nu are verso.` });
      out.push(...this.sheet([front]));
    }
    out.push(...this.closeCurrent());
    return out;
  }

  private closeCurrent(): SplitEvent<P>[] {
    const doc = this.current;
    this.current = null;
    if (!doc) return [];
    return [{ type: 'close', doc: doc.ref, sheets: doc.sheets, pages: doc.pages }];
  }

  private startedBy(p: P): 'sheet' | 'label' {
    const mode = this.opts.separation ?? 'sheet';
    if (mode !== 'auto') return mode;
    // unmeasured: kept as a label (a separator sheet kept is seen in its document; a first page dropped is lost)
    return p.beside && isSeparatorSheet(p.beside) ? 'sheet' : 'label';
  }

  private open(match: NonNullable<P['separator']>, seq: number, startedBy: 'sheet' | 'label'): DocRef {
    const id = match.kind === 'registration' ? match.id : `${this.opts.batchId}-${String(++this.generic).padStart(3, '0')}`;
    const ref: DocRef = { ordinal: this.ordinal++, id, kind: match.kind, separatorSeq: seq, startedBy };
    this.current = { ref, sheets: 0, pages: 0 };
    return ref;
  }

  private sheet(sides: P[]): SplitEvent<P>[] {
    const out: SplitEvent<P>[] = [];
    const sepSide = sides.find((p) => p.separator);
    if (sepSide) {
      const match = sepSide.separator!;
      const other = sides.find((p) => p !== sepSide && p.separator);
      if (other && JSON.stringify(other.separator) !== JSON.stringify(match)) {
        out.push({ type: 'warning', code: 'CONFLICTING_SEPARATOR', seq: other.seq, message: `Foaia separator ${sepSide.label} are coduri diferite pe cele două fețe; s-a folosit cel de pe ${sepSide.label}.` });
      }
      if (this.startedBy(sepSide) === 'label') return [...out, ...this.label(sides, sepSide)];
      out.push(...this.closeCurrent());
      const ref = this.open(match, sepSide.seq, 'sheet');
      out.push({ type: 'open', doc: ref });
      for (const p of sides) {
        // the other side goes with the sheet (separators are often printed on scrap paper); if it
        // carries ink the clerk is told which page to look at
        if (p !== sepSide && !p.separator && p.blank && !p.blank.isBlank) {
          out.push({ type: 'warning', code: 'SEPARATOR_BACK_NOT_BLANK', seq: p.seq, message: `Cealaltă față a foii separator ${sepSide.label} (${p.label}) nu este albă; a fost scoasă împreună cu separatorul. Verificați că nu este o pagină de document.` });
        }
        out.push({ type: 'drop', fate: 'separator', doc: ref, page: p });
      }
      return out;
    }
    return [...out, ...this.keep(sides, null)];
  }

  /** A page carrying a label: it starts a document (unless it is the open document's own number) and is kept. */
  private label(sides: P[], labelled: P): SplitEvent<P>[] {
    const match = labelled.separator!;
    const out: SplitEvent<P>[] = [];
    const cur = this.current;
    if (match.kind === 'registration' && cur?.ref.kind === 'registration' && cur.ref.id === match.id) {
      // the same number as the open document: its separator sheet was followed by its labelled first
      // page (nothing to say), or the label is there again (a copy, an annex): no new document
      if (cur.pages > 0) {
        out.push({ type: 'warning', code: 'REPEATED_LABEL', seq: labelled.seq, message: `${labelled.label}: eticheta ${match.id} apare din nou în același document; pagina rămâne în documentul ${match.id}, nu începe unul nou. Verificați dacă este o copie a etichetei sau un document înregistrat de două ori.` });
      }
      return [...out, ...this.keep(sides, labelled)];
    }
    out.push(...this.closeCurrent());
    // the document starts with the sheet: its front is its first page, even when the label is on the back
    const ref = this.open(match, sides[0]!.seq, 'label');
    out.push({ type: 'open', doc: ref });
    if (labelled !== sides[0]) {
      out.push({ type: 'warning', code: 'LABEL_ON_BACK', seq: labelled.seq, message: `Eticheta ${ref.id} este pe verso (${labelled.label}); documentul ${ref.id} începe cu toată foaia, de la fața ${sides[0]!.label}.` });
    }
    return [...out, ...this.keep(sides, labelled)];
  }

  /** Keeps a sheet's sides in the open document (the unassigned one if none), blanks removed but never `labelled`. */
  private keep(sides: P[], labelled: P | null): SplitEvent<P>[] {
    const out: SplitEvent<P>[] = [];
    if (!this.current) {
      const ref: DocRef = { ordinal: -1, id: 'unassigned', kind: 'unassigned', separatorSeq: null, startedBy: null };
      this.current = { ref, sheets: 0, pages: 0 };
      out.push({ type: 'open', doc: ref });
    }
    const doc = this.current;
    doc.sheets++;
    for (const p of sides) {
      if (this.opts.removeBlank && p.blank?.isBlank && p !== labelled) out.push({ type: 'drop', fate: 'blank', doc: doc.ref, page: p });
      else {
        doc.pages++;
        out.push({ type: 'keep', doc: doc.ref, page: p });
      }
    }
    return out;
  }
}
