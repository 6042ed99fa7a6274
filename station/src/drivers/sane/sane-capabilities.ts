/**
 * Typed SANE options → the generic ScanCapabilities (pure).
 *
 * Vendors name the same things differently: `ADF`, `ADF Front`, `Automatic Document Feeder`,
 * `Automatic Document Feeder(left aligned,Duplex)` are all a feeder; `Lineart`, `Binary`,
 * `Black & White` are all black-and-white. Each generic source and mode takes the device name that
 * matches the earliest pattern of its list, so `True Gray` beats Brother's dithered
 * `Gray[Error Diffusion]` and `Lineart` beats `Halftone`.
 */
import type { ColorMode, ScanCapabilities, ScanSource } from '../driver.ts';
import { parseScanimageOptions, type SaneOption } from './parse-scanimage-options.ts';

/** Resolutions offered when the device gives a range instead of a list. */
const COMMON_RESOLUTIONS = [50, 75, 100, 150, 200, 240, 300, 400, 600, 1200, 2400, 4800, 9600];

const FEEDER = /\badf\b|feeder|\bduplex\b/i;
const SOURCE_PATTERNS: Record<ScanSource, RegExp[]> = {
  flatbed: [/^flat ?bed$/i, /^document table$/i, /^(platen|glass)$/i, /^normal$/i, /flat ?bed/i],
  // `ADF Back` alone scans only one side of each sheet: it is never the generic feeder
  adf: [/^adf$/i, /^adf front$/i, /^automatic document feeder$/i, /^adf simplex$/i, /^(adf|automatic document feeder|feeder)\b(?!.*(duplex|back))/i],
  'adf-duplex': [/^adf duplex$/i, /^duplex$/i, /^automatic document feeder.*duplex/i, /duplex/i],
};

const NOT_DITHERED = /^(?!.*(error diffusion|dither|halftone))/i;
const MODE_PATTERNS: Record<ColorMode, RegExp[]> = {
  lineart: [/^lineart$/i, /^binary$/i, /^black ?(&|and) ?white$/i, /^monochrome$/i, /^(b\/?w|bw)$/i, /lineart/i, /^halftone$/i],
  gray: [/^true gr[ae]y$/i, /^gr[ae]y(scale)?$/i, /^8 ?bit gr[ae]y/i, new RegExp(NOT_DITHERED.source + /.*gr[ae]y/.source, 'i')],
  color: [/^colou?r$/i, /^24 ?bit ?colou?r/i, /^(rgb|true colou?r)$/i, new RegExp(NOT_DITHERED.source + /.*colou?r/.source, 'i')],
};

/** Options whose values choose duplex scanning separately from the source (Epson `adf-mode`, HP `duplex`). */
export const DUPLEX_OPTION_NAMES = ['adf-mode', 'adf_mode', 'duplex'];

export function capabilitiesFromScanimage(allOptionsText: string): ScanCapabilities {
  return toScanCapabilities(parseScanimageOptions(allOptionsText).options);
}

export function toScanCapabilities(options: SaneOption[]): ScanCapabilities {
  const byName = new Map(options.map((o) => [o.name, o]));
  const { sources, sourceNames } = mapSources(byName.get('source'), duplexOption(options));
  const { modes, modeNames } = mapModes(byName.get('mode'));
  const maxAreaMm = maxArea(byName);
  return {
    sources,
    sourceNames,
    resolutions: resolutionsOf(byName.get('resolution')),
    modes,
    modeNames,
    duplex: sources.includes('adf-duplex'),
    ...(maxAreaMm ? { maxAreaMm } : {}),
    options,
  };
}

/** A settable duplex switch, when the device has one next to its source option. */
export function duplexOption(options: SaneOption[]): SaneOption | undefined {
  return options.find((o) => DUPLEX_OPTION_NAMES.includes(o.name) && !o.readOnly && !o.hardware && (o.kind === 'bool' || o.values?.some((v) => /duplex/i.test(v))));
}

function mapSources(source: SaneOption | undefined, duplexSwitch: SaneOption | undefined) {
  const sourceNames: Partial<Record<ScanSource, string>> = {};
  // no source option: a plain flatbed (or a device with a single fixed source)
  if (!source?.values?.length) return { sources: ['flatbed'] as ScanSource[], sourceNames };
  for (const generic of Object.keys(SOURCE_PATTERNS) as ScanSource[]) {
    const name = pick(source.values, SOURCE_PATTERNS[generic], generic === 'flatbed' ? (v) => !FEEDER.test(v) : undefined);
    if (name) sourceNames[generic] = name;
  }
  // duplex chosen by a separate switch: the same source name, and the builder sets the switch
  if (!sourceNames['adf-duplex'] && sourceNames.adf && duplexSwitch) sourceNames['adf-duplex'] = sourceNames.adf;
  const sources = (['flatbed', 'adf', 'adf-duplex'] as ScanSource[]).filter((s) => sourceNames[s]);
  // an inactive or read-only source cannot be chosen: the device scans from its one source
  if (source.inactive || source.readOnly) return { sources: sources.length ? sources.slice(0, 1) : (['flatbed'] as ScanSource[]), sourceNames: {} };
  return { sources, sourceNames };
}

function mapModes(mode: SaneOption | undefined) {
  const modeNames: Partial<Record<ColorMode, string>> = {};
  for (const generic of ['lineart', 'gray', 'color'] as ColorMode[]) {
    const name = pick(mode?.values ?? [], MODE_PATTERNS[generic]);
    if (name) modeNames[generic] = name;
  }
  const modes = (['color', 'gray', 'lineart'] as ColorMode[]).filter((m) => modeNames[m]);
  return { modes, modeNames };
}

function pick(values: string[], patterns: RegExp[], accept: (v: string) => boolean = () => true): string | undefined {
  for (const p of patterns) {
    const hit = values.find((v) => v !== 'auto' && p.test(v) && accept(v));
    if (hit) return hit;
  }
  return undefined;
}

function resolutionsOf(option: SaneOption | undefined): number[] {
  if (!option) return [];
  if (option.kind === 'range' && option.range) {
    const { min, max, step } = option.range;
    const onStep = (r: number) => !step || step <= 1 || Math.abs((r - min) / step - Math.round((r - min) / step)) < 1e-6;
    return COMMON_RESOLUTIONS.filter((r) => r >= min && r <= max && onStep(r));
  }
  const numbers = (option.values ?? []).map(Number).filter((n) => Number.isFinite(n) && n > 0);
  return [...new Set(numbers)].sort((a, b) => a - b);
}

/** Width and height of the largest area: `-x`/`-y`, else `-l`/`-t`, else the page size options. */
function maxArea(byName: Map<string, SaneOption>): { width: number; height: number } | undefined {
  const maxOf = (...names: string[]): number | undefined => {
    for (const n of names) {
      const o = byName.get(n);
      if (o?.range && (o.unit === 'mm' || o.unit === undefined) && o.range.max > 0) return o.range.max;
    }
    return undefined;
  };
  const width = maxOf('x', 'l', 'page-width');
  const height = maxOf('y', 't', 'page-height');
  return width !== undefined && height !== undefined ? { width, height } : undefined;
}
