/**
 * Command lines for `wia-scan.ps1` (pure). Arguments are an array handed to the process spawner,
 * never a shell string; every value is validated here so the script only sees well-formed input.
 *
 *   powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File <script> list
 *   ... -File <script> caps <deviceId>
 *   ... -File <script> scan <deviceId> <outDir> <flatbed|feeder|duplex> <dpi> <color|gray|lineart> <startIndex> <png|tiff>
 */
import path from 'node:path';
import { StationError } from '../../../../shared/src/errors.ts';
import type { ColorMode, ScanRequest, ScanSource } from '../driver.ts';

export type WiaPageFormat = 'png' | 'tiff';

export interface WiaInvocation {
  file: string;
  args: string[];
}

export interface WiaCommandOptions {
  /** PowerShell executable: `powershell.exe` (Windows PowerShell 5.1, default) or `pwsh`. */
  powershell?: string;
  /** Absolute path of wia-scan.ps1. */
  scriptPath: string;
}

export const MIN_DPI = 50;
export const MAX_DPI = 4800;

const SCRIPT_SOURCE: Record<ScanSource, string> = { flatbed: 'flatbed', adf: 'feeder', 'adf-duplex': 'duplex' };
const MODES: readonly ColorMode[] = ['color', 'gray', 'lineart'];
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Accepts `wia:<id>` as well as the bare WIA DeviceID. */
export function wiaDeviceId(device: string): string {
  const id = device.startsWith('wia:') ? device.slice(4) : device;
  if (id === '' || id.startsWith('-') || CONTROL.test(id) || id.includes('"')) {
    throw new StationError('DEVICE_NOT_FOUND', 'Identificatorul scanerului WIA nu este valid. Alegeți scanerul din listă.', {
      device,
    });
  }
  return id;
}

function base(o: WiaCommandOptions, mode: string): WiaInvocation {
  return {
    file: o.powershell ?? 'powershell.exe',
    args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', o.scriptPath, mode],
  };
}

export function buildWiaListArgs(o: WiaCommandOptions): WiaInvocation {
  return base(o, 'list');
}

export function buildWiaCapsArgs(o: WiaCommandOptions, device: string): WiaInvocation {
  const inv = base(o, 'caps');
  inv.args.push(wiaDeviceId(device));
  return inv;
}

function isAbsoluteAnywhere(p: string): boolean {
  return path.win32.isAbsolute(p) || path.posix.isAbsolute(p);
}

/**
 * The output folder without trailing separators (a trailing backslash before a closing quote is
 * the classic Windows argument-quoting trap), unless it is a root such as `C:\`.
 */
function outDirArg(workDir: string): string {
  if (workDir === '' || CONTROL.test(workDir) || workDir.includes('"') || !isAbsoluteAnywhere(workDir)) {
    throw new StationError('OUTPUT_FAILED', 'Dosarul pentru paginile scanate nu este valid.', { workDir });
  }
  const trimmed = workDir.replace(/[\\/]+$/, '');
  return trimmed === '' || /^[A-Za-z]:$/.test(trimmed) ? workDir : trimmed;
}

export function buildWiaScanArgs(o: WiaCommandOptions, request: ScanRequest, format: WiaPageFormat = 'png'): WiaInvocation {
  const source = SCRIPT_SOURCE[request.source];
  if (!source) {
    throw new StationError('OPTION_INVALID', `Sursa „${String(request.source)}” nu este acceptată. Alegeți flatbed, adf sau adf-duplex.`, {
      source: request.source,
    });
  }
  if (!MODES.includes(request.mode)) {
    throw new StationError('OPTION_INVALID', `Modul de culoare „${String(request.mode)}” nu este acceptat. Alegeți color, gray sau lineart.`, {
      mode: request.mode,
    });
  }
  const dpi = request.resolution;
  if (!Number.isInteger(dpi) || dpi < MIN_DPI || dpi > MAX_DPI) {
    throw new StationError('OPTION_INVALID', `Rezoluția ${String(dpi)} dpi nu este acceptată (între ${MIN_DPI} și ${MAX_DPI} dpi).`, {
      resolution: dpi,
    });
  }
  const startIndex = request.startIndex ?? 1;
  if (!Number.isInteger(startIndex) || startIndex < 1 || startIndex > 99_999_999) {
    throw new StationError('OPTION_INVALID', 'Numărul primei pagini nu este valid.', { startIndex });
  }
  const extra = Object.keys(request.options ?? {});
  if (extra.length > 0) {
    throw new StationError('OPTION_INVALID', `Scanerul WIA nu acceptă opțiunea „${extra[0]}”.`, { options: extra });
  }
  if (format !== 'png' && format !== 'tiff') {
    throw new StationError('CONFIG_INVALID', `Formatul paginilor WIA „${String(format)}” nu este acceptat (png sau tiff).`, { format });
  }
  const inv = base(o, 'scan');
  inv.args.push(wiaDeviceId(request.device), outDirArg(request.workDir), source, String(dpi), request.mode, String(startIndex), format);
  return inv;
}
