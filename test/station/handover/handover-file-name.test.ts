import { describe, expect, it } from 'vitest';
import { handoverFileNames, slugify } from '../../../station/src/handover/handover-file-name.ts';

describe('handover file names', () => {
  it('are ASCII slugs of the department with the date, safe on Windows', () => {
    expect(handoverFileNames(['Direcția Relații cu Publicul', 'Serviciul Stare Civilă', null], '2021-09-28')).toEqual([
      'predare-2021-09-28-directia-relatii-cu-publicul.pdf',
      'predare-2021-09-28-serviciul-stare-civila.pdf',
      'predare-2021-09-28-nerepartizate.pdf',
    ]);
    expect(slugify('Înregistrări și Arhivă / „Țară” CON: ..\\..')).toBe('inregistrari-si-arhiva-tara-con');
    expect(slugify('…')).toBe('structura');
    expect(slugify('A'.repeat(500))).toHaveLength(60);
  });

  it('never give two lists the same name', () => {
    const names = handoverFileNames(['Urbanism', 'URBANISM', 'Urbanism!', 'Nerepartizate', null], '2021-09-28');
    expect(new Set(names).size).toBe(names.length);
    expect(names[1]).toBe('predare-2021-09-28-urbanism-2.pdf');
  });
});
