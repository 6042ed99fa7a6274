/**
 * The separation state machine (pure, synchronous): pages go in scan order, events come out.
 * Every page gets exactly one fate: kept in a document, kept in the unassigned document,
 * separator, or removed blank. With duplex, the two sides of a sheet are decided together.
 */
import type { SeparatorMatch } from '../barcode/separator-rule.ts';

export interface SplitPage {
  seq: number;
  label: string;
  separator: SeparatorMatch | null;
  blank: { inkRatio: number; isBlank: boolean } | null;
}

export interface DocRef {
  /** 0-based position among the batch's documents (the unassigned document is -1). */
  ordinal: number;
  id: string;
  kind: 'registration' | 'generic' | 'unassigned';
  /** seq of the separator front that opened it (null for unassigned). */
  separatorSeq: number | null;
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

  private sheet(sides: P[]): SplitEvent<P>[] {
    const out: SplitEvent<P>[] = [];
    const sepSide = sides.find((p) => p.separator);
    if (sepSide) {
      const match = sepSide.separator!;
      const other = sides.find((p) => p !== sepSide && p.separator);
      if (other && JSON.stringify(other.separator) !== JSON.stringify(match)) {
        out.push({ type: 'warning', code: 'CONFLICTING_SEPARATOR', seq: other.seq, message: `Foaia separator ${sepSide.label} are coduri diferite pe cele două fețe; s-a folosit cel de pe ${sepSide.label}.` });
      }
      out.push(...this.closeCurrent());
      const id = match.kind === 'registration' ? match.id : `${this.opts.batchId}-${String(++this.generic).padStart(3, '0')}`;
      const ref: DocRef = { ordinal: this.ordinal++, id, kind: match.kind, separatorSeq: sepSide.seq };
      this.current = { ref, sheets: 0, pages: 0 };
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
    if (!this.current) {
      const ref: DocRef = { ordinal: -1, id: 'unassigned', kind: 'unassigned', separatorSeq: null };
      this.current = { ref, sheets: 0, pages: 0 };
      out.push({ type: 'open', doc: ref });
    }
    const doc = this.current;
    doc.sheets++;
    for (const p of sides) {
      if (this.opts.removeBlank && p.blank?.isBlank) out.push({ type: 'drop', fate: 'blank', doc: doc.ref, page: p });
      else {
        doc.pages++;
        out.push({ type: 'keep', doc: doc.ref, page: p });
      }
    }
    return out;
  }
}
