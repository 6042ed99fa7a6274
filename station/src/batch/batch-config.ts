/**
 * The station configuration a batch runs with: the station's own, with the settings chosen for
 * this batch (the web form, or those kept in the journal for a resume) in place of the defaults.
 */
import type { StorageMode } from '../../../shared/src/split-summary.ts';
import type { StationConfig } from '../config.ts';
import type { Separation } from '../split/splitter.ts';

export interface BatchChoices {
  /** How a document starts; default: the station config's. */
  separation?: Separation;
  /** How the pages are stored (original, auto, auto-bitonal); default: the station config's. */
  storage?: StorageMode;
}

export function batchConfig(cfg: StationConfig, choices: BatchChoices): StationConfig {
  if (!choices.separation && !choices.storage) return cfg;
  return { ...cfg, ...(choices.separation ? { separation: choices.separation } : {}), ...(choices.storage ? { storage: choices.storage } : {}) };
}
