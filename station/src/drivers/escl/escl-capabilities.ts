/**
 * eSCL capabilities in the station's terms, and a scan request checked against them and turned into
 * the job's ScanSettings (the scanner's own JPEG asked for whenever it offers one).
 */
import { StationError } from '../../../../shared/src/errors.ts';
import type { ColorMode, ScanCapabilities, ScanRequest, ScanSource } from '../driver.ts';
import { ESCL_MODES, type EsclCapabilities, type ScanSettings } from './escl-xml.ts';

const SOURCE_ORDER: ScanSource[] = ['adf', 'adf-duplex', 'flatbed'];
const SOURCE_NAMES: Record<ScanSource, string> = { adf: 'Feeder', 'adf-duplex': 'Feeder (Duplex)', flatbed: 'Platen' };
const MODE_ORDER: ColorMode[] = ['color', 'gray', 'lineart'];
/** Page formats in order of preference: the scanner's JPEG untouched first. */
const FORMATS = ['image/jpeg', 'image/png', 'application/pdf', 'image/tiff'];
/** A4 in 1/300 inch: the area asked for, unless the scanner's largest is smaller. */
const A4 = { width: 2480, height: 3508 };

export function toScanCapabilities(caps: EsclCapabilities): ScanCapabilities {
  const sources = SOURCE_ORDER.filter((s) => caps.inputs[s]);
  const all = sources.map((s) => caps.inputs[s]!);
  const modes = MODE_ORDER.filter((m) => all.some((i) => i.colorModes.includes(ESCL_MODES[m])));
  const resolutions = [...new Set(all.flatMap((i) => i.resolutions))].sort((a, b) => a - b);
  const widest = Math.max(...all.map((i) => i.maxWidth));
  const tallest = Math.max(...all.map((i) => i.maxHeight));
  return {
    sources,
    sourceNames: Object.fromEntries(sources.map((s) => [s, SOURCE_NAMES[s]])),
    resolutions,
    modes,
    modeNames: Object.fromEntries(modes.map((m) => [m, ESCL_MODES[m]])),
    duplex: sources.includes('adf-duplex'),
    ...(widest > 0 && tallest > 0 ? { maxAreaMm: { width: toMm(widest), height: toMm(tallest) } } : {}),
    options: [],
  };
}

function toMm(threeHundredths: number): number {
  return Math.round((threeHundredths / 300) * 25.4);
}

/** The job's settings for `request`, or OPTION_INVALID naming what the scanner does not offer. */
export function scanSettingsFor(request: ScanRequest, caps: EsclCapabilities): ScanSettings {
  const unknown = Object.keys(request.options)[0];
  if (unknown !== undefined) {
    throw new StationError('OPTION_INVALID', `Opțiunea „${unknown}” nu există pentru scanerele eSCL (AirScan).`, { option: unknown, device: request.device });
  }
  const input = caps.inputs[request.source];
  if (!input) {
    const offered = SOURCE_ORDER.filter((s) => caps.inputs[s]).join(', ');
    throw new StationError('OPTION_INVALID', `Scanerul nu are sursa „${request.source}”; are: ${offered}.`, { option: 'source', value: request.source, device: request.device });
  }
  const colorMode = ESCL_MODES[request.mode];
  if (!input.colorModes.includes(colorMode)) {
    throw new StationError('OPTION_INVALID', `Scanerul nu scanează în modul „${request.mode}” de la sursa „${request.source}”.`, { option: 'mode', value: request.mode, device: request.device });
  }
  if (!input.resolutions.includes(request.resolution)) {
    throw new StationError('OPTION_INVALID', `Scanerul nu scanează la ${request.resolution} dpi; rezoluții posibile: ${input.resolutions.join(', ')} dpi.`, {
      option: 'resolution',
      value: request.resolution,
      device: request.device,
    });
  }
  const format = FORMATS.find((f) => input.formats.includes(f));
  if (!format) {
    throw new StationError('OPTION_INVALID', 'Scanerul nu trimite paginile în niciun format pe care stația îl citește (JPEG, PNG, PDF, TIFF).', { option: 'format', offered: input.formats, device: request.device });
  }
  return {
    version: caps.version,
    source: request.source,
    colorMode,
    resolution: request.resolution,
    format,
    width: input.maxWidth > 0 ? Math.min(A4.width, input.maxWidth) : A4.width,
    height: input.maxHeight > 0 ? Math.min(A4.height, input.maxHeight) : A4.height,
  };
}
