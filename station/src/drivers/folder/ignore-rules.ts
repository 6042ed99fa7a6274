/**
 * Which names in a watched folder are never pages (pure).
 * Scanners and file-copy tools write under temporary names and rename when done; office and NAS
 * systems drop their own bookkeeping files. All of those are ignored, at any folder depth.
 */

/** Page files the pipeline can expand. Multi-page TIFF and PDF are taken as one file. */
export const PAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.pdf'] as const;

const TEMP_SUFFIXES = ['.tmp', '.temp', '.part', '.partial', '.crdownload', '.download', '.filepart', '.swp'];
const SYSTEM_NAMES = new Set(['thumbs.db', 'desktop.ini', '$recycle.bin', 'system volume information', '@eadir', '#recycle']);

/** Why a single name (no folder part) is not a page candidate, or null when it may be one. */
export function ignoredNameReason(name: string): 'hidden' | 'temporary' | 'system' | null {
  const lower = name.toLowerCase();
  if (name.startsWith('.')) return 'hidden';
  if (name.startsWith('~$')) return 'temporary';
  if (TEMP_SUFFIXES.some((s) => lower.endsWith(s))) return 'temporary';
  if (SYSTEM_NAMES.has(lower)) return 'system';
  return null;
}

/** True when any segment of a relative path (`sub/dir/name.pdf`, either separator) is ignored. */
export function isIgnoredPath(relativePath: string): boolean {
  return relativePath
    .split(/[\\/]+/)
    .filter((s) => s !== '' && s !== '.')
    .some((segment) => ignoredNameReason(segment) !== null);
}

export function pageExtension(name: string): (typeof PAGE_EXTENSIONS)[number] | null {
  const lower = name.toLowerCase();
  return PAGE_EXTENSIONS.find((ext) => lower.endsWith(ext)) ?? null;
}
