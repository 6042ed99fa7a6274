/**
 * Stage «reconcile» (per batch): checks the batch's documents against the borderou. Generic
 * separators take borderou entries in order; each document then carries the number it was
 * assigned (`assignedId`) and the clerk is warned loudly when the counts differ.
 */
import { reconcile } from '../../../../shared/src/reconciliation/reconcile.ts';
import type { SplitSummary } from '../../../../shared/src/split-summary.ts';
import type { LoadedBorderou } from '../../borderou/load-borderou.ts';

export function reconcileSummary(summary: SplitSummary, borderou: LoadedBorderou): SplitSummary {
  const r = reconcile(borderou.entries, summary.documents);
  const documents = summary.documents.map((d) => {
    const generic = d.flags.includes('generic');
    const assigned = generic ? r.matched.find((m) => m.documents.some((ref) => ref.originalId === d.id))?.registrationNumber : undefined;
    return assigned ? { ...d, assignedId: assigned } : d;
  });
  return {
    ...summary,
    documents,
    borderou: { file: borderou.file, entries: borderou.entries.length, encoding: borderou.encoding, delimiter: borderou.delimiter },
    reconciliation: r,
    warnings: [...summary.warnings, ...r.warnings.map((message) => ({ code: 'BORDEROU_MISMATCH', message }))],
  };
}
