/**
 * `--borderou-from-registry ZI` of `station split` and `station scan`: the day's current borderou
 * taken from the registry server (the station's client and token) into the batch's folder, then
 * used exactly as a CSV given with `--borderou`. ZI is `azi` or `AAAA-LL-ZZ`.
 */
import path from 'node:path';
import { countRo } from '../../../shared/src/count-ro.ts';
import { isCalendarDate } from '../../../shared/src/date-range.ts';
import { StationError } from '../../../shared/src/errors.ts';
import { formatIsoDateRo } from '../../../shared/src/registration-number.ts';
import { loadRegistryBorderou, localDay } from '../borderou/registry-borderou.ts';
import type { StationContext } from './station-context.ts';

export const REGISTRY_OPTION = 'borderou-from-registry';

/** The day written on the command line: `azi` (the station's day) or a real calendar day `AAAA-LL-ZZ`. */
export function registryDayFrom(text: string, now: Date = new Date()): string {
  if (text.trim().toLowerCase() === 'azi') return localDay(now);
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m || !isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]))) {
    throw new StationError('USAGE', `--${REGISTRY_OPTION} „${text}”: scrieți „azi” sau ziua borderoului ca AAAA-LL-ZZ (de exemplu 2021-09-27).`, { field: 'borderou' });
  }
  return m[0];
}

/** Takes the day's borderou into `<data>/batches/<batch>/` (nothing is written when it cannot be used); the file and the line the clerk reads. */
export async function borderouFromRegistry(day: string, batchId: string, station: StationContext, signal?: AbortSignal): Promise<{ file: string; note: string }> {
  const got = await loadRegistryBorderou(station.client, day, path.join(station.cfg.dataDir, 'batches', batchId), signal);
  return { file: got.file, note: `Borderoul zilei ${formatIsoDateRo(got.day)} de la registratură: versiunea ${got.version}, ${countRo(got.entries.length, 'document', 'documente')}.` };
}
