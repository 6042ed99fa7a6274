/**
 * The last part of «Salvează corecturile», made safe against a crash: everything it will do is
 * first written (atomically) as an intent file in the batch folder; then the replaced PDFs move
 * aside, the new ones are renamed in, summary.json is written, and the journal (corrections,
 * page fates, summary, outbox) is updated in one transaction; then the intent file goes. After a
 * crash, opening the batch again finishes the same steps (each one is skipped when already done).
 */
import { access, mkdir, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import type { StationContext } from '../cli/station-context.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';
import { createCorrectionsJournal } from '../journal/batch-corrections.ts';
import type { PageFateName } from '../journal/batch-journal.ts';

export interface CorrectionCommit {
  batchId: string;
  version: number;
  outDir: string;
  /** Replaced files going aside (absolute from → to), done before any rename. */
  moves: [string, string][];
  /** New files coming in (absolute temp → final). */
  renames: [string, string][];
  summary: unknown;
  corrections: { kind: string; what: string; detail: unknown; at: string }[];
  fates: { seq: number; path: string; pageInFile: number; fate: PageFateName; documentId: string | null }[];
  report: unknown;
}

const INTENT = '.corectari-in-curs.json';
const exists = (f: string) => access(f).then(() => true, () => false);

export async function commitCorrections(station: StationContext, c: CorrectionCommit, afterStep?: (step: string) => void): Promise<void> {
  await writeFileAtomic(path.join(c.outDir, INTENT), JSON.stringify(c));
  await finish(station, c, afterStep);
}

/** Finishes a save a crash interrupted (nothing to do when there is none). */
export async function finishPendingCorrections(station: StationContext, outDir: string): Promise<boolean> {
  const text = await readFile(path.join(outDir, INTENT), 'utf8').catch(() => null);
  if (text === null) return false;
  await finish(station, JSON.parse(text) as CorrectionCommit);
  station.log.warn({ outDir }, 'interrupted corrections finished');
  return true;
}

async function finish(station: StationContext, c: CorrectionCommit, afterStep?: (step: string) => void): Promise<void> {
  for (const [from, to] of c.moves) {
    if (await exists(to)) continue; // moved before the interruption (what is at `from` now may be the new file)
    await mkdir(path.dirname(to), { recursive: true });
    if (await exists(from)) await rename(from, to);
    afterStep?.(`move ${path.basename(from)}`);
  }
  for (const [tmp, final] of c.renames) {
    if (!(await exists(tmp))) continue; // renamed before the interruption
    await rename(tmp, final);
    afterStep?.(`rename ${path.basename(final)}`);
  }
  await writeFileAtomic(path.join(c.outDir, 'summary.json'), `${JSON.stringify(c.summary, null, 2)}\n`);
  afterStep?.('summary');
  const corrections = createCorrectionsJournal(station.db);
  station.journal.complete(c.batchId, JSON.stringify(c.summary), () => {
    corrections.record(c.batchId, c.version, c.corrections);
    for (const f of c.fates) station.journal.recordFate(c.batchId, f);
    station.outbox.resend(c.batchId, c.report);
  });
  await rm(path.join(c.outDir, INTENT), { force: true });
}
