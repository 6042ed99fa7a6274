/** The clerk's end-of-batch report: an empty document (no PDF) is not counted among «Documente». */
import { describe, expect, it } from 'vitest';
import { formatSummary } from '../../../station/src/cli/format-summary.ts';
import { splitSummary, summaryDocument } from '../../support/registry-app.ts';

describe('formatSummary', () => {
  it('counts only documents with a PDF, and names the empty ones apart', () => {
    const s = splitSummary('lot-1', [
      summaryDocument('84512/27.09.2021', 2),
      summaryDocument('84513/27.09.2021', 0, { file: null, sha256: null, flags: ['empty'], sheets: 0 }),
      summaryDocument('84514/27.09.2021', 3),
    ]);
    const text = formatSummary(s, '/out');
    expect(text).toContain('  Documente:                  2 (5 pagini)\n');
    expect(text).toContain('  Separatori fără pagini:     1 (fără PDF; vedeți „gol” mai jos)\n');
    expect(text).toMatch(/84513\/27\.09\.2021\s+0\s+0\s+—\s+\[gol\]/);
  });

  it('says nothing about empty documents when there are none', () => {
    const text = formatSummary(splitSummary('lot-1', [summaryDocument('84512/27.09.2021', 2)]), '/out');
    expect(text).toContain('  Documente:                  1 (2 pagini)\n');
    expect(text).not.toContain('fără pagini');
  });
});
