/**
 * The day's borderou from the registry for a batch — `station split|scan --borderou-from-registry ZI`
 * and the scan page's «Borderoul zilei de la registratură» alike: one check of the day's text, one
 * folder (the batch's own), and a download made only after the batch's local checks (its id is new,
 * its --out is usable), taken back when the batch does not go on: a failed command leaves nothing.
 */
import { readdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { countRo } from '../../../shared/src/count-ro.ts';
import { dayProblem } from '../../../shared/src/date-range.ts';
import { StationError } from '../../../shared/src/errors.ts';
import { formatIsoDateRo } from '../../../shared/src/registration-number.ts';
import { batchFolder } from '../batch/batch-folder.ts';
import type { StationContext } from '../cli/station-context.ts';
import { checkOutDir } from '../split/output-staging.ts';
import { localDay } from '../../../shared/src/local-day.ts';
import { loadRegistryBorderou, type RegistryBorderou } from './registry-borderou.ts';

/**
 * The day whose borderou is asked for: `azi` (the station's own day) or a real day `AAAA-LL-ZZ`.
 * @param name how the clerk gave it (`--borderou-from-registry`, «Ziua borderoului»), named in the error
 * @param code USAGE on the command line, VALIDATION_FAILED in the web app
 */
export function registryDay(text: unknown, name: string, code: 'USAGE' | 'VALIDATION_FAILED', now: Date = new Date()): string {
  const t = typeof text === 'string' ? text.trim() : '';
  if (t.toLowerCase() === 'azi') return localDay(now);
  const problem = dayProblem(t);
  if (problem) throw new StationError(code, `${name}: ${problem}. Scrieți „azi” sau ziua borderoului ca AAAA-LL-ZZ (de exemplu 2021-09-27).`, { field: 'borderou' });
  return t;
}

export interface TakenBorderou extends RegistryBorderou {
  /** The line the clerk reads: the day, its version on the server, how many documents. */
  note: string;
  /** Removes what the download added (the file, the batch's folder when it made it); best effort. */
  discard(): Promise<void>;
}

/**
 * Checks what the batch can check on its own (the id is new, --out absent or empty), then takes the
 * day's borderou into the batch's folder. A borderou that cannot be used leaves nothing behind.
 */
export async function takeRegistryBorderou(
  station: Pick<StationContext, 'client' | 'cfg' | 'journal'>,
  o: { day: string; batchId: string; outDir: string; signal?: AbortSignal },
): Promise<TakenBorderou> {
  station.journal.assertNew(o.batchId);
  await checkOutDir(o.outDir, o.batchId);
  const dir = batchFolder(station.cfg.dataDir, o.batchId);
  const before = await readdir(dir).catch(() => null);
  const discardFile = async (file: string | null) => {
    if (file && !before?.includes(path.basename(file))) await rm(file, { force: true }).catch(() => {});
    if (!before) await rmdir(dir).catch(() => {}); // only when empty: never another batch's files
  };
  const got = await loadRegistryBorderou(station.client, o.day, dir, o.signal).catch(async (err: unknown) => {
    await discardFile(null);
    throw err;
  });
  return {
    ...got,
    note: `Borderoul zilei ${formatIsoDateRo(got.day)} de la registratură: versiunea ${got.version}, ${countRo(got.entries.length, 'document', 'documente')}.`,
    discard: () => discardFile(got.file),
  };
}
