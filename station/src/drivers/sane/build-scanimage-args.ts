/**
 * The scanimage command line for one scan() call (pure):
 *
 *   -d <device> --source=<name> --mode=<name> --resolution=<dpi> [device options]
 *   --format=pnm|tiff --batch=<workDir>/page-%05d.<ext> --batch-print --batch-start=<n> [--batch-count=1]
 *
 * Facts it encodes: pages are written as PNM or TIFF only (a batch PDF is unfinished when a batch
 * stops; PNG and JPEG fail on pages of unknown length); a flatbed batch without a count never ends;
 * the source comes first, because some backends reset mode and resolution when it changes.
 */
import path from 'node:path';
import { StationError } from '../../../../shared/src/errors.ts';
import type { ColorMode, ScanCapabilities, ScanRequest, ScanSource } from '../driver.ts';
import { checkDeviceOption, deviceOptionArgs } from './check-device-option.ts';
import type { SaneOption } from './parse-scanimage-options.ts';
import { duplexOption } from './sane-capabilities.ts';

export type PageFormat = 'pnm' | 'tiff';

export const SOURCE_LABELS: Record<ScanSource, string> = {
  flatbed: 'platou (flatbed)',
  adf: 'alimentator (ADF)',
  'adf-duplex': 'alimentator față-verso (ADF duplex)',
};

export const MODE_LABELS: Record<ColorMode, string> = {
  color: 'color',
  gray: 'tonuri de gri',
  lineart: 'alb-negru',
};

const RESERVED: Record<string, string> = {
  source: 'sursa se alege cu --source (adf, adf-duplex sau flatbed)',
  mode: 'modul se alege cu --mode (color, gray sau lineart)',
  resolution: 'rezoluția se alege cu --resolution',
};

const EXTENSIONS: Record<PageFormat, string> = { pnm: 'pnm', tiff: 'tif' };

/** The `--batch` pattern: absolute, with any `%` of the folder name escaped for scanimage's printf. */
export function batchPattern(workDir: string, format: PageFormat = 'pnm'): string {
  return path.join(path.resolve(workDir).replaceAll('%', '%%'), `page-%05d.${EXTENSIONS[format]}`);
}

export function buildScanimageArgs(request: ScanRequest, caps: ScanCapabilities, format: PageFormat = 'pnm'): string[] {
  const invalid = (message: string, details: Record<string, unknown> = {}) =>
    new StationError('OPTION_INVALID', message, { device: request.device, ...details });
  const options = caps.options as SaneOption[];
  const args = ['-d', request.device];

  // source
  if (!caps.sources.includes(request.source)) {
    const offered = caps.sources.map((s) => SOURCE_LABELS[s]).join(', ') || 'niciuna';
    throw invalid(`Scanerul nu poate scana din ${SOURCE_LABELS[request.source]}. Surse disponibile: ${offered}.`, { source: request.source });
  }
  const sourceName = caps.sourceNames[request.source];
  if (sourceName !== undefined) args.push(`--source=${sourceName}`);
  const duplexSwitch = duplexOption(options);
  const duplexBySwitch = request.source === 'adf-duplex' && duplexSwitch !== undefined && sourceName === caps.sourceNames.adf;
  if (duplexBySwitch) {
    const on = duplexSwitch.kind === 'bool' ? 'yes' : duplexSwitch.values!.find((v) => /duplex/i.test(v))!;
    args.push(...deviceOptionArgs(duplexSwitch.name, on));
  }

  // mode: a device without a mode option scans in its one fixed mode
  if (caps.modes.length > 0) {
    const modeName = caps.modeNames[request.mode];
    if (!caps.modes.includes(request.mode) || modeName === undefined) {
      const offered = caps.modes.map((m) => MODE_LABELS[m]).join(', ');
      throw invalid(`Scanerul nu poate scana în modul ${MODE_LABELS[request.mode]}. Moduri disponibile: ${offered}.`, { mode: request.mode });
    }
    args.push(`--mode=${modeName}`);
  }

  // resolution
  const resolution = options.find((o) => o.name === 'resolution');
  if (!Number.isInteger(request.resolution) || request.resolution <= 0) {
    throw invalid(`Rezoluția trebuie să fie un număr întreg de puncte pe inch (dpi), nu „${request.resolution}”.`, { resolution: request.resolution });
  }
  if (resolution) {
    const dpi = String(request.resolution);
    try {
      checkDeviceOption({ ...resolution, values: resolution.values?.filter((v) => v !== 'auto') }, dpi);
    } catch {
      const offered = caps.resolutions.length ? ` Rezoluții obișnuite acceptate: ${caps.resolutions.join(', ')} dpi.` : '';
      throw invalid(`Scanerul nu acceptă rezoluția de ${dpi} dpi.${offered}`, { resolution: request.resolution });
    }
    args.push(`--resolution=${dpi}`);
  }

  // device options passed through
  for (const [rawName, value] of Object.entries(request.options)) {
    const name = rawName.replace(/^-+/, '');
    if (RESERVED[name]) throw invalid(`Opțiunea „${name}” nu se dă prin --option: ${RESERVED[name]}.`, { option: name });
    if (duplexBySwitch && name === duplexSwitch.name) {
      throw invalid(`Opțiunea „${name}” nu se dă prin --option: scanarea față-verso se alege cu --source adf-duplex.`, { option: name });
    }
    const option = options.find((o) => o.name === name);
    if (!option) throw invalid(`Scanerul nu are opțiunea „${name}”. Verificați numele în lista de opțiuni a scanerului.`, { option: name });
    args.push(...deviceOptionArgs(name, checkDeviceOption(option, value)));
  }

  // batch output
  const start = request.startIndex ?? 1;
  if (!Number.isInteger(start) || start < 1) throw invalid(`Numărul primei pagini trebuie să fie cel puțin 1, nu „${start}”.`, { startIndex: start });
  args.push(`--format=${format}`, `--batch=${batchPattern(request.workDir, format)}`, '--batch-print', `--batch-start=${start}`);
  if (request.source === 'flatbed') args.push('--batch-count=1');
  return args;
}
