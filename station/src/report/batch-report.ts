/**
 * Builds the registry report of a batch from its summary (shared schema with the server). A summary
 * corrected in the review page carries its version (2, 3 …), and so does its report; version 1 is
 * left out (the server's default), so a batch as scanned reports exactly as before.
 */
import type { BatchReport } from '../../../shared/src/schemas/batch-report.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';

export function batchReportFrom(summary: SplitSummary & { version?: number }, station: string): BatchReport {
  const version = summary.version ?? 1;
  return {
    batchId: summary.batchId,
    station,
    ...(version > 1 ? { version } : {}),
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
