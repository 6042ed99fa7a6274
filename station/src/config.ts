/**
 * The station's configuration: one schema with defaults, parsed once at start from an optional
 * JSON file and the environment, unknown keys rejected, then passed down (never read in stages).
 */
import { readFileSync } from 'node:fs';
import { availableParallelism, homedir } from 'node:os';
import path from 'node:path';
import { StationError } from '../../shared/src/errors.ts';
import { STORAGE_MODES, type StorageMode } from '../../shared/src/split-summary.ts';
import { DEFAULT_SEPARATOR_PATTERN } from './barcode/separator-rule.ts';
import { FOLDER_DEFAULTS, type FolderConfig } from './drivers/folder/folder-defaults.ts';
import { entryUrl, isHttpsAddress, normaliseSha256, repeatedScanner, type EsclScannerEntry } from './drivers/escl/escl-scanner-entry.ts';
import { SEPARATIONS, type Separation } from './split/splitter.ts';
import { BARCODE_META_FORMATS, barcodeFormats as ZXING_FORMATS } from 'zxing-wasm';

export interface StationConfig {
  separatorPattern: string;
  genericSeparators: string[];
  /** How documents start: separator sheets (dropped), registration labels on first pages (kept), or both. */
  separation: Separation;
  barcodeFormats: string[];
  blank: {
    /** A page is blank when less than this fraction of its (margin-less) area is ink. */
    maxInkRatio: number;
    /** How much darker than the paper a pixel must be to count as ink (0–255). */
    inkContrast: number;
    /** Fraction of each edge ignored (scanner shadows, punched holes). */
    margin: number;
  };
  /** Quality of the JPEG used for continuous-tone pages that do not arrive as JPEG. */
  jpegQuality: number;
  /** Keep continuous-tone non-JPEG pages lossless (Flate) instead of JPEG. */
  lossless: boolean;
  /**
   * How pages are stored: `original` (the scanner's bytes untouched), `auto` (colour pages untouched,
   * pages of a colour scan with no colour but their paper's tint as one-component gray), `auto-bitonal`
   * (as auto, and pure text pages on white paper as CCITT G4).
   */
  storage: StorageMode;
  /** Resolution assumed for images that do not state one (PNM); 0 = estimate from A4 width. */
  assumedDpi: number;
  /** Pages analysed at the same time. */
  concurrency: number;
  /** Worker threads reading barcodes; 0 = read in the main thread. */
  barcodeWorkers: number;
  /** Where the station keeps its journal and outbox. */
  dataDir: string;
  /** Scan-to-folder (`station scan --driver folder`). */
  folder: FolderConfig;
  /** Network scanners spoken to over eSCL (AirScan), `station scan --driver escl`. */
  escl: {
    /**
     * Their eSCL addresses, e.g. `http://192.168.1.20/eSCL`; each is a device of the driver. An https
     * scanner with a certificate of its own making: `{ url, certificateSha256 }` (that certificate only).
     */
    scanners: EsclScannerEntry[];
    /** Also list the eSCL scanners announced on the network (mDNS) and let them be scanned from. */
    discover: boolean;
  };
  server: { url: string | null; token: string | null; stationName: string };
  /** The station's web app (`station ui`), always bound to 127.0.0.1. */
  ui: { port: number };
}

export const DEFAULT_CONFIG: StationConfig = {
  separatorPattern: DEFAULT_SEPARATOR_PATTERN,
  genericSeparators: [],
  separation: 'sheet',
  barcodeFormats: ['Code128', 'Code39', 'QRCode', 'DataMatrix'],
  blank: { maxInkRatio: 0.0004, inkContrast: 90, margin: 0.04 },
  jpegQuality: 90,
  lossless: false,
  storage: 'original',
  assumedDpi: 0,
  concurrency: Math.max(2, Math.min(8, availableParallelism() * 2)),
  // one core is left to the calling thread and libvips' decodes: on 2 cores two workers cost 3–4 ms
  // CPU a page more than one and were 5–8 % slower (bench, 30 Nov)
  barcodeWorkers: Math.max(1, Math.min(4, availableParallelism() - 1)),
  dataDir: '', // '' = the platform's per-user data folder (see defaultDataDir)
  folder: { ...FOLDER_DEFAULTS, watched: [] },
  escl: { scanners: [], discover: false },
  server: { url: null, token: null, stationName: '' }, // '' = not configured: reports wait (see station-identity.ts)
  ui: { port: 7780 },
};

type Checker = (v: unknown, at: string) => unknown;
const num = (min: number, max: number): Checker => (v, at) => {
  const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isFinite(n) || n < min || n > max) throw invalid(`${at} trebuie să fie un număr între ${min} și ${max}`);
  return n;
};
const int = (min: number, max: number): Checker => (v, at) => {
  const n = num(min, max)(v, at) as number;
  if (!Number.isInteger(n)) throw invalid(`${at} trebuie să fie un număr întreg`);
  return n;
};
const str: Checker = (v, at) => {
  if (typeof v !== 'string' || v.length > 4096) throw invalid(`${at} trebuie să fie text`);
  return v;
};
const nullableStr: Checker = (v, at) => (v === null || v === '' ? null : str(v, at));
const bool: Checker = (v, at) => {
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  if (typeof v !== 'boolean') throw invalid(`${at} trebuie să fie true sau false`);
  return v;
};
const strList: Checker = (v, at) => {
  const list = typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : v;
  if (!Array.isArray(list) || list.some((s) => typeof s !== 'string' || s.length === 0 || s.length > 128)) throw invalid(`${at} trebuie să fie o listă de texte`);
  return list;
};
/** zxing silently reads nothing at all when one name in the list is unknown, so names are checked here. */
const formatList: Checker = (v, at) => {
  const list = strList(v, at) as string[];
  const known = new Set<string>([...ZXING_FORMATS, ...BARCODE_META_FORMATS]);
  const bad = list.find((f) => !known.has(f));
  if (bad !== undefined) throw invalid(`${at}: „${bad}” nu este un format de cod de bare cunoscut (de exemplu Code128, Code39, QRCode, DataMatrix)`);
  return list;
};
const esclScanners: Checker = (v, at) => {
  const entries = typeof v === 'string' ? v : Array.isArray(v) ? v : null;
  if (entries === null) throw invalid(`${at} trebuie să fie o listă de adrese eSCL`);
  const list = typeof entries === 'string' ? (urlList(entries, at) as string[]) : entries.map((e: unknown, i) => {
    if (typeof e === 'string') return (urlList([e], at) as string[])[0];
    const where = `${at}[${i}]`;
    if (typeof e !== 'object' || e === null || Array.isArray(e)) throw invalid(`${where} trebuie să fie o adresă sau un obiect cu „url” și „certificateSha256”`);
    const unknown = Object.keys(e).find((k) => k !== 'url' && k !== 'certificateSha256');
    if (unknown !== undefined) throw invalid(`cheia necunoscută „${where}.${unknown}”`);
    const { url, certificateSha256 } = e as { url?: unknown; certificateSha256?: unknown };
    const [address] = urlList([str(url, `${where}.url`)], `${where}.url`) as string[];
    if (certificateSha256 === undefined) return address;
    const pin = normaliseSha256(str(certificateSha256, `${where}.certificateSha256`) as string);
    if (!pin) throw invalid(`${where}.certificateSha256 trebuie să fie amprenta SHA-256 a certificatului (64 de cifre hexazecimale, de exemplu 3D:55:0C:…)`);
    if (!isHttpsAddress(address!)) throw invalid(`${where}.certificateSha256 are rost doar pentru o adresă https://`);
    return { url: address!, certificateSha256: pin };
  });
  const repeated = repeatedScanner(list as EsclScannerEntry[]);
  if (repeated) throw invalid(`${at}[${repeated.index}]: scanerul ${entryUrl((list as EsclScannerEntry[])[repeated.index]!)} apare deja în ${at}[${repeated.first}]; treceți fiecare scaner o singură dată (cu amprenta certificatului său, dacă are)`);
  return list;
};
const urlList: Checker = (v, at) => {
  const list = strList(v, at) as string[];
  for (const u of list) {
    let url: URL | undefined;
    try {
      url = new URL(u);
    } catch {
      // reported below
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || url.search || url.hash) {
      throw invalid(`${at}: „${u}” nu este o adresă eSCL de forma http://192.168.1.20/eSCL`);
    }
  }
  return list;
};
const regex: Checker = (v, at) => {
  const s = str(v, at) as string;
  try {
    new RegExp(s, 'u');
  } catch {
    throw invalid(`${at} nu este o expresie regulată validă`);
  }
  return s;
};

const SCHEMA: Record<string, Checker | Record<string, Checker>> = {
  separatorPattern: regex,
  genericSeparators: strList,
  separation: (v, at) => {
    if (typeof v !== 'string' || !(SEPARATIONS as readonly string[]).includes(v)) throw invalid(`${at} trebuie să fie „sheet” (foi separator), „label” (etichete de înregistrare) sau „auto” (amândouă)`);
    return v;
  },
  barcodeFormats: formatList,
  blank: { maxInkRatio: num(0, 0.5), inkContrast: int(1, 254), margin: num(0, 0.3) },
  jpegQuality: int(30, 100),
  lossless: bool,
  storage: (v, at) => {
    if (typeof v !== 'string' || !(STORAGE_MODES as readonly string[]).includes(v)) throw invalid(`${at} trebuie să fie „original” (imaginile scanerului neatinse), „auto” (paginile fără culoare în tonuri de gri) sau „auto-bitonal” (și paginile doar cu text alb-negru)`);
    return v;
  },
  assumedDpi: int(0, 2400),
  concurrency: int(1, 64),
  barcodeWorkers: int(0, 16),
  dataDir: str,
  folder: { quietMs: int(50, 600_000), quickQuietMs: int(0, 600_000), usePolling: bool, archiveDir: str, watched: strList, maxFileMb: int(1, 2047) },
  escl: { scanners: esclScanners, discover: bool },
  server: { url: nullableStr, token: nullableStr, stationName: str },
  ui: { port: int(0, 65535) },
};

/** Environment variables and the config key each one sets. */
export const ENV_KEYS: Record<string, string> = {
  STATION_DATA_DIR: 'dataDir',
  STATION_SERVER_URL: 'server.url',
  STATION_TOKEN: 'server.token',
  STATION_NAME: 'server.stationName',
  STATION_CONCURRENCY: 'concurrency',
  STATION_BARCODE_WORKERS: 'barcodeWorkers',
  STATION_SEPARATOR_PATTERN: 'separatorPattern',
  STATION_SEPARATION: 'separation',
  STATION_STORAGE: 'storage',
  STATION_UI_PORT: 'ui.port',
  STATION_ESCL_SCANNERS: 'escl.scanners',
  STATION_ESCL_DISCOVER: 'escl.discover',
};

function invalid(message: string): StationError {
  return new StationError('CONFIG_INVALID', `Configurație invalidă: ${message}.`);
}

function merge(target: Record<string, unknown>, source: Record<string, unknown>, schema: Record<string, unknown>, prefix: string): void {
  for (const [key, value] of Object.entries(source)) {
    const at = prefix ? `${prefix}.${key}` : key;
    const rule = Object.hasOwn(schema, key) ? schema[key] : undefined; // not inherited names (constructor, toString…)
    if (!rule) throw invalid(`cheia necunoscută „${at}”`);
    if (typeof rule === 'function') target[key] = (rule as Checker)(value, at);
    else {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalid(`${at} trebuie să fie un obiect`);
      const inner = { ...(target[key] as Record<string, unknown>) };
      merge(inner, value as Record<string, unknown>, rule as Record<string, unknown>, at);
      target[key] = inner;
    }
  }
}

/** %LOCALAPPDATA%\\ScanStation on Windows, $XDG_DATA_HOME/scan-station (~/.local/share) elsewhere. */
export function defaultDataDir(env: NodeJS.ProcessEnv, platform = process.platform): string {
  if (platform === 'win32') return path.win32.join(env.LOCALAPPDATA ?? path.win32.join(homedir(), 'AppData', 'Local'), 'ScanStation');
  return path.join(env.XDG_DATA_HOME ?? path.join(env.HOME ?? homedir(), '.local', 'share'), 'scan-station');
}

export interface LoadConfigOptions {
  /** Config file path; when missing, `station.config.json` in cwd is used if present. */
  file?: string;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Values from the command line (highest precedence), same shape as the file. */
  overrides?: Record<string, unknown>;
}

export function loadConfig(opts: LoadConfigOptions = {}): StationConfig {
  const env = opts.env ?? process.env;
  const cwd = opts.cwd ?? process.cwd();
  const cfg = structuredClone(DEFAULT_CONFIG) as unknown as Record<string, unknown>;
  const explicit = opts.file ?? env.STATION_CONFIG;
  const file = explicit ? path.resolve(cwd, explicit) : path.join(cwd, 'station.config.json');
  let text: string | null = null;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    if (explicit) throw new StationError('CONFIG_INVALID', `Fișierul de configurare ${file} nu poate fi citit.`, { file }, { cause: err });
  }
  if (text !== null) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.replace(/^\uFEFF/, ''));
    } catch {
      throw new StationError('CONFIG_INVALID', `Fișierul de configurare ${file} nu este JSON valid.`, { file });
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw invalid('fișierul trebuie să conțină un obiect JSON');
    merge(cfg, parsed as Record<string, unknown>, SCHEMA, '');
  }
  for (const [name, key] of Object.entries(ENV_KEYS)) {
    const value = env[name];
    if (value === undefined) continue;
    const [a, b] = key.split('.') as [string, string | undefined];
    merge(cfg, b ? { [a]: { [b]: value } } : { [a]: value }, SCHEMA, '');
  }
  if (opts.overrides) merge(cfg, opts.overrides, SCHEMA, '');
  const result = cfg as unknown as StationConfig;
  result.dataDir = result.dataDir ? path.resolve(cwd, result.dataDir) : defaultDataDir(env);
  if (result.folder.archiveDir) result.folder.archiveDir = path.resolve(cwd, result.folder.archiveDir);
  result.folder.watched = result.folder.watched.map((f) => path.resolve(cwd, f));
  return result;
}
