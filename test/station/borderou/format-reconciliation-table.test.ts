import { describe, expect, it } from 'vitest';
import type { BorderouEntry } from '../../../shared/src/borderou/borderou-types.ts';
import { reconcile, type ReconDocument } from '../../../shared/src/reconciliation/reconcile.ts';
import { countRo } from '../../../shared/src/count-ro.ts';
import { formatReconciliationTable } from '../../../station/src/borderou/format-reconciliation-table.ts';

const entry = (registrationNumber: string, department: string, expectedSheets: number | null): BorderouEntry => ({
  registrationNumber,
  department,
  expectedSheets,
  date: null,
  notes: null,
  line: 2,
});
const doc = (id: string, sheets: number, flags: string[] = []): ReconDocument => ({
  id,
  sheets,
  pages: sheets,
  flags,
  file: sheets === 0 ? null : `${id.replace(/\//g, '_')}.pdf`,
});

const borderou = [
  entry('100/27.09.2021', 'Direcția Relații cu Publicul', 2),
  entry('101/27.09.2021', 'Serviciul Stare Civilă', 1),
  entry('102/27.09.2021', 'Serviciul Stare Civilă', 3),
  entry('103/27.09.2021', 'Înregistrări și Arhivă', 1),
];

describe('formatReconciliationTable', () => {
  const r = reconcile(borderou, [
    doc('100/27.09.2021', 2),
    doc('100/27.09.2021', 2, ['duplicate']),
    doc('101/27.09.2021', 0, ['empty']),
    doc('102/27.09.2021', 2),
    doc('555/27.09.2021', 1),
  ]);
  const text = formatReconciliationTable(r, { date: '2021-09-27' });
  const lines = text.split('\n');

  it('has no ANSI codes when colour is off, and some when on', () => {
    expect(text).not.toMatch(/\u001b/);
    expect(formatReconciliationTable(r, { color: true })).toMatch(/\u001b\[1;31m/);
  });

  it('shows the counts and every problem list in Romanian', () => {
    expect(lines[0]).toBe('Verificare față de borderou din 27.09.2021');
    const count = (label: string): string | undefined => lines.find((l) => l.trimStart().startsWith(label))?.trim().split(/\s+/).pop();
    expect(count('Documente în borderou')).toBe('4');
    expect(count('Documente scanate')).toBe('4');
    expect(count('Lipsă')).toBe('1');
    expect(count('În plus')).toBe('1');
    expect(count('Duplicate')).toBe('1');
    expect(count('Goale')).toBe('1');
    expect(count('Nepotriviri de file')).toBe('2');

    const section = (heading: string): string[] => {
      const start = lines.findIndex((l) => l.startsWith(heading));
      expect(start, heading).toBeGreaterThan(0);
      const end = lines.indexOf('', start);
      return lines.slice(start, end);
    };
    expect(section('Lipsă (în borderou, nescanate): 1').join('\n')).toMatch(/103\/27\.09\.2021\s+Înregistrări și Arhivă\s+1/);
    expect(section('În plus').join('\n')).toMatch(/555\/27\.09\.2021\s+555_27\.09\.2021\.pdf\s+1\s+1/);
    expect(section('Duplicate').join('\n')).toMatch(/100\/27\.09\.2021\s+2\s+100_27\.09\.2021\.pdf, 100_27\.09\.2021\.pdf/);
    expect(section('Goale').join('\n')).toMatch(/101\/27\.09\.2021\s+da\s+Serviciul Stare Civilă/);
    const mismatch = section('Nepotriviri de file').join('\n');
    expect(mismatch).toMatch(/100\/27\.09\.2021\s+Direcția Relații cu Publicul\s+2\s+4\s+\+2/);
    expect(mismatch).toMatch(/102\/27\.09\.2021\s+Serviciul Stare Civilă\s+3\s+2\s+-1/);
    const departments = section('Pe structuri').join('\n');
    expect(departments).toContain('Nerepartizate');
    // in borderou 2, scanned 1, missing 0, empty 1, sheets 4 expected, 2 scanned, 2 pages
    expect(departments).toMatch(/Serviciul Stare Civilă\s+2\s+1\s+0\s+1\s+4\s+2\s+2\n/);
    expect(lines.at(-2)).toBe('Rezultat: 6 probleme de verificat.');
  });

  it('aligns columns by characters, diacritics included', () => {
    const header = lines.find((l) => l.includes('Structura') && l.includes('File borderou'))!;
    const row = lines.find((l) => l.startsWith('  Direcția Relații cu Publicul'))!;
    // the last column ("Pagini") ends at the same character position on every row
    expect([...row].length).toBe([...header].length);
  });

  it('says so when everything matches', () => {
    const ok = reconcile(borderou.slice(0, 1), [doc('100/27.09.2021', 2)]);
    const t = formatReconciliationTable(ok);
    expect(t).toContain('Rezultat: lotul corespunde borderoului.');
    expect(t).not.toContain('Lipsă (');
  });

  it('wraps the loud warnings of generic separators', () => {
    const g = reconcile(borderou, [doc('20261128-0416-001', 2)]);
    const t = formatReconciliationTable(g, { width: 60 });
    expect(t).toContain('  ! ATENȚIE: separatoarele generice');
    for (const l of t.split('\n')) if (l.startsWith('  !') || l.startsWith('    ')) expect([...l].length).toBeLessThanOrEqual(60);
  });

  it('agrees numbers in Romanian', () => {
    expect([1, 2, 19, 20, 101, 120, 200].map((n) => countRo(n, 'problemă', 'probleme'))).toEqual([
      '1 problemă',
      '2 probleme',
      '19 probleme',
      '20 de probleme',
      '101 probleme',
      '120 de probleme',
      '200 de probleme',
    ]);
  });
});
