/**
 * What a paused or interrupted scan batch needs to go on, read back from its journal row: the
 * batch settings, the scanner request and the driver it was started with.
 */
import { StationError } from '../../../shared/src/errors.ts';
import type { ColorMode, ScanSource } from '../drivers/driver.ts';
import { defaultDriverName } from '../drivers/registry.ts';
import type { BatchRow } from '../journal/batch-journal.ts';
import type { BatchChoices } from '../batch/batch-config.ts';
import type { ScanBatchSettings } from './scan-session.ts';

export interface SavedScanRequest {
  device?: string;
  source?: ScanSource;
  resolution?: number;
  mode?: ColorMode;
  options?: Record<string, string>;
}

export interface ResumeSettings {
  batch: ScanBatchSettings;
  request: SavedScanRequest;
  /** The driver the batch was begun with (the platform's scanner driver for a batch journalled without one). */
  driver: string;
}

/**
 * A batch goes on split and stored as it was begun (its pages so far were): another separation or
 * storage asked for on resume is refused, naming both; the same one, or none, is fine.
 */
export function refuseOtherChoices(saved: ResumeSettings, asked: BatchChoices): void {
  for (const key of ['separation', 'storage'] as const) {
    const was = saved.batch[key];
    if (was && asked[key] !== undefined && asked[key] !== was) {
      throw new StationError('USAGE', `Lotul ${saved.batch.batchId} a fost început cu --${key} ${was}; continuați-l fără --${key} sau cu aceeași valoare.`, { batchId: saved.batch.batchId, [key]: was });
    }
  }
}

export function resumeSettings(row: BatchRow | null, batchId: string): ResumeSettings {
  if (!row || row.kind !== 'scan') throw new StationError('BATCH_NOT_FOUND', `Lotul ${batchId} nu există în jurnalul stației.`, { batchId });
  if (row.status === 'completed') throw new StationError('USAGE', `Lotul ${batchId} este deja încheiat.`, { batchId });
  const o = row.options as { duplex: boolean; removeBlank: boolean; genericSeparators: string[]; driver?: string; request?: SavedScanRequest; borderouFile?: string; separation?: BatchChoices['separation']; storage?: BatchChoices['storage'] };
  return {
    // the separation and the storage too: the batch goes on as it was begun (as `station scan --resume` does);
    // a batch journalled before the storage was kept has none: the station's configuration decides
    batch: { batchId, outDir: row.outDir, duplex: o.duplex, removeBlank: o.removeBlank, genericSeparators: o.genericSeparators, borderouFile: o.borderouFile, ...(o.separation ? { separation: o.separation } : {}), ...(o.storage ? { storage: o.storage } : {}) },
    request: o.request ?? {},
    driver: o.driver ?? defaultDriverName(),
  };
}
