/**
 * The splitter with `separation: label | auto`: a labelled page starts a document and is kept; in
 * auto a page blank but for its symbol is a separator sheet, dropped. The clerk's cases: a label on a
 * duplex back, the same label again, a document whose label is missing.
 */
import { describe, expect, it } from 'vitest';
import type { SeparatorMatch } from '../../../station/src/barcode/separator-rule.ts';
import { Splitter, type Separation, type SplitEvent, type SplitPage } from '../../../station/src/split/splitter.ts';

type P = SplitPage;
/** c content, b blank, L(id) a labelled page (ink beside its symbol), S(id) a separator sheet (none). */
type Kind = 'c' | 'b' | { sep: SeparatorMatch; ink: number };
const L = (id: string): Kind => ({ sep: { kind: 'registration', id }, ink: 0.02 });
const S = (id: string): Kind => ({ sep: { kind: 'registration', id }, ink: 0 });
const LG = (value = 'PATCHT'): Kind => ({ sep: { kind: 'generic', value }, ink: 0.02 });

function runAll(separation: Separation, kinds: Kind[], opts: { duplex?: boolean; removeBlank?: boolean } = {}) {
  const s = new Splitter<P>({ batchId: 'LOT', duplex: opts.duplex ?? false, removeBlank: opts.removeBlank ?? false, separation });
  const events: SplitEvent<P>[] = [];
  kinds.forEach((k, seq) => {
    const sep = typeof k === 'object' ? k : null;
    events.push(...s.push({ seq, label: `p${seq + 1}.jpg`, separator: sep?.sep ?? null, blank: { inkRatio: k === 'b' ? 0 : 0.05, isBlank: k === 'b' }, ...(sep ? { beside: { ink: sep.ink } } : {}) }));
  });
  events.push(...s.end());
  return events;
}
function fates(events: SplitEvent<P>[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.type === 'keep') out[e.page.seq] = `${e.doc.kind === 'unassigned' ? 'unassigned' : 'doc'}:${e.doc.id}`;
    if (e.type === 'drop') out[e.page.seq] = `${e.fate}:${e.doc?.id ?? '-'}`;
  }
  return out;
}
const opens = (ev: SplitEvent<P>[]) => ev.flatMap((e) => (e.type === 'open' && e.doc.kind !== 'unassigned' ? [[e.doc.id, e.doc.startedBy, e.doc.separatorSeq]] : []));
const closes = (ev: SplitEvent<P>[]) => ev.flatMap((e) => (e.type === 'close' ? [[e.doc.id, e.pages, e.sheets]] : []));
const warnings = (ev: SplitEvent<P>[]) => ev.flatMap((e) => (e.type === 'warning' ? [{ code: e.code, seq: e.seq, message: e.message }] : []));

describe('separation: label', () => {
  it('a labelled page starts a document and is its first page; nothing but blanks is dropped', () => {
    const ev = runAll('label', [L('1/01.01.2021'), 'c', 'b', L('2/01.01.2021'), 'c'], { removeBlank: true });
    expect(fates(ev)).toEqual(['doc:1/01.01.2021', 'doc:1/01.01.2021', 'blank:1/01.01.2021', 'doc:2/01.01.2021', 'doc:2/01.01.2021']);
    expect(opens(ev)).toEqual([['1/01.01.2021', 'label', 0], ['2/01.01.2021', 'label', 3]]);
    expect(closes(ev)).toEqual([['1/01.01.2021', 2, 3], ['2/01.01.2021', 2, 2]]);
    expect(warnings(ev)).toEqual([]);
  });

  it('a page that would be a separator sheet is kept too (label mode trusts every symbol to be a label)', () => {
    const ev = runAll('label', [S('1/01.01.2021'), 'c']);
    expect(fates(ev)).toEqual(['doc:1/01.01.2021', 'doc:1/01.01.2021']);
  });

  it('a labelled page is never removed as blank (a sticker alone on a page)', () => {
    const s = new Splitter<P>({ batchId: 'LOT', duplex: false, removeBlank: true, separation: 'label' });
    const ev = [...s.push({ seq: 0, label: 'p1.jpg', separator: { kind: 'registration', id: '1/01.01.2021' }, blank: { inkRatio: 0, isBlank: true }, beside: { ink: 0 } }), ...s.end()];
    expect(fates(ev)).toEqual(['doc:1/01.01.2021']);
  });

  it('the same label again later in the document does not split; a warning names the page', () => {
    const ev = runAll('label', [L('1/01.01.2021'), 'c', L('1/01.01.2021'), 'c', L('2/01.01.2021')]);
    expect(fates(ev)).toEqual(['doc:1/01.01.2021', 'doc:1/01.01.2021', 'doc:1/01.01.2021', 'doc:1/01.01.2021', 'doc:2/01.01.2021']);
    expect(warnings(ev)).toEqual([{ code: 'REPEATED_LABEL', seq: 2, message: expect.stringContaining('p3.jpg: eticheta 1/01.01.2021 apare din nou în același document') }]);
  });

  it("pages before the first label are unassigned (the summary's UNASSIGNED_PAGES warning names them)", () => {
    const ev = runAll('label', ['c', 'c', L('1/01.01.2021'), 'c']);
    expect(fates(ev)).toEqual(['unassigned:unassigned', 'unassigned:unassigned', 'doc:1/01.01.2021', 'doc:1/01.01.2021']);
  });

  it('a document whose label is missing stays with the previous document (no way to see it; the borderou check reports the number missing)', () => {
    const ev = runAll('label', [L('1/01.01.2021'), 'c', 'c', L('3/01.01.2021')]);
    expect(fates(ev)).toEqual(['doc:1/01.01.2021', 'doc:1/01.01.2021', 'doc:1/01.01.2021', 'doc:3/01.01.2021']);
  });

  it('generic values (PATCHT) in label mode: each starts a generic document and is kept', () => {
    const ev = runAll('label', [LG(), 'c', LG()]);
    expect(fates(ev)).toEqual(['doc:LOT-001', 'doc:LOT-001', 'doc:LOT-002']);
  });

  it('duplex: a label on the back starts the document with the whole sheet, and says so', () => {
    const ev = runAll('label', [L('1/01.01.2021'), 'b', 'c', L('2/01.01.2021'), 'c', 'c'], { duplex: true, removeBlank: true });
    expect(fates(ev)).toEqual(['doc:1/01.01.2021', 'blank:1/01.01.2021', 'doc:2/01.01.2021', 'doc:2/01.01.2021', 'doc:2/01.01.2021', 'doc:2/01.01.2021']);
    // separatorSeq is the sheet's front, the document's first page (the review page places pages by it)
    expect(opens(ev)).toEqual([['1/01.01.2021', 'label', 0], ['2/01.01.2021', 'label', 2]]);
    expect(warnings(ev)).toEqual([{ code: 'LABEL_ON_BACK', seq: 3, message: 'Eticheta 2/01.01.2021 este pe verso (p4.jpg); documentul 2/01.01.2021 începe cu toată foaia, de la fața p3.jpg.' }]);
  });

  it('duplex: different labels on the two sides of a sheet: the front one counts, a warning names the back', () => {
    const ev = runAll('label', [L('1/01.01.2021'), L('2/01.01.2021')], { duplex: true });
    expect(fates(ev)).toEqual(['doc:1/01.01.2021', 'doc:1/01.01.2021']);
    expect(warnings(ev).map((w) => [w.code, w.seq])).toEqual([['CONFLICTING_SEPARATOR', 1]]);
  });
});

describe('separation: auto', () => {
  it('a mixed batch: sheets dropped, labelled pages kept, each document says how it started', () => {
    const ev = runAll('auto', [S('1/01.01.2021'), 'c', 'c', L('2/01.01.2021'), 'c', S('3/01.01.2021'), 'c']);
    expect(fates(ev)).toEqual(['separator:1/01.01.2021', 'doc:1/01.01.2021', 'doc:1/01.01.2021', 'doc:2/01.01.2021', 'doc:2/01.01.2021', 'separator:3/01.01.2021', 'doc:3/01.01.2021']);
    expect(opens(ev)).toEqual([['1/01.01.2021', 'sheet', 0], ['2/01.01.2021', 'label', 3], ['3/01.01.2021', 'sheet', 5]]);
    expect(warnings(ev)).toEqual([]);
  });

  it('a separator sheet followed by the same number on the first page\'s label: one document, no warning', () => {
    const ev = runAll('auto', [S('1/01.01.2021'), L('1/01.01.2021'), 'c']);
    expect(fates(ev)).toEqual(['separator:1/01.01.2021', 'doc:1/01.01.2021', 'doc:1/01.01.2021']);
    expect(opens(ev)).toEqual([['1/01.01.2021', 'sheet', 0]]);
    expect(warnings(ev)).toEqual([]);
  });

  it('a page whose look beside the symbol was not measured is kept as a label (never dropped unmeasured)', () => {
    const s = new Splitter<P>({ batchId: 'LOT', duplex: false, removeBlank: false, separation: 'auto' });
    const ev = [...s.push({ seq: 0, label: 'p1.jpg', separator: { kind: 'registration', id: '1/01.01.2021' }, blank: null }), ...s.end()];
    expect(fates(ev)).toEqual(['doc:1/01.01.2021']);
  });
});

describe('separation: sheet (the default) is unchanged', () => {
  it('drops a labelled page as a separator sheet', () => {
    const ev = runAll('sheet', [L('1/01.01.2021'), 'c']);
    expect(fates(ev)).toEqual(['separator:1/01.01.2021', 'doc:1/01.01.2021']);
    expect(opens(ev)).toEqual([['1/01.01.2021', 'sheet', 0]]);
  });
});
