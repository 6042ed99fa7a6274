/**
 * Device lists from `scanimage -L` and `scanimage -f <format>` (pure).
 *
 * The driver asks for the formatted list: one line per device, starting with a marker, fields split
 * by the ASCII unit separator (never found in device names, unlike spaces, quotes or colons).
 * Backends sometimes print noise on stdout; lines without the marker are ignored.
 */
import type { ScanDevice } from '../driver.ts';

const FIELD = '\u001f';
const MARKER = 'scan-station-device';

/** The `-f` argument that `parseScanimageFormatted` reads: marker, device, vendor, model, type. */
export const SCANIMAGE_LIST_FORMAT = [MARKER, '%d', '%v', '%m', '%t'].join(FIELD) + '%n';

export function parseScanimageFormatted(stdout: string): ScanDevice[] {
  const devices: ScanDevice[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    const fields = line.split(FIELD);
    if (fields[0] !== MARKER || fields.length !== 5) continue;
    const [, id, vendor, model, type] = fields as [string, string, string, string, string];
    if (id) devices.push({ id, vendor, model, type, driver: 'sane' });
  }
  return dedupe(devices);
}

/**
 * Types that backends report (`sane-backends` doc/descriptions), longest first so that
 * "eSCL network scanner" wins over "scanner". `-L` joins vendor, model and type with spaces,
 * so the type is recognised by its ending and the vendor is the first word.
 */
const KNOWN_TYPES = [
  'eSCL network scanner',
  'WSD network scanner',
  'multi-function peripheral',
  'flatbed scanner',
  'sheetfed scanner',
  'handheld scanner',
  'virtual device',
  'film scanner',
  'slide scanner',
  'video camera',
  'still camera',
  'webcam',
  'scanner',
];

/** `device `test:0' is a Noname frontend-tester virtual device` lines (also when glued together). */
export function parseScanimageList(stdout: string): ScanDevice[] {
  const devices: ScanDevice[] = [];
  const pattern = /device `([^`']+)' is a (.+?)(?=device `|\r?\n|$)/g;
  for (const m of stdout.matchAll(pattern)) {
    const id = m[1]!;
    const description = m[2]!.trim();
    const type = KNOWN_TYPES.find((t) => description === t || description.endsWith(` ${t}`)) ?? '';
    const rest = type ? description.slice(0, description.length - type.length).trim() : description;
    const space = rest.indexOf(' ');
    const vendor = space < 0 ? rest : rest.slice(0, space);
    const model = space < 0 ? '' : rest.slice(space + 1).trim();
    devices.push({ id, vendor, model, type, driver: 'sane' });
  }
  return dedupe(devices);
}

function dedupe(devices: ScanDevice[]): ScanDevice[] {
  const seen = new Set<string>();
  return devices.filter((d) => !seen.has(d.id) && seen.add(d.id));
}
