/**
 * The accuracy gate's page-level check (bench/separation-check.ts) on a planned proof batch: a split
 * that did exactly what the truth says passes; a missed label, a page in the wrong document, a patch
 * sheet read as Patch T that is not one, a document started the wrong way, a missing or an extra
 * warning each fail, named.
 */
import { describe, expect, it } from 'vitest';
import { checkSeparation } from '../../bench/separation-check.ts';
import type { KeptPage } from '../../bench/page-fidelity.ts';
import { planBatch } from '../../fixtures/lib/batch-plan.ts';
import { SEPARATION_SCENARIOS } from '../../fixtures/lib/separation-scenarios.ts';
import type { Truth } from '../../fixtures/lib/truth.ts';
import type { SplitSummary } from '../../shared/src/split-summary.ts';

function planned(name: string): Truth {
  const { pages, truth } = planBatch(SEPARATION_SCENARIOS.find((s) => s.name === name)!.build({ dpi: 200, jpegQuality: 85 }));
  const images = pages.map((p) => ({
    index: p.index, file: `page-${String(p.index).padStart(5, '0')}.jpg`, frame: 0, format: p.format, sheet: p.sheet, side: p.side, role: p.role,
    mark: p.mark, width: 1654, height: 2339,
    ...(p.spec.kind === 'patch' && p.role === 'separator' ? { separator: { value: `PATCH${p.spec.code}`, symbology: 'Code128' as const, look: {} } } : {}),
    ...(p.spec.kind === 'separator' ? { separator: { value: p.spec.value, symbology: p.spec.symbology, look: {} } } : {}),
  }));
  return { ...truth, images };
}

/** The summary and kept pages of a split that did exactly what `truth` says. */
function perfectSplit(truth: Truth): { summary: SplitSummary; kept: KeptPage[] } {
  const file = (i: number) => `doc-${i}.pdf`;
  const kept: KeptPage[] = [];
  for (const img of truth.images) {
    if (!img.mark) continue;
    kept.push({ origin: { file: `/in/${img.file}`, pageInFile: 0, pagesInFile: 1, fileSha256: 'x' }, label: img.file, file: img.mark.doc === 0 ? 'unassigned.pdf' : file(img.mark.doc), page: img.mark.page });
  }
  const summary = {
    batchId: 'b', startedAt: '', endedAt: '', pagesIn: truth.totals.pagesIn, separatorPages: truth.totals.separatorPages, blankPages: truth.totals.blankPages,
    documents: truth.documents.map((d) => ({ id: d.id ?? `b-${d.sequence}`, file: file(d.index), pages: d.pages.length, sheets: d.sheets, sha256: '', flags: [], bytes: 1, startedBy: d.startedBy })),
    unassigned: truth.unassigned ? { file: 'unassigned.pdf', pages: truth.unassigned.pages.length, sheets: truth.unassigned.sheets, sha256: '' } : null,
    warnings: (truth.expects.warnings ?? []).map((w) => ({ code: w.code, message: '…', seq: w.index - 1 })),
    removedBlanks: [],
    separators: truth.images.filter((i) => i.role === 'separator').map((i) => ({ seq: i.index - 1, page: i.file, value: i.separator!.value, format: 'Code128' })),
    options: { duplex: truth.options.duplex, removeBlank: truth.options.removeBlank, genericSeparators: truth.options.separators, separatorPattern: '', separation: truth.options.separation },
    inputs: [],
  } as SplitSummary;
  return { summary, kept };
}

describe('checkSeparation', () => {
  it('passes a split that did what every proof batch\'s truth says', () => {
    for (const s of SEPARATION_SCENARIOS) {
      const truth = planned(s.name);
      const { summary, kept } = perfectSplit(truth);
      expect(checkSeparation(summary, truth, kept), s.name).toEqual([]);
    }
  });

  it('names a label read as nothing: its page in the previous document, the warnings off', () => {
    const truth = planned('label-registration');
    const { summary, kept } = perfectSplit(truth);
    // page-00010 (label 84715) not read: its document's pages went to 84714
    for (const k of kept) if (k.file === 'doc-4.pdf') Object.assign(k, { file: 'doc-3.pdf', page: k.page + 3 });
    expect(checkSeparation(summary, truth, kept)).toEqual([
      'document 84714/27.09.2021 (3): pages page-00007.jpg#0 page-00008.jpg#0 page-00009.jpg#0 page-00010.jpg#0 page-00011.jpg#0 page-00012.jpg#0, expected page-00007.jpg#0 page-00008.jpg#0 page-00009.jpg#0',
      'document 84715/27.09.2021 (4): pages none, expected page-00010.jpg#0 page-00011.jpg#0 page-00012.jpg#0',
    ]);
  });

  it('names a Patch 3 sheet fed upside down read as Patch T, and a document started by the wrong thing', () => {
    const truth = planned('patch-t-sheets');
    const { summary, kept } = perfectSplit(truth);
    summary.separators.push({ seq: 9, page: 'page-00010.jpg', value: 'PATCHT', format: 'PatchCode' });
    summary.documents[1]!.startedBy = 'label';
    expect(checkSeparation(summary, truth, kept)).toEqual([
      'page-00010.jpg (seq 9): a content page read as separator PATCHT (PatchCode)',
      'document PATCHT (2): started by label, expected sheet',
    ]);
  });

  it('names a missing and an unexpected warning with their pages', () => {
    const truth = planned('auto-duplex');
    const { summary, kept } = perfectSplit(truth);
    summary.warnings = [{ code: 'LABEL_ON_BACK', message: '…', seq: 5 }, { code: 'SEPARATOR_BACK_NOT_BLANK', message: '…', seq: 9 }];
    expect(checkSeparation(summary, truth, kept)).toEqual([
      'unexpected warning SEPARATOR_BACK_NOT_BLANK at page-00010.jpg (seq 9)',
      'missing warning REPEATED_LABEL at page-00020.jpg (seq 19)',
    ]);
  });

  it('names a separator sheet not read and a split made with another separation', () => {
    const truth = planned('auto-mixed');
    const { summary, kept } = perfectSplit(truth);
    summary.separators.shift();
    summary.options.separation = 'label';
    expect(checkSeparation(summary, truth, kept)).toEqual(['page-00001.jpg (seq 0): separator not read', 'split with separation label, expected auto']);
  });
});
