/**
 * What the clerk must hear about the watched folder while a batch runs: a file whose content was
 * already taken into a batch, dropped in again, is not taken twice — and is named, not archived in
 * silence (a batch of such files would otherwise end with 0 pages and no word). `collectFolderWarnings`
 * is what `station scan` and the web app's scan runner both do with them.
 */
import path from 'node:path';
import type { FolderEvent } from '../drivers/folder/folder-driver-options.ts';
import { SKIPPED_FILE_ADVICE } from '../inputs/expand-inputs.ts';

export interface ScanWarning {
  code: string;
  message: string;
  file: string;
}

function folderEventWarning(e: FolderEvent): ScanWarning | null {
  if (e.type === 'duplicate' && e.action === 'skipped') {
    return {
      code: 'FILE_ALREADY_TAKEN',
      file: e.file,
      message: `Fișierul „${path.basename(e.file)}” a fost deja preluat într-un lot (același conținut); nu a fost preluat din nou și a fost mutat în arhivă.`,
    };
  }
  // hidden and temporary files (a scanner's half-written page) are left out silently, as documented
  if (e.type === 'ignored' && e.reason === 'not a page file type') {
    return { code: 'INPUT_SKIPPED', file: e.file, message: `Fișierul „${path.basename(e.file)}” din dosarul urmărit nu este o imagine sau un PDF și nu a fost preluat. ${SKIPPED_FILE_ADVICE}` };
  }
  // a file too large to take (said once, even while it still grows): named with the limit, as eSCL says a page too large
  if (e.type === 'ignored' && e.reason === 'too large' && e.limit !== undefined) {
    return {
      code: 'INPUT_SKIPPED',
      file: e.file,
      message: `Fișierul „${path.basename(e.file)}” din dosarul urmărit este prea mare (peste ${Math.round(e.limit / 1048576)} MB) și nu a fost preluat. Scanați-l în mai multe fișiere sau la o rezoluție mai mică.`,
    };
  }
  return null;
}

/** A batch's folder warnings: `onFolderEvent` for the driver keeps each in `warnings` (for the summary) and says it (`say`) as it comes. */
export function collectFolderWarnings(say: (w: ScanWarning) => void): {
  warnings: Array<{ code: string; message: string }>;
  onFolderEvent: (e: FolderEvent) => void;
} {
  const warnings: Array<{ code: string; message: string }> = [];
  return {
    warnings,
    onFolderEvent: (e) => {
      const w = folderEventWarning(e);
      if (!w) return;
      warnings.push({ code: w.code, message: w.message });
      say(w);
    },
  };
}
