/**
 * The watched-folder driver's defaults: the config schema's `folder` defaults (config.ts imports them)
 * and the driver's own, kept here so the driver never imports config.ts (and with it the barcode reader).
 */
export interface FolderConfig {
  /** How long a file must stay unchanged before it is taken (ms). */
  quietMs: number;
  /** The same for a single JPEG/PNG whose start and end markers are in place (ms). */
  quickQuietMs: number;
  /** Poll the folder instead of waiting for notifications (network shares that send none). */
  usePolling: boolean;
  /** Where consumed files go ('' = `<watched folder>/arhiva`); a day folder is made under it. */
  archiveDir: string;
  /** The watched folders offered to the clerk (`station devices --driver folder`, the web app's scan page). */
  watched: string[];
  /** The largest file taken (MB); a larger one is left in the folder and named to the clerk (Node reads no file over 2 GiB). */
  maxFileMb: number;
}

export const FOLDER_DEFAULTS: Readonly<FolderConfig> = Object.freeze({ quietMs: 1500, quickQuietMs: 200, usePolling: false, archiveDir: '', watched: [], maxFileMb: 512 });
