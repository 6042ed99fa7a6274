/** The one switch from a driver name to a ScanDriver. */
import type { Logger } from 'pino';
import { StationError } from '../../../shared/src/errors.ts';
import type { StationConfig } from '../config.ts';
import type { ConsumedLedger } from './folder/consumed-ledger.ts';
import type { ScanDriver } from './driver.ts';
import type { EsclScannerEntry } from './escl/escl-scanner-entry.ts';

export type DriverName = 'sane' | 'wia' | 'escl' | 'folder';
export const DRIVER_NAMES: readonly DriverName[] = ['sane', 'wia', 'escl', 'folder'];

export interface DriverDeps {
  env: NodeJS.ProcessEnv;
  dataDir: string;
  log: Logger;
  /** For the watched folder: which files were already consumed (the station journal). */
  ledger?: ConsumedLedger;
  /** The watched folder's settings from the station config. */
  folder?: StationConfig['folder'];
  /** The eSCL (AirScan) scanners' addresses from the station config. */
  escl?: { scanners: EsclScannerEntry[]; discover?: boolean };
  /** Also sees the watched folder's events (the scan tells the clerk about files it did not take). */
  onFolderEvent?: (e: import('./folder/folder-driver-options.ts').FolderEvent) => void;
}

export function defaultDriverName(platform = process.platform): DriverName {
  return platform === 'win32' ? 'wia' : 'sane';
}

export async function createDriver(name: string, deps: DriverDeps): Promise<ScanDriver> {
  switch (name) {
    case 'sane': {
      const { SaneDriver } = await import('./sane/sane-driver.ts');
      return new SaneDriver({ env: { SANE_CONFIG_DIR: deps.env.SANE_CONFIG_DIR } });
    }
    case 'wia': {
      const { WiaDriver } = await import('./wia/wia-driver.ts');
      return new WiaDriver({});
    }
    case 'escl': {
      const { EsclDriver } = await import('./escl/escl-driver.ts');
      return new EsclDriver({ scanners: deps.escl?.scanners ?? [], discover: deps.escl?.discover ?? false, log: deps.log });
    }
    case 'folder': {
      if (!deps.ledger) throw new StationError('INTERNAL', 'Dosarul urmărit are nevoie de jurnalul stației.');
      const { FolderDriver } = await import('./folder/folder-driver.ts');
      const log = deps.log;
      const f = deps.folder;
      return new FolderDriver({
        ledger: deps.ledger,
        idleMs: undefined,
        ...(f ? { quietMs: f.quietMs, quickQuietMs: f.quickQuietMs, usePolling: f.usePolling, archiveRoot: f.archiveDir || undefined, folders: f.watched, maxFileBytes: f.maxFileMb * 1048576 } : {}),
        onEvent: (e) => {
          log.info({ folderEvent: e }, 'watched folder');
          deps.onFolderEvent?.(e);
        },
      });
    }
    default:
      throw new StationError('USAGE', `Driverul „${name}” nu există; folosiți ${DRIVER_NAMES.join(', ')}.`);
  }
}
