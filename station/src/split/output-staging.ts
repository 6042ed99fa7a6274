/**
 * Output is built in a staging folder beside `--out` and moved in only when the whole batch
 * succeeded, so a failed run leaves `--out` exactly as it was.
 */
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../shared/src/errors.ts';
import { fsyncDir, writeFileAtomic } from '../fs/atomic-write.ts';

export class OutputStaging {
  private constructor(
    readonly outDir: string,
    readonly dir: string,
    private readonly createdParents: string[],
  ) {}

  static async prepare(outDir: string, batchId: string): Promise<OutputStaging> {
    const out = path.resolve(outDir);
    const st = await stat(out).catch(() => null);
    if (st && !st.isDirectory()) throw new StationError('OUTPUT_NOT_EMPTY', `„${outDir}” există și nu este un dosar.`, { out });
    if (st && (await readdir(out)).length > 0) {
      throw new StationError('OUTPUT_NOT_EMPTY', `Dosarul de ieșire „${outDir}” nu este gol. Alegeți un dosar nou sau gol, ca să nu fie suprascris nimic.`, { out });
    }
    const createdParents: string[] = [];
    let p = path.dirname(out);
    while (!(await stat(p).catch(() => null))) {
      createdParents.unshift(p);
      p = path.dirname(p);
    }
    if (createdParents.length) await mkdir(createdParents[createdParents.length - 1]!, { recursive: true });
    const dir = path.join(path.dirname(out), `.${path.basename(out)}.staging-${batchId}`);
    await rm(dir, { recursive: true, force: true }); // left by a crashed run of this same batch
    await mkdir(dir);
    return new OutputStaging(out, dir, createdParents);
  }

  path(name: string): string {
    return path.join(this.dir, name);
  }

  /** Moves every staged file into `--out`, then writes `summary.json` last (atomically). */
  async commit(summaryJson: string): Promise<void> {
    await mkdir(this.outDir, { recursive: true });
    for (const name of await readdir(this.dir)) {
      if (name.endsWith('.tmp')) continue;
      await rename(path.join(this.dir, name), path.join(this.outDir, name));
    }
    await fsyncDir(this.outDir);
    await writeFileAtomic(path.join(this.outDir, 'summary.json'), summaryJson);
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Removes everything staged and any parent folders this run created. */
  async abort(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
    for (const p of [...this.createdParents].reverse()) await rmdir(p).catch(() => {});
  }
}
