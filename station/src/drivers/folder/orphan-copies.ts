/**
 * Hand-over copies a crash left behind. The driver copies a page into the batch's work folder
 * before it hands it over; a `kill -9` (or a power cut) between the copy and the consumer's
 * confirmation leaves the copy there while its original stays in the watched folder, outside the
 * ledger, to be handed over again. Before a batch goes on in that work folder, such a copy is
 * removed, so the page is counted once (from its new copy), never twice.
 *
 * A copy is removed only when its original is certainly handed over again: a file in the watched
 * folder with the same bytes whose own key is not in the ledger, matched one copy per original, and
 * whose bytes are not in the ledger either (else it is a duplicate, never handed over). Any other
 * copy — its original archived, gone, or already consumed — is kept: it may be the only one left of
 * that page. The pages the batch has recorded (`keep`) and a crashed copy's `*.part` leftovers are
 * never pages of anything; the latter are removed.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentKey, fileKey, sha256File, type ConsumedLedger, type FileIdentity } from './consumed-ledger.ts';
import { pageFileReason, walkFolder } from './folder-watch.ts';
import { StationError, isStationError } from '../../../../shared/src/errors.ts';
import { diskError } from '../../fs/fs-errors.ts';

const COPY_NAME = /^page-\d{5,}\.(jpg|jpeg|png|tif|tiff|pdf)$/;
const PART_NAME = /^page-\d{5,}\.(jpg|jpeg|png|tif|tiff|pdf)\.part$/;

export interface OrphanCopySweep {
  root: string;
  workDir: string;
  archiveRoot: string;
  recursive: boolean;
  ledger: ConsumedLedger;
  /** Copies never to remove: the pages the consumer has recorded, the ones handed out and not yet confirmed. */
  keep: ReadonlySet<string>;
  /**
   * An original's identity (its hash) as the driver knows it: the driver's own cache, so a file the
   * sweep hashed is not hashed again when the scan judges it; null when it is changing or gone.
   */
  identify: (original: string) => Promise<FileIdentity | null>;
}

/** Removes the copies whose originals will be handed over again; returns the removed paths. */
export async function removeOrphanCopies(o: OrphanCopySweep): Promise<string[]> {
  try {
    return await sweep(o);
  } catch (err) {
    throw diskError(err, { path: o.workDir }) ?? (isStationError(err) ? err : new StationError(
      'OUTPUT_FAILED',
      `Copiile de lucru rămase în „${o.workDir}” nu au putut fi verificate. Reluați lotul; paginile din dosarul urmărit sunt neatinse.`,
      { dir: o.workDir },
      { cause: err },
    ));
  }
}

interface Copy {
  file: string;
  size: number;
  /** Hashed only when an original of its size turns up, once. */
  sha256?: Promise<string>;
  removed?: boolean;
}

async function sweep(o: OrphanCopySweep): Promise<string[]> {
  const names = await readdir(o.workDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => PART_NAME.test(n))) await rm(path.join(o.workDir, name), { force: true });
  const copies: Copy[] = [];
  for (const name of names.filter((n) => COPY_NAME.test(n))) {
    const file = path.join(o.workDir, name);
    if (o.keep.has(file)) continue;
    const st = await stat(file).catch(() => null);
    if (st?.isFile()) copies.push({ file, size: st.size });
  }
  if (copies.length === 0) return [];
  const sizes = new Set(copies.map((c) => c.size));
  const removed: string[] = [];
  // the page files in the watched folder, listed as the watch lists them (archive and work folder left out)
  const originals = (await walkFolder(o.root, { excluded: [o.archiveRoot, o.workDir], recursive: o.recursive })).filter(
    (f) => pageFileReason(path.relative(o.root, f)) === null,
  );
  for (const original of originals) {
    const st = await stat(original).catch(() => null);
    if (!st || !sizes.has(st.size)) continue;
    const identity = await o.identify(original);
    if (!identity) continue; // changing or gone: it is judged again once stable, its copy stays
    const same: Copy[] = [];
    for (const c of copies) {
      if (c.removed || c.size !== identity.size) continue;
      c.sha256 ??= sha256File(c.file);
      if ((await c.sha256) === identity.sha256) same.push(c);
    }
    if (same.length === 0 || (await o.ledger.isConsumed(fileKey(identity)))) continue;
    // bytes already consumed: this original is a duplicate, never handed over; a copy of them may be
    // the only one left of a page confirmed under another name whose journal entry a kill cut short
    if (await o.ledger.isConsumed(contentKey(identity))) continue;
    const copy = same[0]!;
    await rm(copy.file, { force: true });
    copy.removed = true;
    removed.push(copy.file);
  }
  return removed;
}
