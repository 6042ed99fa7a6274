/**
 * Devices and capabilities from the events of `wia-scan.ps1 list` / `caps` (pure).
 *
 * CAP lines the script prints (numbers in decimal, lists comma-separated):
 *   CAP wia-version <text>                 WIA_DIP_WIA_VERSION (14), e.g. `2.0`
 *   CAP item <name>                        one child item of the device (WIA 2.0: `Flatbed`, `Feeder`)
 *   CAP handling-capabilities <flags>      3086 WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES
 *   CAP handling-status <flags>            3087 WIA_DPS_DOCUMENT_HANDLING_STATUS
 *   CAP handling-select <list>             3088 valid values (flags the device accepts)
 *   CAP x-resolution list <list>           6147 valid values, or
 *   CAP x-resolution range <min> <max> <step>
 *   CAP y-resolution ...                   6148, same shapes
 *   CAP intents <list>                     6146 WIA_IPS_CUR_INTENT valid values (flags)
 *   CAP datatypes <list>                   4103 WIA_IPA_DATATYPE valid values
 *   CAP bed-size <width> <height>          3074/3075, thousandths of an inch
 *   CAP feeder-size <width> <height>       3076/3077, thousandths of an inch
 * Unknown keys are ignored, so the script can grow without breaking this side.
 */
import type { ColorMode, ScanCapabilities, ScanDevice, ScanSource } from '../driver.ts';
import type { WiaEvent } from './parse-wia-output.ts';

/** 3086 / 3088 flags. */
export const HANDLING = { FEEDER: 0x01, FLATBED: 0x02, DUPLEX: 0x04, FRONT_ONLY: 0x20 } as const;
/** 6146 intent flags and 4103 data types. */
const INTENT = { COLOR: 0x1, GRAY: 0x2, TEXT: 0x4 } as const;
const DATATYPE = { THRESHOLD: 0, GRAYSCALE: 2, COLOR: 3 } as const;

const MODE_NAMES: Record<ColorMode, string> = { color: 'Color', gray: 'Grayscale', lineart: 'Black and white' };

const COMMON_DPI = [75, 100, 150, 200, 240, 300, 400, 600, 1200];

const WIA_DEVICE_TYPES: Record<string, string> = { '1': 'scanner', '2': 'camera', '3': 'video' };

export function devicesFromWiaEvents(events: WiaEvent[]): ScanDevice[] {
  const devices: ScanDevice[] = [];
  for (const e of events) {
    if (e.kind !== 'device') continue;
    const type = WIA_DEVICE_TYPES[e.type] ?? e.type;
    if (type !== 'scanner') continue;
    devices.push({ id: e.id, vendor: e.manufacturer, model: e.name, type, driver: 'wia' });
  }
  return devices;
}

function ints(list: string | undefined): number[] {
  if (!list) return [];
  return list
    .split(',')
    .map((v) => Number(v.trim()))
    .filter((v) => Number.isInteger(v));
}

function resolutionsOf(values: string[]): number[] {
  const [shape, ...rest] = values;
  if (shape === 'list') return ints(rest[0]).filter((v) => v > 0);
  if (shape === 'range') {
    const [min, max, step] = rest.map(Number);
    if (!Number.isFinite(min) || !Number.isFinite(max) || min === undefined || max === undefined) return [];
    const s = step !== undefined && Number.isFinite(step) && step > 0 ? step : 1;
    const picked = COMMON_DPI.filter((v) => v >= min && v <= max && (v - min) % s === 0);
    return picked.length > 0 ? picked : [min, max].filter((v, i, all) => v > 0 && all.indexOf(v) === i);
  }
  return [];
}

function modesOf(intents: number[] | undefined, datatypes: number[] | undefined): ColorMode[] {
  const modes = new Set<ColorMode>();
  for (const t of datatypes ?? []) {
    if (t === DATATYPE.COLOR) modes.add('color');
    if (t === DATATYPE.GRAYSCALE) modes.add('gray');
    if (t === DATATYPE.THRESHOLD) modes.add('lineart');
  }
  if (modes.size === 0) {
    const flags = (intents ?? []).reduce((acc, v) => acc | v, 0);
    if (flags & INTENT.COLOR) modes.add('color');
    if (flags & INTENT.GRAY) modes.add('gray');
    if (flags & INTENT.TEXT) modes.add('lineart');
  }
  if (modes.size === 0) return ['color', 'gray', 'lineart']; // the device did not say: WIA requires all three
  return (['color', 'gray', 'lineart'] as const).filter((m) => modes.has(m));
}

function toMm(thousandthsOfInch: number): number {
  return Math.round((thousandthsOfInch * 25.4) / 100) / 10;
}

export function capabilitiesFromWiaEvents(events: WiaEvent[]): ScanCapabilities {
  const caps = new Map<string, string[]>();
  const items: string[] = [];
  for (const e of events) {
    if (e.kind !== 'cap') continue;
    if (e.key === 'item') items.push((e.values[0] ?? '').toLowerCase());
    else caps.set(e.key, e.values);
  }
  const handling = Number(caps.get('handling-capabilities')?.[0] ?? 0) | 0;
  const selectable = ints(caps.get('handling-select')?.[0]).reduce((acc, v) => acc | v, 0);
  const flags = handling | selectable;
  const feeder = (flags & HANDLING.FEEDER) !== 0 || items.includes('feeder');
  const duplex = feeder && (flags & HANDLING.DUPLEX) !== 0;
  // A device that says nothing about document handling is a plain flatbed.
  const flatbed = (flags & HANDLING.FLATBED) !== 0 || items.includes('flatbed') || !feeder;

  const sources: ScanSource[] = [];
  const sourceNames: Partial<Record<ScanSource, string>> = {};
  if (flatbed) {
    sources.push('flatbed');
    sourceNames.flatbed = 'Flatbed';
  }
  if (feeder) {
    sources.push('adf');
    sourceNames.adf = 'Feeder';
  }
  if (duplex) {
    sources.push('adf-duplex');
    sourceNames['adf-duplex'] = 'Feeder (duplex)';
  }

  const x = resolutionsOf(caps.get('x-resolution') ?? []);
  const y = resolutionsOf(caps.get('y-resolution') ?? []);
  const resolutions = (y.length > 0 && x.length > 0 ? x.filter((v) => y.includes(v)) : x.length > 0 ? x : y).sort(
    (a, b) => a - b,
  );

  const intents = caps.has('intents') ? ints(caps.get('intents')?.[0]) : undefined;
  const datatypes = caps.has('datatypes') ? ints(caps.get('datatypes')?.[0]) : undefined;
  const modes = modesOf(intents, datatypes);

  const sizes = ['bed-size', 'feeder-size']
    .map((k) => caps.get(k)?.map(Number) ?? [])
    .filter((s): s is [number, number] => s.length === 2 && s.every((v) => Number.isFinite(v) && v > 0));
  const maxAreaMm =
    sizes.length > 0
      ? { width: toMm(Math.max(...sizes.map((s) => s[0]))), height: toMm(Math.max(...sizes.map((s) => s[1]))) }
      : undefined;

  return {
    sources,
    sourceNames,
    resolutions,
    modes,
    modeNames: Object.fromEntries(modes.map((m) => [m, MODE_NAMES[m]])),
    duplex,
    ...(maxAreaMm ? { maxAreaMm } : {}),
    options: [],
  };
}
