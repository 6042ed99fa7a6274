/** Settings, reported events and capabilities of the watched-folder driver. */
import type { Clock } from '../../../../shared/src/clock.ts';
import { FOLDER_DEFAULTS } from './folder-defaults.ts';
import type { ScanCapabilities } from '../driver.ts';
import type { ConsumedLedger } from './consumed-ledger.ts';

/** Structured events for the station's log; none of them stops a scan. */
export type FolderEvent =
  /** The folder is watched: a file written from now on is taken (what a clerk waits for before scanning). */
  | { type: 'watching'; folder: string }
  /** Left out: `reason` a code ('not a page file type', 'too large'); for 'too large', the file's `size` as seen and the `limit` (bytes). */
  | { type: 'ignored'; file: string; reason: string; size?: number; limit?: number }
  | { type: 'incomplete'; file: string; reason: string }
  /** Bytes already consumed under another name: archived, not handed over (the same scan dropped again). */
  | { type: 'duplicate'; file: string; action: 'skipped' }
  | { type: 'recovered'; file: string; archivedTo: string }
  | { type: 'archived'; file: string; archivedTo: string }
  | { type: 'archive-failed'; file: string; error: string }
  | { type: 'changed-after-yield'; file: string }
  /** A copy in the work folder a crash left unconfirmed, removed: its original is handed over again. */
  | { type: 'orphan-copy-removed'; file: string }
  | { type: 'watch-error'; error: string };

export interface FolderDriverOptions {
  ledger: ConsumedLedger;
  /** Folders offered by listDevices(). */
  folders?: string[];
  /** How long size and mtime must stay unchanged (default: the config's `folder.quietMs`, 1500 ms). */
  quietMs?: number;
  /**
   * The shorter quiet period for a single-image JPEG or PNG whose structure is already complete
   * (start and end markers in place): it cannot grow into more pages (default: the config's
   * `folder.quickQuietMs`, 200 ms; capped by quietMs).
   * Multi-page TIFF and PDF, which scanners may still be appending to, always wait `quietMs`.
   */
  quickQuietMs?: number;
  /** Re-stat period (default 250 ms). */
  pollMs?: number;
  /** Safety listing period for folders that send no notifications (default 10 s; 0 = off). */
  rescanMs?: number;
  /** End the scan after this long without activity (default: run until aborted). Per scan: option `idle-ms`. */
  idleMs?: number;
  /** Archive root; the day's folder goes under it (default `<watched>/arhiva`). */
  archiveRoot?: string;
  /** Watch sub-folders too (default false). */
  recursive?: boolean;
  /** Poll the file system instead of relying on notifications (network mounts). */
  usePolling?: boolean;
  /**
   * The largest file taken (default: the config's `folder.maxFileMb`, 512, given there in MB, 1..2047): it
   * is read whole into memory to be hashed and copied, and Node reads no file over 2 GiB at all. A larger
   * one is left in the folder and reported once ('ignored').
   */
  maxFileBytes?: number;
  /** Clock for the archive's day folder. */
  now?: () => Date;
  /** What the quiet, idle, polling and rescan periods are measured on (default: the system clock). */
  clock?: Clock;
  onEvent?: (event: FolderEvent) => void;
}

/**
 * The periods and the size limit the station's config sets (`folder.*`) default to the config's own
 * defaults, the one place they are written; maxFileBytes: a 300 dpi colour page is about 1 MB
 * (escl-http.ts), so hundreds of pages in one PDF or TIFF.
 */
export const DEFAULTS = {
  quietMs: FOLDER_DEFAULTS.quietMs,
  quickQuietMs: FOLDER_DEFAULTS.quickQuietMs,
  pollMs: 250,
  rescanMs: 10_000,
  maxFileBytes: FOLDER_DEFAULTS.maxFileMb * 1048576,
} as const;

/** What the watched folder offers: the scanner's own panel decides source, mode and resolution; idle-ms ends a scan. */
export const FOLDER_CAPABILITIES: ScanCapabilities = {
  sources: ['adf', 'adf-duplex', 'flatbed'],
  sourceNames: {},
  resolutions: [],
  modes: ['color', 'gray', 'lineart'],
  modeNames: {},
  duplex: true,
  options: [{ name: 'idle-ms', kind: 'number', range: { min: 0, max: 86_400_000 }, unit: 'ms' }],
};
