/**
 * Named scan profiles («Registratură duplex 300 dpi»), remembered between sessions in the
 * station's data folder (`ui-profiles.json`, written atomically).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import { writeFileAtomic } from '../fs/atomic-write.ts';

export interface ScanProfile {
  name: string;
  /** The scan form's fields, as the page sends them (checked again when a scan starts). */
  settings: Record<string, unknown>;
}

const MAX_PROFILES = 100;

export function createProfileStore(dataDir: string) {
  const file = path.join(dataDir, 'ui-profiles.json');
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
  };
  async function list(): Promise<ScanProfile[]> {
    const text = await readFile(file, 'utf8').catch(() => null);
    if (!text) return [];
    try {
      const parsed = JSON.parse(text) as { profiles?: ScanProfile[] };
      return Array.isArray(parsed.profiles) ? parsed.profiles.filter((p) => typeof p?.name === 'string' && typeof p.settings === 'object') : [];
    } catch {
      return [];
    }
  }
  const write = (profiles: ScanProfile[]) => writeFileAtomic(file, `${JSON.stringify({ profiles }, null, 2)}\n`);
  return {
    list,
    save: (name: string, settings: unknown) => serial(async () => {
      const clean = typeof name === 'string' ? name.trim() : '';
      if (!clean || clean.length > 80) throw new StationError('VALIDATION_FAILED', 'Numele profilului trebuie să aibă între 1 și 80 de caractere.', { field: 'profileName' });
      if (typeof settings !== 'object' || settings === null || Array.isArray(settings) || JSON.stringify(settings).length > 16_384) {
        throw new StationError('VALIDATION_FAILED', 'Setările profilului nu au forma așteptată.', { field: 'profileName' });
      }
      const profiles = (await list()).filter((p) => p.name !== clean);
      if (profiles.length >= MAX_PROFILES) throw new StationError('VALIDATION_FAILED', `Se pot păstra cel mult ${MAX_PROFILES} de profiluri.`, { field: 'profileName' });
      profiles.push({ name: clean, settings: settings as Record<string, unknown> });
      profiles.sort((a, b) => a.name.localeCompare(b.name, 'ro'));
      await write(profiles);
      return profiles;
    }),
    remove: (name: string) => serial(async () => {
      const profiles = (await list()).filter((p) => p.name !== name);
      await write(profiles);
      return profiles;
    }),
  };
}
