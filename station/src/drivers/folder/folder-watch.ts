/**
 * Finds candidate page files in a watched folder and tells which have become stable.
 * chokidar reports additions and changes quickly; a slow periodic directory listing catches what
 * it misses (network shares often deliver no change notifications); every candidate is re-stat-ed
 * on each poll, and the StabilityTracker decides when its size and mtime have settled.
 * A notification that comes while nobody waits (the scan loop is handing a page over, or the
 * consumer holds it) is observed at once, so a file's quiet period runs meanwhile instead of
 * starting when the loop looks again; files found together are still observed at one time.
 */
import { watch, type FSWatcher } from 'chokidar';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Clock } from '../../../../shared/src/clock.ts';
import { ignoredNameReason, isIgnoredPath, pageExtension } from './ignore-rules.ts';
import { StabilityTracker } from './stability-tracker.ts';

export interface FolderWatchOptions {
  /** Folders never looked into: the archive, and the batch work folder if it lies inside. */
  excluded: string[];
  quietMs: number;
  recursive: boolean;
  usePolling: boolean;
  /** Period of the safety directory listing; 0 turns it off. */
  rescanMs: number;
  onIgnored?: (file: string, reason: string) => void;
  onError?: (err: unknown) => void;
  /** What the periods are measured on. */
  clock: Clock;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural name order: `p2` before `p10`, case-insensitive, ties broken by code points. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Whether `child` is `parent` itself or lies inside it. */
export function isInside(parent: string, child: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/**
 * Every file under `root` a watch could take (by name: not hidden, temporary or a system file), as
 * the watch and the orphan-copy sweep both list them: `excluded` folders left out, subfolders only
 * when `recursive`; a folder that cannot be read goes to `onError` and is skipped.
 */
export async function walkFolder(root: string, o: { excluded: readonly string[]; recursive: boolean; onError?: (err: unknown) => void }): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (err) {
      o.onError?.(err);
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (ignoredNameReason(e.name) !== null || o.excluded.some((x) => isInside(x, full))) continue;
      if (e.isFile()) found.push(full);
      else if (e.isDirectory() && o.recursive) await walk(full);
    }
  };
  await walk(root);
  return found;
}

/** Whether a file the walk found is a page file the watch takes (not a temporary or hidden path, a page type), by its path relative to the watched folder. */
export function pageFileReason(rel: string): 'temporary or hidden' | 'not a page file type' | null {
  return isIgnoredPath(rel) ? 'temporary or hidden' : pageExtension(rel) === null ? 'not a page file type' : null;
}

export class FolderWatch {
  readonly tracker: StabilityTracker;
  /** clock.now() of the last thing that happened in the folder. */
  lastChangeAt: number;
  private watcher: FSWatcher | undefined;
  private readonly candidates = new Set<string>();
  private readonly reported = new Set<string>();
  private readonly wakers = new Set<() => void>();
  private lastRescan = 0;
  /** Bumped by every change seen; the scan loop compares it to know whether a pass saw everything. */
  private changes = 0;
  private started = false;
  private observing: Promise<void> | undefined;
  private observeAgain = false;
  /** Notifications so far (add, change), and their count when the last pass made between two refreshes began. */
  private notices = 0;
  private observedAtNotice: number | undefined;

  constructor(
    readonly root: string,
    private readonly o: FolderWatchOptions,
  ) {
    this.tracker = new StabilityTracker(o.quietMs);
    this.lastChangeAt = o.clock.now();
  }

  async start(): Promise<void> {
    const watcher = watch(this.root, {
      ignoreInitial: false,
      persistent: true,
      usePolling: this.o.usePolling,
      interval: 500,
      binaryInterval: 500,
      ...(this.o.recursive ? {} : { depth: 0 }),
      ignored: (p: string) => p !== this.root && (this.isExcluded(p) || ignoredNameReason(path.basename(p)) !== null),
    });
    this.watcher = watcher;
    watcher.on('add', (p) => this.noticed(p, false));
    watcher.on('change', (p) => this.noticed(p, true));
    watcher.on('unlink', (p) => this.forget(p));
    watcher.on('error', (err) => this.o.onError?.(err));
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
    await this.rescan();
    this.started = true; // the files there at the start are observed together, by the first refresh
  }

  async close(): Promise<void> {
    this.started = false;
    for (const wake of this.wakers) wake();
    await this.watcher?.close();
    this.watcher = undefined;
    await this.observing;
  }

  /** How many changes were seen so far: a pass that began with this count saw every change if it is unchanged. */
  get changeCount(): number {
    return this.changes;
  }

  forget(file: string): void {
    this.candidates.delete(file);
    this.tracker.forget(file);
    this.touched();
  }

  /**
   * Re-stats every candidate (and lists the folder when the safety period is due) — unless a pass
   * made on a notification since the last refresh did so already and nothing was noticed since it
   * began: each file is stat-ed once, not once by that pass and again here. Without notifications
   * (a network share) no such pass runs, and every refresh stats.
   */
  async refresh(): Promise<void> {
    const rescan = this.o.rescanMs > 0 && this.o.clock.now() - this.lastRescan >= this.o.rescanMs;
    if (rescan) await this.rescan();
    await this.observing; // a pass under way: its stats are this refresh's
    const fresh = !rescan && this.observedAtNotice === this.notices;
    this.observedAtNotice = undefined;
    if (!fresh) await this.observeAll();
  }

  private async observeAll(): Promise<void> {
    const seen: [string, { size: number; mtimeMs: number }][] = [];
    for (const file of [...this.candidates]) {
      try {
        const st = await stat(file);
        if (!st.isFile()) {
          this.forget(file);
          continue;
        }
        seen.push([file, { size: st.size, mtimeMs: st.mtimeMs }]);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') this.forget(file);
        else this.o.onError?.(err);
      }
    }
    // one time for the whole pass, read after it: files found together become quiet together (so
    // they are taken in name order), and no quiet period is shortened by the time the pass took
    const now = this.o.clock.now();
    for (const [file, o] of seen) if (this.candidates.has(file) && this.tracker.observe(file, o, now)) this.touched();
  }

  /** Candidates unchanged for `quietMs` (default: the quiet period), in natural order of their path relative to the watched folder. */
  stable(quietMs?: number): string[] {
    return this.tracker
      .stable(this.o.clock.now(), quietMs)
      .sort((a, b) => naturalCompare(path.relative(this.root, a), path.relative(this.root, b)));
  }

  /** Waits for a folder event, the timeout, or the abort signal, whichever comes first. */
  waitForChange(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.resolve(); // its abort event has fired already: it would wait the whole period
    return new Promise((resolve) => {
      const done = (): void => {
        cancel();
        signal?.removeEventListener('abort', done);
        this.wakers.delete(done);
        resolve();
      };
      const cancel = this.o.clock.after(ms, done);
      signal?.addEventListener('abort', done, { once: true });
      this.wakers.add(done);
    });
  }

  private isExcluded(p: string): boolean {
    return this.o.excluded.some((dir) => isInside(dir, p));
  }

  private touched(): void {
    this.changes++;
    this.lastChangeAt = this.o.clock.now();
    for (const wake of [...this.wakers]) wake();
  }

  /** A notification: a waiting loop is woken (it refreshes itself); otherwise the candidates are observed now. */
  private noticed(file: string, changed: boolean): void {
    const loopWaits = this.wakers.size > 0; // before consider(), whose touched() wakes it
    this.notices++;
    this.consider(file);
    if (changed) this.touched();
    if (this.started && !loopWaits) this.observeSoon();
  }

  private observeSoon(): void {
    if (this.observing) {
      this.observeAgain = true;
      return;
    }
    this.observing = (async () => {
      do {
        this.observeAgain = false;
        const notices = this.notices;
        await this.observeAll();
        this.observedAtNotice = notices;
      } while (this.observeAgain && this.started);
    })()
      .catch((err: unknown) => this.o.onError?.(err))
      .finally(() => (this.observing = undefined));
  }

  private consider(file: string): void {
    if (this.candidates.has(file)) return;
    const rel = path.relative(this.root, file);
    if (rel === '' || rel.startsWith('..') || this.isExcluded(file)) return;
    if (!this.o.recursive && rel.includes(path.sep)) return;
    const reason = pageFileReason(rel);
    if (reason !== null) {
      if (!this.reported.has(file)) {
        this.reported.add(file);
        this.o.onIgnored?.(file, reason);
      }
      return;
    }
    this.candidates.add(file);
    this.touched();
  }

  private async rescan(): Promise<void> {
    this.lastRescan = this.o.clock.now();
    for (const file of await walkFolder(this.root, this.o)) this.consider(file);
  }
}
