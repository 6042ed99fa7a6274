/**
 * What the scan tests (CLI and browser) share: a committed sample batch (its truth and page images, as a
 * scanner hands them out), the JSON-lines events a command printed, and a batch's summary read back
 * and checked (every page accounted for, the PDFs there).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Truth } from '../../fixtures/lib/truth.ts';
import type { SplitSummary } from '../../shared/src/split-summary.ts';
import { checkSummary, REPO_ROOT } from './split-run.ts';

export type StationEvent = { event: string } & Record<string, unknown>;

/** The JSON-lines events in a command's stdout (`--json`), in order. */
export const events = (stdout: string): StationEvent[] => stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as StationEvent);

/** `fixtures/samples/<name>`: its truth.json and its page images in scan order. */
export async function loadSample(name: string): Promise<{ truth: Truth; pages: Buffer[] }> {
  const dir = path.join(REPO_ROOT, 'fixtures', 'samples', name);
  const truth = JSON.parse(await readFile(path.join(dir, 'truth.json'), 'utf8')) as Truth;
  const pages = await Promise.all(truth.images.map((img) => readFile(path.join(dir, img.file))));
  return { truth, pages };
}

/** The batch's summary.json in its output folder (or a case's `out`), checked (counts add up, every document's PDF there). */
export async function summaryOf(where: string | { out: string }): Promise<SplitSummary> {
  const out = typeof where === 'string' ? where : where.out;
  const s = JSON.parse(await readFile(path.join(out, 'summary.json'), 'utf8')) as SplitSummary;
  await checkSummary(out, s);
  return s;
}
