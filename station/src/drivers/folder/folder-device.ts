/**
 * The watched folder as a device: `folder:<path>` (or the bare path) names it, the configured folders
 * are the ones listed, its archive is `<watched>/arhiva` unless set, and a scan's `idle-ms` option
 * ends it after that long without activity.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../../shared/src/errors.ts';
import type { ScanDevice, ScanRequest } from '../driver.ts';

/** The folder a device id names, resolved; DEVICE_NOT_FOUND when it is no readable folder. */
export async function resolveFolder(device: string): Promise<string> {
  const root = path.resolve(device.startsWith('folder:') ? device.slice('folder:'.length) : device);
  const st = await stat(root).catch(() => null);
  if (!st?.isDirectory()) {
    throw new StationError('DEVICE_NOT_FOUND', `Dosarul urmărit „${root}” nu există sau nu poate fi citit. Verificați calea și conexiunea la rețea.`, { folder: root });
  }
  return root;
}

/** The configured folders that exist now, as devices. */
export async function folderDevices(folders: readonly string[]): Promise<ScanDevice[]> {
  const devices: ScanDevice[] = [];
  for (const folder of folders) {
    const root = path.resolve(folder);
    const st = await stat(root).catch(() => null);
    if (st?.isDirectory()) devices.push({ id: `folder:${root}`, vendor: '', model: path.basename(root), type: 'watched folder', driver: 'folder' });
  }
  return devices;
}

/** The archive root of the watched folder `root`: `archiveRoot` when set, else `<root>/arhiva`. */
export function archiveRootOf(root: string, archiveRoot: string | undefined): string {
  return path.resolve(archiveRoot ?? path.join(root, 'arhiva'));
}

/** How long a scan may stay idle: the request's `idle-ms` option, else `fallback`; OPTION_INVALID naming the value when it is no number of milliseconds. */
export function idleMsOf(request: ScanRequest, fallback: number | undefined): number | undefined {
  const raw = request.options?.['idle-ms'];
  if (raw === undefined) return fallback;
  const ms = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(ms) || ms < 0) {
    throw new StationError('OPTION_INVALID', `Valoarea „${raw}” pentru idle-ms nu este validă (milisecunde, număr pozitiv).`, { option: 'idle-ms', value: raw });
  }
  return ms;
}
