/**
 * Hand-over copies a crash left behind. The driver copies a page into the batch's work folder
 * before it hands it over; a `kill -9` (or a power cut) between the copy and the consumer's
 * confirmation leaves the copy there while its original stays in the watched folder, outside the
 * ledger, to be handed over again — by this batch when it goes on, or by another batch started on
 * the folder meanwhile. Before a batch goes on in that work folder, such a copy is removed, so the
 * page is counted once, never twice; a copy that may be the only one left of its page is kept.
 *
 * The ledger names each copy the driver made and each one a consumer took (consumed-ledger.ts: its
 * made and confirmed keys; a stat, no hashing):
 *   - confirmed: kept (a page taken; the batch's journal entry for it may be what the kill cut short);
 *   - made, never confirmed: nobody took the page from it. Removed when its bytes are consumed (taken
 *     from another copy — another batch took the original, or the same scan under another name) or
 *     its original waits in the folder to be handed over again; kept when neither (its original
 *     left the folder untaken: the copy is all that is left of the page);
 *   - neither (made before these keys existed, or its inode changed since: a data folder copied to
 *     another disk; a confirmed copy may be one of them): removed only when an original with its bytes
 *     waits, its own key and its bytes both outside the ledger; kept otherwise — a page possibly
 *     counted twice (the original taken by another batch since) rather than a page possibly lost.
 * Only the copies that are neither kept nor confirmed are hashed, and an original only when such a
 * copy has its size. The pages the batch has recorded (`keep`) are never touched; a crashed copy's
 * `*.part` leftovers are never pages of anything, and are removed.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { sha256File } from '../../fs/sha256.ts';
import { contentKey, copyConfirmedKey, copyMadeKey, fileKey, type ConsumedLedger, type FileIdentity } from './consumed-ledger.ts';
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
  /** The ledger holds its made key: a copy the driver made that no consumer took. */
  made: boolean;
  /** Hashed only when needed, once. */
  sha256?: Promise<string>;
  removed?: boolean;
}

async function sweep(o: OrphanCopySweep): Promise<string[]> {
  const names = await readdir(o.workDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => PART_NAME.test(n))) await rm(path.join(o.workDir, name), { force: true });
  const copies: Copy[] = [];
  const removed: string[] = [];
  const remove = async (c: Copy) => {
    await rm(c.file, { force: true });
    c.removed = true;
    removed.push(c.file);
  };
  for (const name of names.filter((n) => COPY_NAME.test(n))) {
    const file = path.join(o.workDir, name);
    if (o.keep.has(file)) continue;
    const st = await stat(file, { bigint: true }).catch(() => null);
    if (!st?.isFile()) continue;
    const stamp = { ino: st.ino, mtimeNs: st.mtimeNs };
    if (await o.ledger.isConsumed(copyConfirmedKey(file, stamp))) continue; // a page taken
    const copy: Copy = { file, size: Number(st.size), made: await o.ledger.isConsumed(copyMadeKey(file, stamp)) };
    if (copy.made) {
      copy.sha256 = sha256File(file);
      // its bytes were taken from another copy: this one, never taken, would count the page twice
      if (await o.ledger.isConsumed(contentKey({ sha256: await copy.sha256 }))) {
        await remove(copy);
        continue;
      }
    }
    copies.push(copy);
  }
  if (copies.length === 0) return removed;
  const sizes = new Set(copies.map((c) => c.size));
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
    // bytes already consumed: this original is a duplicate, never handed over; a copy of them not
    // known as made may be the only one left of a page confirmed under another name
    if (await o.ledger.isConsumed(contentKey(identity))) continue;
    await remove(same.find((c) => c.made) ?? same[0]!);
  }
  return removed;
}
