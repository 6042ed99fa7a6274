/**
 * Hand-over copies a crash left behind. The driver copies a page into the batch's work folder
 * before it hands it over; a `kill -9` (or a power cut) between the copy and the consumer's
 * confirmation leaves the copy there while its original stays in the watched folder, outside the
 * ledger, to be handed over again. Before a batch goes on in that work folder, such a copy is
 * removed, so the page is counted once (from its new copy), never twice.
 *
 * A copy is removed only when its original is certainly handed over again: a file in the watched
 * folder with the same bytes whose own key is not in the ledger (and whose bytes are not, unless
 * duplicates are yielded), matched one copy per original. Any other copy — its original archived,
 * gone, or already consumed — is kept: it may be the only one left of that page. The pages the
 * batch has recorded (`keep`) and a crashed copy's `*.part` leftovers are never pages of
 * anything; the latter are removed.
 */
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { contentKey, describeFile, fileKey, sha256File, type ConsumedLedger } from './consumed-ledger.ts';
import { isInside } from './folder-watch.ts';
import { StationError, isStationError } from '../../../../shared/src/errors.ts';
import { diskError } from '../../fs/fs-errors.ts';
import { ignoredNameReason, pageExtension } from './ignore-rules.ts';

const COPY_NAME = /^page-\d{5,}\.(jpg|jpeg|png|tif|tiff|pdf)$/;
const PART_NAME = /^page-\d{5,}\.(jpg|jpeg|png|tif|tiff|pdf)\.part$/;

export interface OrphanCopySweep {
  root: string;
  workDir: string;
  archiveRoot: string;
  recursive: boolean;
  duplicates: 'skip' | 'yield';
  ledger: ConsumedLedger;
  /** Copies never to remove: the pages the consumer has recorded, the ones handed out and not yet confirmed. */
  keep: ReadonlySet<string>;
}

/** Page files in the watched folder, as the watch would find them (archive and work folder left out). */
async function originals(o: OrphanCopySweep): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (ignoredNameReason(e.name) !== null || isInside(o.archiveRoot, full) || isInside(o.workDir, full)) continue;
      if (e.isFile() && pageExtension(e.name) !== null) found.push(full);
      else if (e.isDirectory() && o.recursive) await walk(full);
    }
  };
  await walk(o.root);
  return found;
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

async function sweep(o: OrphanCopySweep): Promise<string[]> {
  const names = await readdir(o.workDir).catch(() => [] as string[]);
  for (const name of names.filter((n) => PART_NAME.test(n))) await rm(path.join(o.workDir, name), { force: true });
  const candidates: { file: string; size: number; sha256: string }[] = [];
  for (const name of names.filter((n) => COPY_NAME.test(n))) {
    const file = path.join(o.workDir, name);
    if (o.keep.has(file)) continue;
    const st = await stat(file).catch(() => null);
    if (!st?.isFile()) continue;
    candidates.push({ file, size: st.size, sha256: await sha256File(file) });
  }
  if (candidates.length === 0) return [];
  const sizes = new Set(candidates.map((c) => c.size));
  const removed: string[] = [];
  for (const original of await originals(o)) {
    const st = await stat(original).catch(() => null);
    if (!st || !sizes.has(st.size)) continue;
    const identity = await describeFile(original, o.root).catch(() => null);
    if (!identity) continue; // changing or gone: it is judged again once stable, its copy stays
    const copy = candidates.find((c) => c.sha256 === identity.sha256 && !removed.includes(c.file));
    if (!copy || (await o.ledger.isConsumed(fileKey(identity)))) continue;
    // Bytes already consumed (in either duplicates mode): the copy may be the only one left of a page
    // confirmed under another name whose journal entry the kill cut short. Kept, never deleted.
    if (await o.ledger.isConsumed(contentKey(identity))) continue;
    await rm(copy.file, { force: true });
    removed.push(copy.file);
  }
  return removed;
}
