import { describe, expect, it } from 'vitest';
import { clerkWarnings, WARNINGS_TITLE } from '../../shared/src/summary-warnings.ts';

const skipped = { code: 'INPUT_SKIPPED', message: 'Fișierul „lista.txt” din dosarul „in” nu este o imagine sau un PDF și nu a fost citit.' };
const mismatch = { code: 'BORDEROU_MISMATCH', message: 'Numărul 84512/27.09.2021 lipsește din lot.' };

describe('clerkWarnings: the summary\'s warnings the clerk reads (terminal and web app)', () => {
  it('all of them, in order, when the batch has no reconciliation', () => {
    expect(clerkWarnings({ warnings: [skipped, mismatch] })).toEqual([skipped, mismatch]);
  });

  it('without the borderou\'s mismatches when the reconciliation (shown beside) carries them', () => {
    expect(clerkWarnings({ warnings: [mismatch, skipped], reconciliation: {} })).toEqual([skipped]);
  });

  it('none for an older summary without warnings; the heading is Romanian', () => {
    expect(clerkWarnings({})).toEqual([]);
    expect(WARNINGS_TITLE).toBe('Atenție');
  });
});
