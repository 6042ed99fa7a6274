/**
 * The watched-folder "scanner", for scanners that scan to a (network) folder: the device is the folder.
 *
 * scan() takes each page file once it is whole and stable, in natural name order among the files
 * ready together, copies it into the request's work folder as `page-<index>.<ext>` and yields the
 * copy; the original stays where it is. Once the consumer has safely written its pages it calls
 * confirm(page): the original's keys go into the ledger, then the original moves to the archive
 * (`<watched>/arhiva/<YYYY-MM-DD>/` by default). Nothing in the watched folder is ever deleted.
 *
 * Crash safety: a crash between yield and confirm leaves the original in the folder and out of the
 * ledger, so the next scan yields it again; a crash between ledger and archive leaves a consumed
 * original in the folder, which the next scan archives without yielding. confirm() is idempotent.
 * Each copy is recorded as made before it takes its name and as confirmed with its original's keys,
 * so a resume (dropOrphanCopies) keeps the copies a consumer took and drops those nobody took whose
 * page is handed over again, here or by another batch (orphan-copies.ts).
 *
 * Duplicates: a file whose bytes were already consumed under another name is not yielded; it is
 * archived and reported (`duplicate`, action `skipped`; the station names it in a FILE_ALREADY_TAKEN
 * warning). Byte-identical files are the same scan dropped again (a scanner's own files differ by
 * sensor noise and timestamps), never a second document. A copy of a file yielded but not yet
 * confirmed waits until the original is, then is skipped the same way.
 *
 * The scan ends, without an error, when the AbortSignal fires or after `idleMs` with no activity in
 * the folder. request.source/resolution/mode are not used: the scanner's own panel decides them.
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { systemClock } from '../../../../shared/src/clock.ts';
import { StationError } from '../../../../shared/src/errors.ts';
import type { ScanCapabilities, ScanDevice, ScanDriver, ScannedPage, ScanRequest } from '../driver.ts';
import { archiveFile } from './archive-file.ts';
import { localDay } from '../../../../shared/src/local-day.ts';
import { contentKey, copyConfirmedKey, copyMadeKey, copyStamp, fileKey, type CopyStamp, type FileIdentity } from './consumed-ledger.ts';
import { checkFileComplete } from '../file-completeness.ts';
import { sha256File } from '../../fs/sha256.ts';
import { DEFAULTS, FOLDER_CAPABILITIES, type FolderDriverOptions, type FolderEvent } from './folder-driver-options.ts';
import { archiveRootOf, folderDevices, idleMsOf, resolveFolder } from './folder-device.ts';
import { FolderWatch, isInside } from './folder-watch.ts';
import { copyIntoWorkDir } from './hand-over-copy.ts';
import { IdentityCache } from './identity-cache.ts';
import { removeOrphanCopies } from './orphan-copies.ts';

export type { FolderDriverOptions, FolderEvent } from './folder-driver-options.ts';

interface HandedOut {
  original: string;
  identity: FileIdentity;
  root: string;
  archiveRoot: string;
}

/** A page handed out: its copy as a file (the ledger's made and confirmed keys name it). */
interface Pending extends HandedOut {
  stamp: CopyStamp;
}

/** `bytes`: the original as read for its identity, when it was read now (not known from before). */
type Verdict = { kind: 'new'; identity: FileIdentity; bytes?: Buffer } | { kind: 'wait' } | { kind: 'done' } | { kind: 'duplicate'; handed: HandedOut };

const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export class FolderDriver implements ScanDriver {
  readonly name = 'folder' as const;
  /** Yielded and not yet confirmed, by the yielded copy's path. */
  private readonly pending = new Map<string, Pending>();
  private readonly confirming = new Map<string, Promise<void>>();
  private readonly identities = new IdentityCache();
  /** What was last reported of a file left waiting (incomplete, with its size and mtime then; too large): said once. */
  private readonly reported = new Map<string, string>();

  constructor(private readonly o: FolderDriverOptions) {}

  listDevices(): Promise<ScanDevice[]> {
    return folderDevices(this.o.folders ?? []);
  }

  async getCapabilities(device: string): Promise<ScanCapabilities> {
    await resolveFolder(device);
    return structuredClone(FOLDER_CAPABILITIES);
  }

  async *scan(request: ScanRequest): AsyncGenerator<ScannedPage> {
    const root = await resolveFolder(request.device);
    const workDir = path.resolve(request.workDir);
    if (workDir === root) {
      throw new StationError('CONFIG_INVALID', 'Dosarul lotului nu poate fi chiar dosarul urmărit. Alegeți alt dosar de lucru.', { folder: root });
    }
    const archiveRoot = archiveRootOf(root, this.o.archiveRoot);
    const idleMs = idleMsOf(request, this.o.idleMs);
    const quietMs = this.o.quietMs ?? DEFAULTS.quietMs;
    const quickQuietMs = Math.min(quietMs, this.o.quickQuietMs ?? DEFAULTS.quickQuietMs);
    const signal = request.signal;
    const clock = this.o.clock ?? systemClock;
    const watch = new FolderWatch(root, {
      excluded: [archiveRoot, workDir].filter((dir) => dir !== root && isInside(root, dir)),
      quietMs,
      recursive: this.o.recursive ?? false,
      usePolling: this.o.usePolling ?? false,
      rescanMs: this.o.rescanMs ?? DEFAULTS.rescanMs,
      onIgnored: (file, reason) => this.emit({ type: 'ignored', file, reason }),
      onError: (err) => this.emit({ type: 'watch-error', error: errorText(err) }),
      clock,
    });
    /** Originals settled during this scan (handed out or archived), with the stat they had. */
    const settled = new Map<string, { size: number; mtimeMs: number }>();
    let index = request.startIndex ?? 1;
    let lastYield = clock.now();
    try {
      await watch.start();
      this.emit({ type: 'watching', folder: root }); // only now: the pipeline asked for its first page
      while (!signal?.aborted) {
        await watch.refresh();
        // a file gone from the folder is forgotten: another of its name (scanners reuse SCAN0001.PDF) is said anew
        for (const file of this.reported.keys()) if (!watch.tracker.get(file)) this.reported.delete(file);
        this.identities.retain((file) => !isInside(root, file) || watch.tracker.get(file) !== undefined);
        const changesBefore = watch.changeCount;
        /** Duplicates this pass skips: recorded in one ledger transaction, then archived (skipDuplicates). */
        const duplicates: HandedOut[] = [];
        for (const original of watch.stable(quickQuietMs)) {
          if (signal?.aborted) break;
          const seen = watch.tracker.get(original);
          const done = settled.get(original);
          if (!seen || (done && done.size === seen.size && done.mtimeMs === seen.mtimeMs)) continue;
          // observed again while earlier files of the pass were handed over: changed since, it waits its quiet period anew
          if (!watch.tracker.quietFor(original, clock.now(), quickQuietMs)) continue;
          const verdict = await this.evaluate(original, root, archiveRoot, seen, watch.tracker.quietFor(original, clock.now()));
          if (verdict.kind === 'wait') continue;
          if (verdict.kind === 'done' || verdict.kind === 'duplicate') {
            if (verdict.kind === 'duplicate') duplicates.push(verdict.handed);
            settled.set(original, seen);
            continue;
          }
          if (signal?.aborted) break; // no copy nobody will take
          // the copy is recorded as made before it takes its name: a restart tells it from a copy some consumer took
          let stamp: CopyStamp | undefined;
          const recordMade = async (part: string, target: string) => {
            stamp = await copyStamp(part);
            await this.o.ledger.markConsumed([copyMadeKey(target, stamp)]);
          };
          const copy = await copyIntoWorkDir(original, verdict.identity, workDir, index, recordMade, verdict.bytes);
          if (copy === null || stamp === undefined) continue; // it changed under us: judged again once stable
          settled.set(original, seen);
          this.pending.set(copy.file, { original, identity: verdict.identity, root, archiveRoot, stamp });
          // the consumer may hold the page for long: the duplicates found so far are not left waiting
          await this.skipDuplicates(duplicates.splice(0));
          // the bytes copied and their hash go with the page: the reader neither reads nor hashes them again
          yield { index: index++, file: copy.file, content: { bytes: copy.bytes, sha256: verdict.identity.sha256, ...(copy.stamp ? { stamp: copy.stamp } : {}) } };
          lastYield = clock.now(); // the consumer's time with the page is not idle time
        }
        await this.skipDuplicates(duplicates.splice(0));
        if (idleMs !== undefined && clock.now() - Math.max(lastYield, watch.lastChangeAt) >= idleMs) return;
        // files observed while this pass handed pages over may be quiet already: look again at once
        if (watch.changeCount !== changesBefore) continue;
        // wake when the next file's quiet period is over, not a whole poll later (a page waits 200 ms, not up to 450)
        const pollMs = this.o.pollMs ?? DEFAULTS.pollMs;
        await watch.waitForChange(Math.min(pollMs, watch.tracker.nextQuietIn(clock.now(), quickQuietMs) ?? pollMs), signal);
      }
    } finally {
      await watch.close();
    }
  }

  /**
   * Before a batch goes on in `workDir` (a resume): removes the copies a crash left there, made and
   * never confirmed, whose originals will be handed over again (orphan-copies.ts). `keep`: the page
   * files the batch has recorded; copies this instance handed out are kept too.
   */
  async dropOrphanCopies(device: string, workDir: string, keep: readonly string[] = []): Promise<string[]> {
    const root = await resolveFolder(device);
    const removed = await removeOrphanCopies({
      root,
      workDir: path.resolve(workDir),
      archiveRoot: archiveRootOf(root, this.o.archiveRoot),
      recursive: this.o.recursive ?? false,
      ledger: this.o.ledger,
      keep: new Set([...keep.map((f) => path.resolve(f)), ...this.pending.keys()]),
      identify: async (original) => {
        const st = await stat(original).catch(() => null);
        return st ? ((await this.identities.identityOf(original, root, st, false))?.identity ?? null) : null;
      },
    });
    for (const file of removed) this.emit({ type: 'orphan-copy-removed', file });
    return removed;
  }

  /** How many originals' identities the driver keeps (the files in its folders, not all it ever took). */
  get cachedIdentities(): number {
    return this.identities.size;
  }

  /** The watched-folder file that a yielded, not yet confirmed page was copied from. */
  sourceOf(page: ScannedPage | string): string | undefined {
    return this.pending.get(path.resolve(typeof page === 'string' ? page : page.file))?.original;
  }

  /**
   * The consumer's word that the pages of `page` are safely written: records the original in the
   * ledger, then archives it. Takes the yielded page (or its path, or the original's path).
   * Idempotent, and usable after scan() ended. A path this instance did not
   * yield (say, after a restart) has its content recorded, so the next scan archives the original
   * as already consumed instead of yielding it again.
   */
  confirm(page: ScannedPage | string): Promise<void> {
    const file = path.resolve(typeof page === 'string' ? page : page.file);
    const running = this.confirming.get(file);
    if (running) return running;
    const job = this.confirmOnce(file).finally(() => this.confirming.delete(file));
    this.confirming.set(file, job);
    return job;
  }

  private async confirmOnce(file: string): Promise<void> {
    const copy = this.pending.has(file) ? file : [...this.pending].find(([, h]) => h.original === file)?.[0];
    const handed = copy === undefined ? undefined : this.pending.get(copy);
    if (!handed || copy === undefined) {
      const sha256 = await sha256File(file).catch(() => null);
      const stamp = await copyStamp(file).catch(() => null);
      if (sha256 !== null && stamp !== null) await this.o.ledger.markConsumed([contentKey({ sha256 }), copyConfirmedKey(file, stamp)]);
      return;
    }
    // one transaction: the file, its bytes and the copy the consumer took are consumed together or not at all
    await this.o.ledger.markConsumed([fileKey(handed.identity), contentKey(handed.identity), copyConfirmedKey(copy, handed.stamp)]);
    this.pending.delete(copy);
    const st = await stat(handed.original).catch(() => null);
    if (!st) return; // already archived (or taken away by someone else)
    if (st.size !== handed.identity.size || st.mtimeMs !== handed.identity.mtimeMs) {
      this.emit({ type: 'changed-after-yield', file: handed.original }); // left in place: new content, new file
      return;
    }
    await this.archive(handed, 'archived');
  }

  private async evaluate(original: string, root: string, archiveRoot: string, seen: { size: number; mtimeMs: number }, fullyQuiet: boolean): Promise<Verdict> {
    const maxBytes = this.o.maxFileBytes ?? DEFAULTS.maxFileBytes;
    if (seen.size > maxBytes) {
      // never read (it would not fit in memory, nor be read at all over 2 GiB): left in the folder, said once
      // per file, not once per size: a file copied slowly over a share stays too large while it grows
      // (the clerk's words are made in scan/folder-warnings.ts)
      this.reportOnce(original, null, 'too large', { type: 'ignored', file: original, reason: 'too large', size: seen.size, limit: maxBytes });
      return { kind: 'wait' };
    }
    const completeness = await checkFileComplete(original, seen.size).catch(() => null);
    if (!completeness?.complete) {
      if (fullyQuiet) this.reportOnce(original, seen, 'incomplete', { type: 'incomplete', file: original, reason: completeness?.reason ?? 'unreadable' });
      return { kind: 'wait' };
    }
    // only a whole single image may go before the full quiet period: a TIFF or PDF may still grow pages
    if (!fullyQuiet && completeness.kind !== 'jpeg' && completeness.kind !== 'png') return { kind: 'wait' };
    const read = await this.identities.identityOf(original, root, seen, true);
    if (!read) return { kind: 'wait' };
    const { identity } = read;
    const handed: HandedOut = { original, identity, root, archiveRoot };
    if (await this.o.ledger.isConsumed(fileKey(identity))) {
      await this.archive(handed, 'recovered');
      return { kind: 'done' };
    }
    const content = contentKey(identity);
    // a copy of a page handed out and not yet confirmed: decided once that page is (then a duplicate)
    if ([...this.pending.values()].some((h) => h.original !== original && contentKey(h.identity) === content)) return { kind: 'wait' };
    if (await this.o.ledger.isConsumed(content)) return { kind: 'duplicate', handed };
    return { kind: 'new', identity, bytes: read.bytes };
  }

  /**
   * Duplicates a pass skipped: their file keys in one transaction, then each archived and reported.
   * A crash before the transaction leaves them in the folder, unrecorded, judged duplicates again.
   */
  private async skipDuplicates(duplicates: HandedOut[]): Promise<void> {
    if (duplicates.length === 0) return;
    await this.o.ledger.markConsumed(duplicates.map((d) => fileKey(d.identity)));
    for (const handed of duplicates) {
      await this.archive(handed, null);
      this.emit({ type: 'duplicate', file: handed.original, action: 'skipped' });
    }
  }

  /** `seen` null: said once for the file whatever its size and mtime (until something else is said of it). */
  private reportOnce(file: string, seen: { size: number; mtimeMs: number } | null, what: string, event: FolderEvent): void {
    const key = seen ? `${what}|${seen.size}|${seen.mtimeMs}` : what;
    if (this.reported.get(file) === key) return;
    this.reported.set(file, key);
    this.emit(event);
  }

  private async archive(handed: HandedOut, event: 'archived' | 'recovered' | null): Promise<void> {
    const day = localDay(this.o.now?.() ?? new Date());
    try {
      const archivedTo = await archiveFile(handed.original, handed.root, path.join(handed.archiveRoot, day));
      this.identities.forget(handed.original);
      if (event) this.emit({ type: event, file: handed.original, archivedTo });
    } catch (err) {
      this.emit({ type: 'archive-failed', file: handed.original, error: errorText(err) });
    }
  }

  private emit(event: FolderEvent): void {
    this.o.onEvent?.(event);
  }
}
