/**
 * A ConsumedLedger kept in one JSON file, for standalone use and tests.
 * Every change rewrites the file atomically (temp file in the same folder, fsync, rename, fsync of
 * the folder), so a crash leaves the previous list or the new one, never half of one. A damaged
 * file is an error, never an empty ledger: starting over would replay every file ever consumed.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { StationError } from '../../../../shared/src/errors.ts';
import type { ConsumedLedger } from './consumed-ledger.ts';

interface LedgerFile {
  version: 1;
  keys: string[];
}

async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return; // folders cannot be opened for fsync there
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class JsonFileLedger implements ConsumedLedger {
  private readonly keys: Set<string>;
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    readonly file: string,
    keys: Iterable<string>,
  ) {
    this.keys = new Set(keys);
  }

  /** Opens the ledger at `file`, creating an empty one when the file does not exist. */
  static async open(file: string): Promise<JsonFileLedger> {
    const absolute = path.resolve(file);
    let text: string;
    try {
      text = await readFile(absolute, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        await mkdir(path.dirname(absolute), { recursive: true });
        return new JsonFileLedger(absolute, []);
      }
      throw err;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (err) {
      throw new StationError('INPUT_CORRUPT', 'Evidența fișierelor preluate din dosar este deteriorată. Anunțați administratorul.', { file: absolute }, { cause: err });
    }
    const data = parsed as Partial<LedgerFile>;
    if (data.version !== 1 || !Array.isArray(data.keys) || !data.keys.every((k) => typeof k === 'string')) {
      throw new StationError('INPUT_CORRUPT', 'Evidența fișierelor preluate din dosar are un format necunoscut. Anunțați administratorul.', { file: absolute });
    }
    return new JsonFileLedger(absolute, data.keys);
  }

  isConsumed(key: string): boolean {
    return this.keys.has(key);
  }

  /** Resolves once the key is durably on disk. Concurrent calls are written one after another. */
  markConsumed(key: string): Promise<void> {
    if (this.keys.has(key)) return this.writing;
    this.keys.add(key);
    const write = this.writing
      .then(() => this.persist())
      .catch((err: unknown) => {
        this.keys.delete(key); // not on disk: do not claim it is
        throw err;
      });
    this.writing = write.catch(() => {});
    return write;
  }

  get size(): number {
    return this.keys.size;
  }

  private async persist(): Promise<void> {
    const body: LedgerFile = { version: 1, keys: [...this.keys] };
    const tmp = path.join(path.dirname(this.file), `.${path.basename(this.file)}.${randomBytes(4).toString('hex')}.tmp`);
    const fh = await open(tmp, 'wx');
    try {
      await fh.writeFile(JSON.stringify(body, null, 1) + '\n');
      await fh.sync();
    } catch (err) {
      await fh.close().catch(() => {});
      await rm(tmp, { force: true });
      throw err;
    }
    await fh.close();
    await rename(tmp, this.file);
    await fsyncDir(path.dirname(this.file));
  }
}
