/**
 * A batch's warnings as the clerk reads them (summary.json's `warnings`, Romanian, each naming its
 * file or page and what to do): one source for the terminal report (`station split`/`scan`) and the
 * batch's page in the web app. The borderou's mismatches are left out when the batch carries its
 * reconciliation: the reconciliation table (terminal) or panel (web) already shows them.
 */
import type { SummaryWarning } from './split-summary.ts';

/** The heading above the list. */
export const WARNINGS_TITLE = 'Atenție';

export function clerkWarnings(s: { warnings?: readonly SummaryWarning[]; reconciliation?: unknown }): SummaryWarning[] {
  const all = s.warnings ?? [];
  return s.reconciliation ? all.filter((w) => w.code !== 'BORDEROU_MISMATCH') : [...all];
}

/** The same warning (one code, the same words): said and kept once — the station's scan batch (folder-warnings.ts) and the review page alike. */
export function sameWarning(a: { code: string; message: string }, b: { code: string; message: string }): boolean {
  return a.code === b.code && a.message === b.message;
}
