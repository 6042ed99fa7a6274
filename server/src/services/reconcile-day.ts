/** The day's reconciliation: current borderou version + reported documents → shared `reconcile()`. */
import { reconcile } from '../../../shared/src/reconciliation/reconcile.ts';
import type { BorderouEntry } from '../../../shared/src/borderou/borderou-types.ts';
import type { ReconciliationReport } from '../../../shared/src/schemas/reconciliation.ts';
import type { BorderouRepository } from '../repositories/borderou-repository.ts';
import type { ReconciliationRepository } from '../repositories/reconciliation-repository.ts';
import { romanianDay } from '../lib/dates.ts';

export async function reconcileDay(
  borderouri: BorderouRepository,
  reported: ReconciliationRepository,
  day: string,
): Promise<ReconciliationReport> {
  const version = await borderouri.current(day);
  const entries: BorderouEntry[] = version ? await borderouri.entries(version.id) : [];
  const documents = (await reported.documentsForDay(day, version?.id ?? -1)).map((d) => ({
    id: d.id,
    pages: d.pages,
    sheets: d.sheets,
    flags: d.flags,
    file: d.file,
  }));
  const result = reconcile(entries, documents);
  const warnings = version ? result.warnings : [`Nu a fost încărcat niciun borderou pentru ziua ${romanianDay(day)}.`, ...result.warnings];
  return {
    date: day,
    borderou: version ? { version: version.version, uploadedAt: version.uploadedAt, entries: version.entries } : null,
    ...result,
    warnings,
  };
}
