/**
 * Whether a batch's output is already in place: `--out/summary.json` (written last, atomically) is
 * this batch's. Then a failure after it (the journal's disk, the outbox) must not take back what the
 * output names — the borderou CSV it reconciled against — and `--resume` only finishes the bookkeeping.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';

/** The summary in `outDir` when it is `batchId`'s, else null (none, unreadable, another batch's). */
export async function summaryAlreadyCommitted(outDir: string, batchId: string): Promise<SplitSummary | null> {
  const text = await readFile(path.join(outDir, 'summary.json'), 'utf8').catch(() => null);
  if (!text) return null;
  try {
    const s = JSON.parse(text) as SplitSummary;
    return s?.batchId === batchId ? s : null;
  } catch {
    return null;
  }
}
