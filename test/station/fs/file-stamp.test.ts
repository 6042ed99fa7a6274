/** A file's bytes and its stamp read together (`readStamped`), and the stamp that catches a later change. */
import { mkdtemp, readFile, rm, truncate, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentStamp, readStamped, sameStamp } from '../../../station/src/fs/file-stamp.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'file-stamp-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const bytesOf = (size: number, seed: number) => Buffer.from(Uint8Array.from({ length: size }, (_, i) => (i * 31 + seed) & 255));

describe('readStamped', () => {
  it('reads every byte of a file, empty, small, past 512 KiB and of megabytes, with the stamp the file has', async () => {
    for (const size of [0, 1, 512 * 1024 + 3, 3 * 1024 * 1024]) {
      const file = path.join(dir, `f-${size}.jpg`);
      const want = bytesOf(size, size);
      await writeFile(file, want);
      const { bytes, stamp } = await readStamped(file);
      expect({ size, same: Buffer.from(bytes).equals(want) }).toEqual({ size, same: true });
      expect(stamp).toEqual(await currentStamp(file));
      expect(stamp!.size).toBe(size);
    }
  });

  it('gives a stamp that a later rewrite of the same size no longer matches', async () => {
    const file = path.join(dir, 'rewritten.jpg');
    await writeFile(file, bytesOf(4096, 1));
    const { stamp } = await readStamped(file);
    expect(sameStamp((await currentStamp(file))!, stamp!)).toBe(true);
    // a later second: the file system's clock moves on even where its timestamps are coarse
    await writeFile(file, bytesOf(4096, 2));
    await utimes(file, new Date(Date.now() + 2000), new Date(Date.now() + 2000));
    expect(sameStamp((await currentStamp(file))!, stamp!)).toBe(false);
  });

  it.runIf(process.platform === 'linux')('reads a file to its end when it holds more than its size says, and gives it no stamp (Linux /proc: size 0)', async () => {
    const { bytes, stamp } = await readStamped('/proc/version');
    expect(bytes.length).toBeGreaterThan(10);
    expect(Buffer.from(bytes).toString('latin1')).toBe(await readFile('/proc/version', 'latin1'));
    expect(stamp).toBeNull();
  });

  it('refuses a file of 2 GiB or more before taking its size in memory, as readFile did', async () => {
    const file = path.join(dir, 'huge.jpg');
    await writeFile(file, '');
    await truncate(file, 2 ** 31); // sparse: no disk used
    const rss = process.memoryUsage().rss;
    await expect(readStamped(file)).rejects.toMatchObject({ code: 'ERR_FS_FILE_TOO_LARGE' });
    expect(process.memoryUsage().rss - rss).toBeLessThan(256 * 1024 * 1024);
    await rm(file);
  });

  it('refuses a file that is not there (the reader names it)', async () => {
    await expect(readStamped(path.join(dir, 'missing.jpg'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
