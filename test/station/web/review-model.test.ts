import { describe, expect, it } from 'vitest';
import { warningsOf, type Detail } from '../../../station/web/src/review-model.ts';

const detail = (warnings: Detail['warnings']): Detail => ({ batch: { id: 'b1', state: 'running', startedAt: '2026-12-01T07:00:00Z', endedAt: null, outDir: '/x' }, summary: null, pages: [], warnings });
const skipped = { code: 'INPUT_SKIPPED', message: 'Fișierul „x.txt” din dosarul urmărit nu este o imagine sau un PDF și nu a fost preluat.' };

describe('the review page’s warnings of a batch still running', () => {
  it('the journal’s list and the stream’s are matched by count: a second file said in the same words is its own warning', () => {
    // the page loaded with a/x.txt's warning; the stream then brings it and b/x.txt's, in the same words
    expect(warningsOf(detail([skipped]), [skipped, skipped])).toHaveLength(2);
    // the stream says again only what the journal had: nothing twice
    expect(warningsOf(detail([skipped, skipped]), [skipped, skipped])).toHaveLength(2);
    expect(warningsOf(detail([skipped]), [skipped])).toHaveLength(1);
    expect(warningsOf(detail([]), [skipped])).toHaveLength(1);
  });
});
