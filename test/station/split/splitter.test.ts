import { describe, expect, it } from 'vitest';
import type { SeparatorMatch } from '../../../station/src/barcode/separator-rule.ts';
import { Splitter, type SplitEvent, type SplitPage } from '../../../station/src/split/splitter.ts';
import { rng } from '../../support/make-pages.ts';

type P = SplitPage;
let nextSeq = 0;
const page = (kind: 'c' | 'b' | SeparatorMatch): P => {
  const seq = nextSeq++;
  const sep = typeof kind === 'object' ? kind : null;
  return { seq, label: `p${seq + 1}.jpg`, separator: sep, blank: { inkRatio: kind === 'b' ? 0 : 0.05, isBlank: kind === 'b' } };
};
const reg = (id: string): SeparatorMatch => ({ kind: 'registration', id });
const generic = (value = 'PATCHT'): SeparatorMatch => ({ kind: 'generic', value });

function runAll(opts: { duplex: boolean; removeBlank: boolean; batchId?: string }, kinds: ('c' | 'b' | SeparatorMatch)[]) {
  nextSeq = 0;
  const s = new Splitter<P>({ batchId: 'LOT', ...opts });
  const events: SplitEvent<P>[] = [];
  for (const k of kinds) events.push(...s.push(page(k)));
  events.push(...s.end());
  return events;
}

/** page seq → fate and document id, from the events. */
function fates(events: SplitEvent<P>[]): string[] {
  const out: string[] = [];
  for (const e of events) {
    if (e.type === 'keep') out[e.page.seq] = `${e.doc.kind === 'unassigned' ? 'unassigned' : 'doc'}:${e.doc.id}`;
    if (e.type === 'drop') out[e.page.seq] = `${e.fate}:${e.doc?.id ?? '-'}`;
  }
  return out;
}
const closes = (events: SplitEvent<P>[]) => events.flatMap((e) => (e.type === 'close' ? [{ id: e.doc.id, kind: e.doc.kind, pages: e.pages, sheets: e.sheets }] : []));
const warnings = (events: SplitEvent<P>[]) => events.flatMap((e) => (e.type === 'warning' ? [{ code: e.code, seq: e.seq }] : []));

describe('Splitter, simplex', () => {
  it('removes separators, keeps pages before the first one as unassigned, gives every page one fate', () => {
    const ev = runAll({ duplex: false, removeBlank: false }, ['c', 'c', reg('1/01.01.2021'), 'c', 'c', reg('2/01.01.2021'), 'c']);
    expect(fates(ev)).toEqual([
      'unassigned:unassigned',
      'unassigned:unassigned',
      'separator:1/01.01.2021',
      'doc:1/01.01.2021',
      'doc:1/01.01.2021',
      'separator:2/01.01.2021',
      'doc:2/01.01.2021',
    ]);
    expect(closes(ev)).toEqual([
      { id: 'unassigned', kind: 'unassigned', pages: 2, sheets: 2 },
      { id: '1/01.01.2021', kind: 'registration', pages: 2, sheets: 2 },
      { id: '2/01.01.2021', kind: 'registration', pages: 1, sheets: 1 },
    ]);
    // the unassigned document is opened at the first page and closed by the first separator
    expect(ev[0]).toMatchObject({ type: 'open', doc: { kind: 'unassigned', ordinal: -1, separatorSeq: null } });
    const firstClose = ev.findIndex((e) => e.type === 'close');
    const firstSepDrop = ev.findIndex((e) => e.type === 'drop' && e.fate === 'separator');
    expect(firstClose).toBeLessThan(firstSepDrop);
  });

  it('numbers documents and remembers the separator that opened each', () => {
    const ev = runAll({ duplex: false, removeBlank: false }, [reg('1/01.01.2021'), 'c', reg('2/01.01.2021'), 'c']);
    const opens = ev.flatMap((e) => (e.type === 'open' ? [e.doc] : []));
    expect(opens).toEqual([
      { ordinal: 0, id: '1/01.01.2021', kind: 'registration', separatorSeq: 0, startedBy: 'sheet' },
      { ordinal: 1, id: '2/01.01.2021', kind: 'registration', separatorSeq: 2, startedBy: 'sheet' },
    ]);
    expect(closes(ev).map((c) => c.kind)).not.toContain('unassigned');
  });

  it('two separators in a row give an empty document (closed with 0 pages), not a lost one', () => {
    const ev = runAll({ duplex: false, removeBlank: false }, [reg('1/01.01.2021'), reg('2/01.01.2021'), 'c']);
    expect(closes(ev)).toEqual([
      { id: '1/01.01.2021', kind: 'registration', pages: 0, sheets: 0 },
      { id: '2/01.01.2021', kind: 'registration', pages: 1, sheets: 1 },
    ]);
  });

  it('a separator as the last page still yields its (empty) document', () => {
    const ev = runAll({ duplex: false, removeBlank: false }, [reg('1/01.01.2021'), 'c', reg('2/01.01.2021')]);
    expect(closes(ev).at(-1)).toEqual({ id: '2/01.01.2021', kind: 'registration', pages: 0, sheets: 0 });
  });

  it('keeps blank pages when blank removal is off and drops them (in their document) when on', () => {
    const kinds: ('c' | 'b' | SeparatorMatch)[] = [reg('1/01.01.2021'), 'c', 'b', 'c', 'b'];
    const off = runAll({ duplex: false, removeBlank: false }, kinds);
    expect(fates(off).slice(1)).toEqual(['doc:1/01.01.2021', 'doc:1/01.01.2021', 'doc:1/01.01.2021', 'doc:1/01.01.2021']);
    expect(closes(off)[0]).toMatchObject({ pages: 4, sheets: 4 });
    const on = runAll({ duplex: false, removeBlank: true }, kinds);
    expect(fates(on).slice(1)).toEqual(['doc:1/01.01.2021', 'blank:1/01.01.2021', 'doc:1/01.01.2021', 'blank:1/01.01.2021']);
    // a removed blank is still a physical sheet of the document
    expect(closes(on)[0]).toMatchObject({ pages: 2, sheets: 4 });
  });

  it('blank pages before the first separator are dropped as blanks of the unassigned document', () => {
    const ev = runAll({ duplex: false, removeBlank: true }, ['b', reg('1/01.01.2021'), 'c']);
    expect(fates(ev)[0]).toBe('blank:unassigned');
    expect(closes(ev)[0]).toEqual({ id: 'unassigned', kind: 'unassigned', pages: 0, sheets: 1 });
  });

  it('generic separators give <batch>-001, <batch>-002 … and registration numbers do not use up the sequence', () => {
    const ev = runAll({ duplex: false, removeBlank: false, batchId: '20261128-1200-ab' }, [generic(), 'c', reg('9/01.01.2021'), 'c', generic(), 'c', generic('PATCH2'), 'c']);
    expect(closes(ev).map((c) => [c.id, c.kind])).toEqual([
      ['20261128-1200-ab-001', 'generic'],
      ['9/01.01.2021', 'registration'],
      ['20261128-1200-ab-002', 'generic'],
      ['20261128-1200-ab-003', 'generic'],
    ]);
  });

  it('end() on an empty stream gives nothing', () => {
    expect(runAll({ duplex: false, removeBlank: true }, [])).toEqual([]);
    expect(runAll({ duplex: true, removeBlank: true }, [])).toEqual([]);
  });
});

describe('Splitter, duplex', () => {
  it('removes the back of a separator sheet with it, and blank backs of content sheets', () => {
    const ev = runAll({ duplex: true, removeBlank: true }, [reg('1/01.01.2021'), 'b', 'c', 'b', 'c', 'c', reg('2/01.01.2021'), 'c', 'c', 'b']);
    expect(fates(ev)).toEqual([
      'separator:1/01.01.2021',
      'separator:1/01.01.2021',
      'doc:1/01.01.2021',
      'blank:1/01.01.2021',
      'doc:1/01.01.2021',
      'doc:1/01.01.2021',
      'separator:2/01.01.2021',
      'separator:2/01.01.2021', // the back of a separator goes even when it is not blank
      'doc:2/01.01.2021',
      'blank:2/01.01.2021',
    ]);
    expect(closes(ev)).toEqual([
      { id: '1/01.01.2021', kind: 'registration', pages: 3, sheets: 2 },
      { id: '2/01.01.2021', kind: 'registration', pages: 1, sheets: 1 },
    ]);
    // …but the clerk is told to look at it
    expect(warnings(ev)).toEqual([{ code: 'SEPARATOR_BACK_NOT_BLANK', seq: 7 }]);
  });

  it('decides nothing until the back side arrives', () => {
    nextSeq = 0;
    const s = new Splitter<P>({ duplex: true, removeBlank: true, batchId: 'LOT' });
    expect(s.push(page(reg('1/01.01.2021')))).toEqual([]);
    expect(s.push(page('b')).map((e) => e.type)).toEqual(['open', 'drop', 'drop']);
  });

  it('a separator on the back side (sheet fed the other way round) opens the document and takes the sheet', () => {
    const ev = runAll({ duplex: true, removeBlank: true }, ['c', 'c', 'b', reg('7/02.02.2022'), 'c', 'b']);
    expect(fates(ev)).toEqual(['unassigned:unassigned', 'unassigned:unassigned', 'separator:7/02.02.2022', 'separator:7/02.02.2022', 'doc:7/02.02.2022', 'blank:7/02.02.2022']);
    const open = ev.find((e) => e.type === 'open' && e.doc.kind === 'registration');
    expect(open).toMatchObject({ doc: { id: '7/02.02.2022', separatorSeq: 3 } });
    expect(closes(ev)).toEqual([
      { id: 'unassigned', kind: 'unassigned', pages: 2, sheets: 1 },
      { id: '7/02.02.2022', kind: 'registration', pages: 1, sheets: 1 },
    ]);
  });

  it('different separators on the two sides of one sheet: the front wins, with a warning', () => {
    const ev = runAll({ duplex: true, removeBlank: true }, [reg('1/01.01.2021'), reg('2/01.01.2021'), 'c', 'c']);
    expect(closes(ev).map((c) => c.id)).toEqual(['1/01.01.2021']);
    expect(warnings(ev)).toEqual([{ code: 'CONFLICTING_SEPARATOR', seq: 1 }]);
    // the same value on both sides is no conflict
    expect(warnings(runAll({ duplex: true, removeBlank: true }, [reg('1/01.01.2021'), reg('1/01.01.2021'), 'c', 'c']))).toEqual([]);
  });

  it('two separator sheets in a row give an empty document', () => {
    const ev = runAll({ duplex: true, removeBlank: true }, [reg('1/01.01.2021'), 'b', reg('2/01.01.2021'), 'b', 'c', 'b']);
    expect(closes(ev)).toEqual([
      { id: '1/01.01.2021', kind: 'registration', pages: 0, sheets: 0 },
      { id: '2/01.01.2021', kind: 'registration', pages: 1, sheets: 1 },
    ]);
  });

  it('a document of blank sheets only has sheets but no pages', () => {
    const ev = runAll({ duplex: true, removeBlank: true }, [reg('1/01.01.2021'), 'b', 'b', 'b', reg('2/01.01.2021'), 'b']);
    expect(closes(ev)[0]).toEqual({ id: '1/01.01.2021', kind: 'registration', pages: 0, sheets: 1 });
  });

  it('an odd number of images warns and still gives the last front its fate', () => {
    const ev = runAll({ duplex: true, removeBlank: true }, [reg('1/01.01.2021'), 'b', 'c', 'b', 'c']);
    expect(warnings(ev)).toEqual([{ code: 'ODD_DUPLEX', seq: 4 }]);
    expect(fates(ev)[4]).toBe('doc:1/01.01.2021');
    expect(closes(ev)).toEqual([{ id: '1/01.01.2021', kind: 'registration', pages: 2, sheets: 2 }]);
    const msg = ev.find((e) => e.type === 'warning');
    expect(msg).toMatchObject({ message: expect.stringContaining('p5.jpg') });
    // an odd last image that is a separator still opens its (empty) document
    const ev2 = runAll({ duplex: true, removeBlank: true }, ['c', 'c', reg('3/01.01.2021')]);
    expect(closes(ev2).at(-1)).toEqual({ id: '3/01.01.2021', kind: 'registration', pages: 0, sheets: 0 });
  });

  it('keeps blank backs when blank removal is off', () => {
    const ev = runAll({ duplex: true, removeBlank: false }, [reg('1/01.01.2021'), 'b', 'c', 'b']);
    expect(fates(ev)).toEqual(['separator:1/01.01.2021', 'separator:1/01.01.2021', 'doc:1/01.01.2021', 'doc:1/01.01.2021']);
  });
});

describe('Splitter accounting (random streams)', () => {
  it('every page gets exactly one fate, kept pages come out in scan order, close counts match', () => {
    const r = rng(2024);
    for (let round = 0; round < 300; round++) {
      const n = Math.floor(r() * 30);
      const kinds = Array.from({ length: n }, () => {
        const x = r();
        return x < 0.15 ? reg(`${Math.floor(r() * 5)}/01.01.2021`) : x < 0.2 ? generic() : x < 0.45 ? ('b' as const) : ('c' as const);
      });
      const duplex = r() < 0.5;
      const removeBlank = r() < 0.7;
      const ev = runAll({ duplex, removeBlank }, kinds);
      const seen = ev.flatMap((e) => (e.type === 'keep' || e.type === 'drop' ? [e.page.seq] : []));
      expect(seen).toEqual(Array.from({ length: n }, (_, i) => i));
      const kept = ev.filter((e) => e.type === 'keep').length;
      expect(closes(ev).reduce((s, c) => s + c.pages, 0)).toBe(kept);
      if (!removeBlank) expect(ev.some((e) => e.type === 'drop' && e.fate === 'blank')).toBe(false);
      // every open is closed, and documents do not overlap
      let open = 0;
      for (const e of ev) {
        if (e.type === 'open') expect(++open).toBe(1);
        if (e.type === 'close') expect(--open).toBe(0);
        if (e.type === 'keep') expect(open).toBe(1);
      }
      expect(open).toBe(0);
    }
  });
});
