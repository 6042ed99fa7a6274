import { describe, expect, it } from 'vitest';
import type { BorderouEntry } from '../../../shared/src/borderou/borderou-types.ts';
import { assignGenericDocuments, reconcile, type ReconDocument } from '../../../shared/src/reconciliation/reconcile.ts';

function entry(registrationNumber: string, department: string, expectedSheets: number | null = null, line = 2): BorderouEntry {
  return { registrationNumber, department, expectedSheets, date: null, notes: null, line };
}

function doc(id: string, sheets: number, pages = sheets * 2, flags: string[] = []): ReconDocument {
  return { id, pages, sheets, flags, file: `${id.replace(/\//g, '_')}.pdf` };
}

function emptyDoc(id: string): ReconDocument {
  return { id, pages: 0, sheets: 0, flags: ['empty'], file: null };
}

const URB = 'Direcția Urbanism';
const SSC = 'Serviciul Stare Civilă';

const borderou = [
  entry('100/27.09.2021', URB, 2),
  entry('101/27.09.2021', SSC, 1),
  entry('102/27.09.2021', URB, 3),
  entry('103/27.09.2021', SSC, null),
];

describe('reconcile', () => {
  it('everything scanned as listed gives a clean result', () => {
    const r = reconcile(borderou, [doc('100/27.09.2021', 2), doc('101/27.09.2021', 1), doc('102/27.09.2021', 3), doc('103/27.09.2021', 5)]);
    expect(r).toMatchObject({ expected: 4, scanned: 4, missing: [], unexpected: [], duplicates: [], empty: [], sheetMismatch: [], warnings: [] });
    expect(r.matched.map((m) => m.registrationNumber)).toEqual(borderou.map((e) => e.registrationNumber));
    expect(r.byDepartment).toEqual([
      { department: URB, expected: 2, scanned: 2, missing: 0, empty: 0, expectedSheets: 5, scannedSheets: 5, pages: 10 },
      { department: SSC, expected: 2, scanned: 2, missing: 0, empty: 0, expectedSheets: 1, scannedSheets: 6, pages: 12 },
    ]);
  });

  it('finds missing, unexpected, duplicate, empty and sheet-mismatched documents', () => {
    const docs = [
      doc('100/27.09.2021', 2),
      doc('100/27.09.2021', 1, 1, ['duplicate']),
      emptyDoc('101/27.09.2021'),
      doc('999/27.09.2021', 4),
      emptyDoc('998/27.09.2021'),
      doc('0102/27.9.2021', 2), // the barcode in a loose form still matches 102/27.09.2021
    ];
    const r = reconcile(borderou, docs);
    expect(r.expected).toBe(4);
    expect(r.scanned).toBe(4);
    expect(r.missing).toEqual([{ registrationNumber: '103/27.09.2021', department: SSC, expectedSheets: null }]);
    expect(r.unexpected).toEqual([{ id: '999/27.09.2021', file: '999_27.09.2021.pdf', pages: 8, sheets: 4 }]);
    expect(r.duplicates).toEqual([
      { id: '100/27.09.2021', count: 2, files: ['100_27.09.2021.pdf', '100_27.09.2021.pdf'], inBorderou: true },
    ]);
    expect(r.empty).toEqual([
      { id: '101/27.09.2021', inBorderou: true, department: SSC },
      { id: '998/27.09.2021', inBorderou: false, department: null },
    ]);
    expect(r.sheetMismatch).toEqual([
      { registrationNumber: '100/27.09.2021', department: URB, expectedSheets: 2, scannedSheets: 3 },
      { registrationNumber: '102/27.09.2021', department: URB, expectedSheets: 3, scannedSheets: 2 },
    ]);
    const urb = r.byDepartment.find((d) => d.department === URB)!;
    expect(urb).toMatchObject({ expected: 2, scanned: 2, missing: 0, scannedSheets: 5 });
    const ssc = r.byDepartment.find((d) => d.department === SSC)!;
    expect(ssc).toMatchObject({ expected: 2, scanned: 0, missing: 1, empty: 1 });
    expect(r.byDepartment.find((d) => d.department === null)).toMatchObject({ scanned: 1, scannedSheets: 4, pages: 8 });
  });

  it('an empty borderou makes every document unexpected', () => {
    const r = reconcile([], [doc('1/01.10.2021', 1)]);
    expect(r.unexpected.map((d) => d.id)).toEqual(['1/01.10.2021']);
    expect(r.expected).toBe(0);
  });
});

describe('generic separators', () => {
  const generic = (n: number, sheets: number): ReconDocument => doc(`20261128-0416-${String(n).padStart(3, '0')}`, sheets);

  it('assigns generic documents to borderou entries in order', () => {
    const docs = [generic(1, 2), generic(2, 1), generic(3, 3), generic(4, 1)];
    const r = reconcile(borderou, docs);
    expect(r.warnings).toEqual([]);
    expect(r.missing).toEqual([]);
    expect(r.unexpected).toEqual([]);
    expect(r.matched.map((m) => [m.registrationNumber, m.documents[0]!.originalId])).toEqual([
      ['100/27.09.2021', '20261128-0416-001'],
      ['101/27.09.2021', '20261128-0416-002'],
      ['102/27.09.2021', '20261128-0416-003'],
      ['103/27.09.2021', '20261128-0416-004'],
    ]);
  });

  it('numbered separators keep their entry; generic ones fill the rest in order', () => {
    const a = assignGenericDocuments(borderou, [generic(1, 2), doc('102/27.09.2021', 3), generic(2, 1), generic(3, 1)]);
    expect(a.documents.map((d) => d.id)).toEqual(['100/27.09.2021', '102/27.09.2021', '101/27.09.2021', '103/27.09.2021']);
    expect(a).toMatchObject({ assigned: 3, unassigned: 0, warnings: [] });
  });

  it('too few documents: loud warning, the last entries are missing', () => {
    const r = reconcile(borderou, [generic(1, 2), generic(2, 3), generic(3, 1)]);
    expect(r.missing.map((m) => m.registrationNumber)).toEqual(['103/27.09.2021']);
    expect(r.warnings[0]).toMatch(/^ATENȚIE: separatoarele generice au delimitat 3 documente, dar borderoul are 4 intrări/);
    expect(r.warnings[0]).toContain('103/27.09.2021');
    // the separator missing after document 1 shows up as the first sheet mismatch
    expect(r.warnings[1]).toContain('documentul generic nr. 2');
    expect(r.warnings[1]).toContain('101/27.09.2021');
  });

  it('too many documents: loud warning, the extra ones stay unexpected under their own id', () => {
    const docs = [generic(1, 2), generic(2, 1), generic(3, 3), generic(4, 1), generic(5, 1), generic(6, 2)];
    const r = reconcile(borderou, docs);
    expect(r.warnings[0]).toMatch(/^ATENȚIE: 6 documente cu separator generic, dar borderoul mai are doar 4 intrări/);
    expect(r.warnings[0]).toContain('20261128-0416-005, 20261128-0416-006');
    expect(r.unexpected.map((d) => d.id)).toEqual(['20261128-0416-005', '20261128-0416-006']);
    expect(r.missing).toEqual([]);
  });

  it('an empty generic document takes its slot and is reported as empty', () => {
    const r = reconcile(borderou, [generic(1, 2), emptyDoc('20261128-0416-002'), generic(3, 3), generic(4, 1)]);
    expect(r.empty).toEqual([{ id: '101/27.09.2021', inBorderou: true, department: SSC }]);
    expect(r.missing).toEqual([]);
    expect(r.warnings).toEqual([]);
  });

  it('a document flagged generic is assigned even when its id looks like a number', () => {
    const a = assignGenericDocuments(borderou, [{ ...doc('7/01.01.2026', 2), flags: ['generic'] }]);
    expect(a.documents[0]).toMatchObject({ id: '100/27.09.2021', originalId: '7/01.01.2026' });
  });

  it('can be switched off: generic ids are then unexpected', () => {
    const r = reconcile(borderou, [generic(1, 2)], { assignGeneric: false });
    expect(r.unexpected.map((d) => d.id)).toEqual(['20261128-0416-001']);
    expect(r.missing).toHaveLength(4);
  });
});
