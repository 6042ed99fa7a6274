import { describe, expect, it } from 'vitest';
import type { BorderouEntry } from '../../../shared/src/borderou/borderou-types.ts';
import { reconcile, type ReconDocument } from '../../../shared/src/reconciliation/reconcile.ts';
import { handoverFromReconciliation, handoverWithoutBorderou } from '../../../station/src/handover/handover-groups.ts';

const e = (n: string, department: string, expectedSheets: number | null = null): BorderouEntry => ({
  registrationNumber: n,
  department,
  expectedSheets,
  date: null,
  notes: null,
  line: 2,
});
const d = (id: string, sheets: number, pages: number, flags: string[] = []): ReconDocument => ({ id, sheets, pages, flags, file: pages ? `${id}.pdf` : null });

const DRP = 'Direcția Relații cu Publicul';
const SSC = 'Serviciul Stare Civilă';

describe('handover lists', () => {
  it('groups by department in borderou order, unassigned last, with totals and remarks', () => {
    const borderou = [e('1/01.10.2021', DRP, 2), e('2/01.10.2021', SSC, 1), e('3/01.10.2021', DRP), e('4/01.10.2021', SSC), e('5/01.10.2021', SSC)];
    const docs = [
      d('2/01.10.2021', 3, 5),
      d('1/01.10.2021', 2, 4),
      d('3/01.10.2021', 1, 1),
      d('3/01.10.2021', 1, 2, ['duplicate']),
      d('9/01.10.2021', 4, 8),
      d('4/01.10.2021', 0, 0, ['empty']),
    ];
    const lists = handoverFromReconciliation(reconcile(borderou, docs));
    expect(lists.map((l) => l.department)).toEqual([DRP, SSC, null]);
    expect(lists[0]!.rows).toEqual([
      { number: '1/01.10.2021', sheets: 2, pages: 4, remarks: [] },
      // the same number scanned twice: two PDFs, two rows (never merged into one)
      { number: '3/01.10.2021', sheets: 1, pages: 1, remarks: ['scanat de 2 ori: exemplarul 1 din 2 (3/01.10.2021.pdf)'] },
      { number: '3/01.10.2021', sheets: 1, pages: 2, remarks: ['scanat de 2 ori: exemplarul 2 din 2 (3/01.10.2021.pdf)'] },
    ]);
    expect(lists[0]!.totals).toEqual({ documents: 3, sheets: 4, pages: 7 });
    expect(lists[1]!.rows).toEqual([{ number: '2/01.10.2021', sheets: 3, pages: 5, remarks: ['în borderou: 1 file'] }]);
    expect(lists[1]!.missing).toEqual(['5/01.10.2021', '4/01.10.2021']);
    expect(lists[2]!.rows).toEqual([{ number: '9/01.10.2021', sheets: 4, pages: 8, remarks: ['nu este în borderou'] }]);
  });

  it('without a borderou every document with pages is unassigned, in scan order', () => {
    const lists = handoverWithoutBorderou([d('b', 1, 2), d('c', 0, 0, ['empty']), d('a', 2, 2)]);
    expect(lists).toHaveLength(1);
    expect(lists[0]!.department).toBeNull();
    expect(lists[0]!.rows.map((r) => r.number)).toEqual(['b', 'a']);
    expect(handoverWithoutBorderou([d('c', 0, 0, ['empty'])])).toEqual([]);
  });
});
