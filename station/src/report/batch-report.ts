/** Builds the registry report of a batch from its summary (shared schema with the server). */
import type { BatchReport } from '../../../shared/src/schemas/batch-report.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';

export function batchReportFrom(summary: SplitSummary, station: string): BatchReport {
  return {
    batchId: summary.batchId,
    station,
    startedAt: summary.startedAt,
    endedAt: summary.endedAt,
    pagesIn: summary.pagesIn,
    separatorPages: summary.separatorPages,
    blankPages: summary.blankPages,
    unassignedPages: summary.unassigned?.pages ?? 0,
    documents: summary.documents.map((d) => ({
      id: d.id,
      file: d.file,
      pages: d.pages,
      sheets: d.sheets,
      sha256: d.sha256,
      flags: [...d.flags],
    })),
  };
}
