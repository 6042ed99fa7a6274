/**
 * Output is built in a staging folder on the same file system as `--out`'s real target and moved in
 * only when the whole batch succeeded, so a failed run leaves `--out` exactly as it was and the final
 * move is a rename (never EXDEV after a whole batch). `--out` is checked up front: a dangling link,
 * a folder that cannot be written or a read-only disk fail before the first page is processed.
 */
import { lstat, mkdir, readdir, readFile, readlink, realpath, rename, rm, rmdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import { fsyncDir, writeFileAtomic } from '../fs/atomic-write.ts';
import { stationErrorFromFs } from '../fs/fs-errors.ts';

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

export class OutputStaging {
  /** Files `commit` moved into `--out` so far, and the summary it wrote there: what `abort` takes back. */
  private readonly moved: string[] = [];
  private summary: string | null = null;
  /** The summary is in place: the batch is saved and nothing is taken back any more. */
  private committed = false;

  private constructor(
    readonly outDir: string,
    readonly dir: string,
    private readonly createdParents: string[],
    /** `--out` existed before the batch (empty), so `abort` leaves it in place. */
    private readonly outExisted: boolean,
  ) {}

  static async prepare(outDir: string, batchId: string): Promise<OutputStaging> {
    const out = await realTarget(path.resolve(outDir), outDir);
    const st = await stat(out).catch(() => null);
    if (st && !st.isDirectory()) throw new StationError('OUTPUT_NOT_EMPTY', `„${outDir}” există și nu este un dosar.`, { out });
    const own = stagingName(path.basename(out), batchId);
    if (st && (await readdir(out)).some((n) => n !== own && !isDiskBookkeeping(n))) {
      throw new StationError('OUTPUT_NOT_EMPTY', `Dosarul de ieșire „${outDir}” nu este gol. Alegeți un dosar nou sau gol, ca să nu fie suprascris nimic.`, { out });
    }
    const createdParents: string[] = [];
    let p = path.dirname(out);
    while (!(await stat(p).catch(() => null))) {
      createdParents.unshift(p);
      p = path.dirname(p);
    }
    try {
      if (createdParents.length) await mkdir(createdParents[createdParents.length - 1]!, { recursive: true });
      // a mount point (USB stick, network share) as --out: its parent is another file system, so
      // the staging folder goes inside it; otherwise beside it, as always
      const parentDev = (await stat(path.dirname(out))).dev;
      const inside = st !== null && st.dev !== parentDev;
      const dir = inside ? path.join(out, own) : path.join(path.dirname(out), own);
      await rm(dir, { recursive: true, force: true }); // left by a crashed run of this same batch
      await mkdir(dir);
      const staging = new OutputStaging(out, dir, createdParents, st !== null);
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
   * Moves every staged file into `--out`, then writes `summary.json` last (atomically). A failure on
   * the way (a rename, a folder fsync, a full disk at the summary) leaves what was moved for `abort`
   * to take back, so a failed batch leaves `--out` as it was and can simply be run again.
   */
  async commit(summaryJson: string): Promise<void> {
    await mkdir(this.outDir, { recursive: true });
    for (const name of await readdir(this.dir)) {
      if (name.endsWith('.tmp')) continue;
      await rename(path.join(this.dir, name), path.join(this.outDir, name));
      this.moved.push(name);
    }
    await fsyncDir(this.outDir);
    this.summary = summaryJson;
    await writeFileAtomic(path.join(this.outDir, 'summary.json'), summaryJson);
    this.committed = true;
    // the batch is saved: a staging folder that will not go is left for the next run of this batch to remove
    await rm(this.dir, { recursive: true, force: true }).catch(() => {});
  }

  /**
   * Removes everything staged and any parent folders this run created; after a commit that failed
   * half-way, also what it had moved into `--out` (and `--out` itself when the batch created it).
   * Nothing once the commit is complete.
   */
  async abort(): Promise<void> {
    if (this.committed) return;
    for (const name of this.moved) await rm(path.join(this.outDir, name), { force: true });
    // the summary only when it is ours (its fsync failed after it was put in place)
    const summaryFile = path.join(this.outDir, 'summary.json');
    if (this.summary !== null && (await readFile(summaryFile, 'utf8').catch(() => null)) === this.summary) await rm(summaryFile, { force: true });
    await rm(this.dir, { recursive: true, force: true });
    if (!this.outExisted) await rmdir(this.outDir).catch(() => {});
    for (const p of [...this.createdParents].reverse()) await rmdir(p).catch(() => {});
  }
}
