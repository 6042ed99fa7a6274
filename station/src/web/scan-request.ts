/**
 * The scan form as the page sends it, checked field by field with Romanian messages naming the
 * field (the same rules as `station scan`'s options).
 */
import { StationError } from '../../../shared/src/errors.ts';
import { STORAGE_MODES, type StorageMode } from '../../../shared/src/split-summary.ts';
import type { ColorMode, ScanRequest, ScanSource } from '../drivers/driver.ts';
import { registryDay } from '../borderou/batch-registry-borderou.ts';
import { DRIVER_NAMES } from '../drivers/registry.ts';
import { SEPARATIONS, type Separation } from '../split/splitter.ts';

export interface ScanStart {
  driver: string;
  request: Omit<ScanRequest, 'workDir' | 'startIndex' | 'signal'>;
  duplex: boolean;
  removeBlank: boolean;
  separators: string[];
  /** How a document starts (`station scan --separation`); default: the station config's. */
  separation?: Separation;
  /** How the pages are stored (`--storage`); default: the station config's. */
  storage?: StorageMode;
  outDir?: string;
  /** The borderou CSV file's bytes, base64 (the browser reads the file the clerk picked). */
  borderouCsv?: string;
  borderouName?: string;
  /** Take this day's borderou (`YYYY-MM-DD`) from the registry server instead of a CSV file. */
  borderouRegistryDay?: string;
}

/** Not a driver: files already scanned, split where they are (`station split`). */
export const FILES_SOURCE = 'files';
const SOURCES: ScanSource[] = ['adf', 'adf-duplex', 'flatbed'];
const MODES: ColorMode[] = ['gray', 'color', 'lineart'];
const MAX_BORDEROU_BASE64 = 8 * 1024 * 1024;

function bad(field: string, message: string): StationError {
  return new StationError('VALIDATION_FAILED', message, { field });
}

function text(v: unknown, field: string, label: string, max = 4096): string {
  if (typeof v !== 'string' || v.trim() === '' || v.length > max) throw bad(field, `Câmpul «${label}» trebuie completat.`);
  return v.trim();
}

export function parseScanStart(body: unknown): ScanStart {
  if (typeof body !== 'object' || body === null) throw bad('', 'Cererea nu are forma așteptată.');
  const b = body as Record<string, unknown>;
  const driver = text(b.driver, 'driver', 'Sursa paginilor', 16);
  if (driver !== FILES_SOURCE && !(DRIVER_NAMES as readonly string[]).includes(driver)) throw bad('driver', `Driverul „${driver}” nu există.`);
  const device = text(b.device, 'device', driver === 'folder' ? 'Dosarul urmărit' : driver === FILES_SOURCE ? 'Dosarul cu fișierele scanate' : 'Scaner');
  const source = (b.source ?? 'adf') as ScanSource;
  if (!SOURCES.includes(source)) throw bad('source', 'Alimentarea trebuie să fie ADF, ADF față-verso sau flatbed.');
  const mode = (b.mode ?? 'gray') as ColorMode;
  if (!MODES.includes(mode)) throw bad('mode', 'Modul de culoare trebuie să fie gri, color sau alb-negru.');
  const resolution = Number(b.resolution ?? 300);
  if (!Number.isInteger(resolution) || resolution < 50 || resolution > 1200) throw bad('resolution', 'Rezoluția trebuie să fie un număr întreg între 50 și 1200.');
  const options: Record<string, string> = {};
  if (b.options !== undefined) {
    if (typeof b.options !== 'object' || b.options === null || Array.isArray(b.options)) throw bad('options', 'Opțiunile scanerului nu au forma așteptată.');
    for (const [k, v] of Object.entries(b.options)) {
      if (typeof v !== 'string' || k.length > 64 || v.length > 256) throw bad('options', `Opțiunea scanerului „${k}” nu are o valoare validă.`);
      options[k] = v;
    }
  }
  const duplex = Boolean(b.duplex) || source === 'adf-duplex';
  const removeBlank = b.removeBlank === undefined ? duplex : Boolean(b.removeBlank);
  const separators = b.separators === undefined ? [] : b.separators;
  if (!Array.isArray(separators) || separators.some((s) => typeof s !== 'string' || s.length === 0 || s.length > 128)) throw bad('separators', 'Separatoarele generice trebuie să fie texte scurte.');
  const start: ScanStart = { driver, request: { device, source, resolution, mode, options }, duplex, removeBlank, separators: separators as string[] };
  if (b.separation !== undefined && b.separation !== '') {
    if (!(SEPARATIONS as readonly unknown[]).includes(b.separation)) throw bad('separation', 'Începutul documentelor trebuie să fie foi separator, etichete de înregistrare sau amândouă (automat).');
    start.separation = b.separation as Separation;
  }
  if (b.storage !== undefined && b.storage !== '') {
    if (!(STORAGE_MODES as readonly unknown[]).includes(b.storage)) throw bad('storage', 'Păstrarea paginilor trebuie să fie una din cele trei: imaginile scanerului neatinse, automat (paginile fără culoare în tonuri de gri) sau automat cu paginile doar cu text alb-negru.');
    start.storage = b.storage as StorageMode;
  }
  if (b.outDir !== undefined && b.outDir !== '') start.outDir = text(b.outDir, 'outDir', 'Dosarul documentelor');
  if (b.borderouCsv !== undefined && b.borderouCsv !== '') {
    if (typeof b.borderouCsv !== 'string' || b.borderouCsv.length > MAX_BORDEROU_BASE64) throw bad('borderou', 'Fișierul borderoului este prea mare.');
    start.borderouCsv = b.borderouCsv;
    if (typeof b.borderouName === 'string') start.borderouName = b.borderouName.slice(0, 128);
  }
  if (b.borderouRegistryDay !== undefined && b.borderouRegistryDay !== '') {
    const day = registryDay(b.borderouRegistryDay, 'Ziua borderoului de la registratură', 'VALIDATION_FAILED');
    if (start.borderouCsv) throw bad('borderou', 'Alegeți fie un fișier CSV, fie borderoul zilei de la registratură, nu amândouă.');
    start.borderouRegistryDay = day;
  }
  return start;
}
