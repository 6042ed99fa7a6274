/**
 * Output is built in a staging folder on the same file system as `--out`'s real target and moved in
 * only when the whole batch succeeded, so a failed run leaves `--out` exactly as it was and the final
 * move is a rename (never EXDEV after a whole batch). `--out` is checked up front: a dangling link,
 * a folder that cannot be written or a read-only disk fail before the first page is processed.
 */
import { lstat, mkdir, readdir, readFile, readlink, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import { fsyncDir, placeWithoutOverwriting, writeFileAtomic } from '../fs/atomic-write.ts';
import { stationErrorFromFs } from '../fs/fs-errors.ts';
import { makeDir } from '../fs/make-dir.ts';

/** Name of the staging folder of a batch (beside the target, or inside a target that is a mount point). */
export function stagingName(outBase: string, batchId: string): string {
  return `.${outBase}.staging-${batchId}`;
}

/** Where `--out` really is: links followed, a missing tail resolved from its nearest existing parent. */
async function realTarget(out: string, shown: string): Promise<string> {
  const l = await lstat(out).catch(() => null);
  if (l?.isSymbolicLink()) {
    const to = await readlink(out).catch(() => '?');
    if (!(await stat(out).catch(() => null))) {
      throw new StationError('OUTPUT_FAILED', `Dosarul de ieșire „${shown}” este o legătură către „${to}”, care nu există (disc nemontat sau dosar șters?). Nimic nu a fost citit.`, { out, target: to });
    }
    return realpath(out);
  }
  if (l) return realpath(out);
  const parent = path.dirname(out);
  if (parent === out) return out;
  return path.join(await realTarget(parent, shown), path.basename(out));
}

/**
 * What a disk's own root holds (ext4's lost+found, Windows' and macOS' folders on a USB stick): not
 * the clerk's files, and never touched, so a stick's root still counts as an empty --out.
 */
export function isDiskBookkeeping(name: string): boolean {
  return ['lost+found', 'System Volume Information', '$RECYCLE.BIN', '.fseventsd', '.Spotlight-V100', '.Trashes'].includes(name) || /^\.Trash-\d+$/.test(name);
}

/**
 * `--out` as a batch may use it: absent, or an empty folder (a dangling link refused). Nothing is
 * made; `prepare` starts with it, and a batch that takes something first (the registry's borderou)
 * calls it before. Returns the real target, what is there, and the batch's staging folder name.
 */
export async function checkOutDir(outDir: string, batchId: string): Promise<{ out: string; st: Stats | null; own: string }> {
  const out = await realTarget(path.resolve(outDir), outDir);
  const st = await stat(out).catch(() => null);
  if (st && !st.isDirectory()) throw new StationError('OUTPUT_NOT_EMPTY', `„${outDir}” există și nu este un dosar.`, { out });
  const own = stagingName(path.basename(out), batchId);
  if (st && (await readdir(out)).some((n) => n !== own && !isDiskBookkeeping(n))) {
    throw new StationError('OUTPUT_NOT_EMPTY', `Dosarul de ieșire „${outDir}” nu este gol. Alegeți un dosar nou sau gol, ca să nu fie suprascris nimic.`, { out });
  }
  return { out, st, own };
}

export class OutputStaging {
  /** Files `commit` moved into `--out` so far, and the summary it wrote there: what `abort` takes back. */
  private readonly moved: string[] = [];
  private summary: string | null = null;
  /** The summary is in place: the batch is saved and nothing is taken back any more. */
  private committed = false;
  /** `commit` made `--out` itself (it was absent then): `abort` may remove it again. */
  private madeOut = false;

  private constructor(
    readonly outDir: string,
    readonly dir: string,
    private readonly createdParents: string[],
  ) {}

  static async prepare(outDir: string, batchId: string): Promise<OutputStaging> {
    const { out, st, own } = await checkOutDir(outDir, batchId);
    const createdParents: string[] = [];
    let p = path.dirname(out);
    while (!(await stat(p).catch(() => null))) {
      createdParents.unshift(p);
      p = path.dirname(p);
    }
    try {
      if (createdParents.length) await makeDir(createdParents[createdParents.length - 1]!);
      // a mount point (USB stick, network share) as --out: its parent is another file system, so
      // the staging folder goes inside it; otherwise beside it, as always
      const parentDev = (await stat(path.dirname(out))).dev;
      const inside = st !== null && st.dev !== parentDev;
      const dir = inside ? path.join(out, own) : path.join(path.dirname(out), own);
      await rm(dir, { recursive: true, force: true }); // left by a crashed run of this same batch
      await mkdir(dir);
      const staging = new OutputStaging(out, dir, createdParents);
      await staging.probe();
      return staging;
    } catch (err) {
      for (const c of [...createdParents].reverse()) await rmdir(c).catch(() => {});
      throw stationErrorFromFs(err, { path: out, shown: outDir, writing: true });
    }
  }

  /** Writes and removes a small file where the batch will write, and in `--out` when it exists. */
  private async probe(): Promise<void> {
    for (const where of [this.dir, ...(path.dirname(this.dir) === this.outDir ? [] : (await stat(this.outDir).catch(() => null)) ? [this.outDir] : [])]) {
      const file = path.join(where, `.probe-${process.pid}.tmp`);
      try {
        await writeFile(file, 'x');
      } finally {
        await rm(file, { force: true });
      }
    }
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  /**
   * Moves every staged file into `--out`, then writes `summary.json` last (atomically). Nothing in
   * `--out` is ever replaced: another batch that wrote there meanwhile (two runs given the same empty
   * folder) makes this one fail with OUTPUT_NOT_EMPTY, its files untouched. A failure on the way (a
   * rename, a folder fsync, a full disk at the summary) leaves what this batch moved for `abort` to
   * take back, so a failed batch leaves `--out` as it was and can simply be run again. A disk that
   * fails (full, denied, read-only, EIO) is a StationError naming the file or `--out`.
   */
  async commit(summaryJson: string): Promise<void> {
    try {
      await this.moveIn(summaryJson);
    } catch (err) {
      throw stationErrorFromFs(err, { path: this.outDir, writing: true });
    }
    // the batch is saved: a staging folder that will not go is left for the next run of this batch to remove
    await rm(this.dir, { recursive: true, force: true }).catch(() => {});
  }

  private async moveIn(summaryJson: string): Promise<void> {
    this.madeOut = (await makeDir(this.outDir)) !== undefined;
    const own = path.basename(this.dir);
    if ((await readdir(this.outDir)).some((n) => n !== own && !isDiskBookkeeping(n))) throw this.notEmptyNow();
    for (const name of await readdir(this.dir)) {
      if (name.endsWith('.tmp')) continue;
      await placeWithoutOverwriting(path.join(this.dir, name), path.join(this.outDir, name)).catch((err) => Promise.reject(this.existing(err)));
      this.moved.push(name);
    }
    await fsyncDir(this.outDir);
    this.summary = summaryJson;
    await writeFileAtomic(path.join(this.outDir, 'summary.json'), summaryJson, { overwrite: false }).catch((err) => Promise.reject(this.existing(err)));
    this.committed = true;
  }

  private notEmptyNow(): StationError {
    return new StationError('OUTPUT_NOT_EMPTY', `În dosarul de ieșire „${this.outDir}” a scris altceva (alt lot?) cât timp lotul rula. Nu a fost suprascris nimic; rulați lotul din nou într-un dosar nou sau gol.`, { out: this.outDir });
  }

  /** EEXIST: a name this batch would write is there already, put by someone else meanwhile. */
  private existing(err: unknown): unknown {
    return (err as NodeJS.ErrnoException).code === 'EEXIST' ? this.notEmptyNow() : err;
  }

  /**
   * Removes everything staged and any parent folders this run created; after a commit that failed
   * half-way, also what it had moved into `--out` (and `--out` itself when the commit made it).
   * Nothing once the commit is complete. Best effort: it runs after a failure (often a disk that
   * refuses writes), so a step that fails does not stop the others nor hide the batch's own error.
   */
  async abort(): Promise<void> {
    if (this.committed) return;
    const quietly = (p: Promise<unknown>) => p.catch(() => {});
    for (const name of this.moved) await quietly(rm(path.join(this.outDir, name), { force: true }));
    // the summary only when it is ours (its fsync failed after it was put in place)
    const summaryFile = path.join(this.outDir, 'summary.json');
    if (this.summary !== null && (await readFile(summaryFile, 'utf8').catch(() => null)) === this.summary) await quietly(rm(summaryFile, { force: true }));
    await quietly(rm(this.dir, { recursive: true, force: true }));
    if (this.madeOut) await quietly(rmdir(this.outDir));
    for (const p of [...this.createdParents].reverse()) await quietly(rmdir(p));
  }
}
