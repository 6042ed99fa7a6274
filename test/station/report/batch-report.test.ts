/** batchReportFrom: the station's summary turned into the report the registry's schema accepts. */
import { describe, expect, it } from 'vitest';
import { batchDocumentSchema, batchReportSchema } from '../../../shared/src/schemas/batch-report.ts';
import { batchReportFrom } from '../../../station/src/report/batch-report.ts';
import { splitSummary, summaryDocument } from '../../support/registry-app.ts';

describe('batchReportFrom', () => {
  it('carries the batch counts, the station name and every document in order', () => {
    const summary = splitSummary('lot-1', [
      summaryDocument('84512/27.09.2021', 3, { flags: ['duplicate'] }),
      summaryDocument('84513/27.09.2021', 1),
      summaryDocument('84512/27.09.2021', 2, { flags: ['duplicate'] }),
    ], { blankPages: 2, unassignedPages: 4 });
    const report = batchReportFrom(summary, 'statia-1');
    expect(report).toEqual({
      batchId: 'lot-1',
      station: 'statia-1',
      startedAt: summary.startedAt,
      endedAt: summary.endedAt,
      pagesIn: 3 + 2 + 6 + 4,
      separatorPages: 3,
      blankPages: 2,
      unassignedPages: 4,
      documents: summary.documents.map((d) => ({ id: d.id, file: d.file, pages: d.pages, sheets: d.sheets, sha256: d.sha256, flags: d.flags })),
    });
  });

  it('sends only the fields the server schema allows (it rejects unknown ones)', () => {
    const summary = splitSummary('lot-1', [summaryDocument('PATCHT-1', 2, { flags: ['generic'], assignedId: '84512/27.09.2021' })]);
    const report = batchReportFrom(summary, 'statia-1');
    // version is left out for a batch as scanned (the server's default is 1)
    expect(Object.keys(report).sort()).toEqual(Object.keys(batchReportSchema.properties).filter((k) => k !== 'version').sort());
    expect(Object.keys(report.documents[0]!).sort()).toEqual(Object.keys(batchDocumentSchema.properties).sort());
    const corrected = batchReportFrom({ ...summary, version: 3 }, 'statia-1');
    expect(Object.keys(corrected).sort()).toEqual(Object.keys(batchReportSchema.properties).sort());
    expect(corrected.version).toBe(3);
  });

  it('no unassigned pages → 0; flags are copied, not shared with the summary', () => {
    const summary = splitSummary('lot-1', [summaryDocument('84512/27.09.2021', 1, { flags: ['x'] })]);
    const report = batchReportFrom(summary, 'statia-1');
    expect(report.unassignedPages).toBe(0);
    expect(report.documents[0]!.flags).toEqual(['x']);
    expect(report.documents[0]!.flags).not.toBe(summary.documents[0]!.flags);
  });

  it('an empty document (no pages) is reported with file and sha256 null and the empty flag', () => {
    const report = batchReportFrom(splitSummary('lot-1', [summaryDocument('84543/27.09.2021', 0)]), 'statia-1');
    expect(report.documents[0]).toEqual({ id: '84543/27.09.2021', file: null, pages: 0, sheets: 0, sha256: null, flags: ['empty'] });
  });
});
