/**
 * What the clerk must hear about the watched folder while a batch runs: a file whose content was
 * already taken into a batch, dropped in again, is not taken twice — and is named, not archived in
 * silence (a batch of such files would otherwise end with 0 pages and no word). `collectFolderWarnings`
 * is what `station scan` and the web app's scan runner both do with them.
 */
import path from 'node:path';
import type { FolderEvent } from '../drivers/folder/folder-driver-options.ts';
import { StationError, isStationError } from '../../../shared/src/errors.ts';
import { sameWarning } from '../../../shared/src/summary-warnings.ts';
import { stationErrorFromFs } from '../fs/fs-errors.ts';
import { SKIPPED_FILE_ADVICE } from '../inputs/expand-inputs.ts';

export interface ScanWarning {
  code: string;
  message: string;
  file: string;
}

/** `standing`: the file stays in the watched folder (not taken, not archived), each run of the batch names it again. */
function folderEventWarning(e: FolderEvent): (ScanWarning & { standing?: boolean }) | null {
  if (e.type === 'duplicate' && e.action === 'skipped') {
    return {
      code: 'FILE_ALREADY_TAKEN',
      file: e.file,
      message: `Fișierul „${path.basename(e.file)}” a fost deja preluat într-un lot (același conținut); nu a fost preluat din nou și a fost mutat în arhivă.`,
    };
  }
  // hidden and temporary files (a scanner's half-written page) are left out silently, as documented
  if (e.type === 'ignored' && e.reason === 'not a page file type') {
    return { code: 'INPUT_SKIPPED', file: e.file, standing: true, message: `Fișierul „${path.basename(e.file)}” din dosarul urmărit nu este o imagine sau un PDF și nu a fost preluat. ${SKIPPED_FILE_ADVICE}` };
  }
  // a file too large to take (said once, even while it still grows): named with the limit, as eSCL says a page too large
  if (e.type === 'ignored' && e.reason === 'too large' && e.limit !== undefined) {
    return {
      code: 'INPUT_SKIPPED',
      file: e.file,
      standing: true,
      message: `Fișierul „${path.basename(e.file)}” din dosarul urmărit este prea mare (peste ${Math.round(e.limit / 1048576)} MB) și nu a fost preluat. Scanați-l în mai multe fișiere sau la o rezoluție mai mică.`,
    };
  }
  return null;
}

export type BatchWarning = { code: string; message: string };
/** A warning as added and kept in the journal: with the file it names, when it names one. */
type FileWarning = BatchWarning & { file?: string; standing?: boolean };

/**
 * A scan batch's warnings over its whole life: a paused batch resumed ends with those of its earlier
 * runs too. Within a run each warning the driver reports is its own (it names a file once, and a new
 * file reusing a name anew); a resumed run leaves out only an earlier run's warning said again for the
 * same file, still in the folder (`standing`). Kept in the journal as they come, once the batch is
 * there (`attach`): a crash or a pause loses none.
 */
export class ScanWarnings {
  /** In order; the summary reads this very array when the batch ends. */
  readonly list: BatchWarning[] = [];
  /** This run's warnings added before the batch was in the journal (`attach` keeps them). */
  private early: FileWarning[] = [];
  /** Earlier runs' warnings this run has not said again yet. */
  private earlier: FileWarning[] = [];
  private keep: ((w: FileWarning) => void) | null = null;
  private journalFile: string | undefined;
  /** Said and in `list`, not yet in the journal (it refused them): tried again with the next warning. */
  private readonly unsaved: FileWarning[] = [];
  private refused: unknown = null;

  /** `sayEarlier`: told the earlier runs' warnings when the batch is attached (a resumed batch). */
  constructor(private readonly sayEarlier?: (w: BatchWarning) => void) {}

  /**
   * Why the journal could not keep a warning (a full disk: DISK_FULL naming the journal), or null.
   * `add` runs inside the folder driver's events, where a throw would end the whole station: the
   * scan session throws this instead, after a page, so the batch stops resumable and nothing is lost.
   */
  get failure(): unknown {
    return this.refused;
  }

  /** False when it is an earlier run's warning said again for the same file (the batch has it already). */
  add(w: FileWarning): boolean {
    if (w.standing && this.saidBefore(w)) return false;
    this.list.push({ code: w.code, message: w.message });
    const kept = { code: w.code, message: w.message, ...(w.file !== undefined ? { file: w.file } : {}) };
    if (this.keep) this.save(kept);
    else this.early.push({ ...kept, standing: w.standing });
    return true;
  }

  /**
   * The batch is in the journal: its earlier runs' warnings come first, then this run's, each kept with `keep` from now on.
   * `journalFile`: the journal's path, named when it refuses one (a full disk).
   */
  attach(earlier: readonly FileWarning[], keep: (w: FileWarning) => void, journalFile?: string): void {
    this.list.splice(0);
    const early = this.early.splice(0);
    for (const w of earlier) {
      this.list.push({ code: w.code, message: w.message });
      this.sayEarlier?.(w);
    }
    this.earlier = [...earlier];
    this.keep = keep;
    this.journalFile = journalFile;
    for (const w of early) this.add(w);
  }

  /** An earlier run's warning of the same file (one kept before files were known: of the same words), taken once. */
  private saidBefore(w: FileWarning): boolean {
    const i = this.earlier.findIndex((e) => sameWarning(e, w) && (e.file === undefined || e.file === w.file));
    if (i < 0) return false;
    this.earlier.splice(i, 1);
    return true;
  }

  /** Keeps `w` after those refused before it, in order; a refusal is kept as `failure`, never thrown. */
  private save(w: FileWarning): void {
    this.unsaved.push(w);
    while (this.unsaved.length > 0 && this.keep) {
      try {
        this.keep(this.unsaved[0]!);
        this.unsaved.shift();
      } catch (err) {
        this.refused ??= journalRefused(err, this.journalFile);
        return;
      }
    }
  }
}

/** The journal's refusal as the clerk reads it: the disk's own code (DISK_FULL …) and words, naming the journal. */
function journalRefused(err: unknown, journalFile: string | undefined): unknown {
  const e = stationErrorFromFs(err);
  if (!isStationError(e)) return e;
  const where = journalFile ? ` („${journalFile}”)` : '';
  return new StationError(e.code, `Jurnalul stației${where} nu a putut păstra avertismentele lotului. ${e.message}`, { ...e.details, ...(journalFile ? { journal: journalFile } : {}) }, { cause: err });
}

/**
 * A batch's folder warnings: `onFolderEvent` for the driver keeps each in `warnings` (for the
 * summary) and says it (`say`) as it comes (an earlier run's said again for the same file: neither). `sayEarlier`: a resumed batch also says those of
 * its earlier runs when it starts (the web app's scan page lists the batch's, not only the run's).
 */
export function collectFolderWarnings(say: (w: ScanWarning | BatchWarning) => void, o: { sayEarlier?: boolean } = {}): {
  warnings: ScanWarnings;
  onFolderEvent: (e: FolderEvent) => void;
} {
  const warnings = new ScanWarnings(o.sayEarlier ? say : undefined);
  return {
    warnings,
    onFolderEvent: (e) => {
      const w = folderEventWarning(e);
      if (!w || !warnings.add(w)) return;
      const { standing: _standing, ...said } = w;
      say(said);
    },
  };
}
