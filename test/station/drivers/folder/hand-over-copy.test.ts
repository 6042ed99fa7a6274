/**
 * The hand-over copy is made of the bytes the driver hashed: a file that changes after it was judged
 * (hashed) never slips into the batch under the old hash.
 */
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { statfsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { copyStamp, describeFile, readIdentified, type CopyStamp } from '../../../../station/src/drivers/folder/consumed-ledger.ts';
import { copyIntoWorkDir } from '../../../../station/src/drivers/folder/hand-over-copy.ts';
import { createConsumedFilesLedger } from '../../../../station/src/journal/consumed-files-ledger.ts';
import { openJournal } from '../../../../station/src/journal/open-journal.ts';
import { png, removeTempDirs, tempDir } from './folder-test-helpers.ts';

afterAll(removeTempDirs);

/**
 * What no real disk does on demand: another program's file landing under the page's name just before
 * it is placed (after any check), and the work folder's fsync failing. Unset, the file system as it is.
 */
const fsHooks = vi.hoisted(() => ({
  beforePlace: undefined as ((target: string) => Promise<void>) | undefined,
  failSyncOf: undefined as string | undefined,
  syncCode: 'EIO',
}));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  return {
    ...fs,
    link: async (from: string, to: string) => (await fsHooks.beforePlace?.(String(to)), fs.link(from, to)),
    rename: async (from: string, to: string) => (await fsHooks.beforePlace?.(String(to)), fs.rename(from, to)),
    open: async (...args: Parameters<typeof fs.open>) => {
      const fh = await fs.open(...args);
      if (fsHooks.failSyncOf === undefined || String(args[0]) !== fsHooks.failSyncOf) return fh;
      const code = fsHooks.syncCode;
      return Object.assign(Object.create(fh) as typeof fh, { sync: async () => Promise.reject(Object.assign(new Error(`${code}: fsync`), { code, syscall: 'fsync' })) });
    },
  };
});
afterEach(() => {
  fsHooks.beforePlace = undefined;
  fsHooks.failSyncOf = undefined;
  fsHooks.syncCode = 'EIO';
});

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('copyIntoWorkDir', () => {
  it('never overwrites a page that appears under its name at the last moment (after any check): OUTPUT_FAILED, that file kept, no part left', async () => {
    const [root, work] = [await tempDir('copy-root'), await tempDir('copy-work')];
    const original = path.join(root, 'a.png');
    await writeFile(original, await png(3));
    const { identity, bytes } = await readIdentified(original, root);
    const target = path.join(work, 'page-00004.png');
    fsHooks.beforePlace = async (to) => {
      if (to === target) await writeFile(target, 'another program');
    };
    const err = await copyIntoWorkDir(original, identity, work, 4, undefined, bytes).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ code: 'OUTPUT_FAILED', message: 'Pagina page-00004.png există deja în dosarul lotului. Anunțați administratorul.' });
    expect(await readFile(target, 'utf8')).toBe('another program');
    expect(await readdir(work)).toEqual(['page-00004.png']);
  });

  it('the stamp taken on the part before placing is the placed page\'s (same inode and mtime: the ledger\'s made key names it)', async () => {
    const [root, work] = [await tempDir('copy-root'), await tempDir('copy-work')];
    const original = path.join(root, 'a.png');
    await writeFile(original, await png(5));
    const { identity, bytes } = await readIdentified(original, root);
    let stamp: CopyStamp | undefined;
    const copy = await copyIntoWorkDir(original, identity, work, 1, async (part) => void (stamp = await copyStamp(part)), bytes);
    expect(stamp).toBeDefined();
    expect(await copyStamp(copy!.file)).toEqual(stamp);
    expect(await readdir(work)).toEqual(['page-00001.png']);
  });

  it('the work folder\'s fsync failing is said as a disk error naming the folder, not a raw Node error', async () => {
    const [root, work] = [await tempDir('copy-root'), await tempDir('copy-work')];
    const original = path.join(root, 'a.png');
    await writeFile(original, await png(6));
    const { identity, bytes } = await readIdentified(original, root);
    fsHooks.failSyncOf = work;
    const err = await copyIntoWorkDir(original, identity, work, 1, undefined, bytes).then(() => null, (e: unknown) => e);
    expect(err).toMatchObject({ name: 'StationError', code: 'DISK_IO_ERROR', details: { errno: 'EIO', path: work } });
    expect((err as Error).message).toContain(work);
    // a refusal that is no disk failure: OUTPUT_FAILED in Romanian, still not a raw error
    fsHooks.syncCode = 'EINVAL';
    const other = await copyIntoWorkDir(original, identity, work, 2, undefined, bytes).then(() => null, (e: unknown) => e);
    expect(other).toMatchObject({ name: 'StationError', code: 'OUTPUT_FAILED', details: { errno: 'EINVAL' } });
  });

  it('writes the bytes read for the identity, even when the original changed since: what is handed over is what was hashed', async () => {
    const [root, work] = [await tempDir('copy-root'), await tempDir('copy-work')];
    const original = path.join(root, 'a.png');
    const first = await png(1);
    await writeFile(original, first);
    const { identity, bytes } = await readIdentified(original, root);
    expect(identity.sha256).toBe(sha(first));
    await writeFile(original, await png(2)); // the scanner rewrote it after the driver read it
    const copy = await copyIntoWorkDir(original, identity, work, 7, undefined, bytes);
    expect(copy?.file).toBe(path.join(work, 'page-00007.png'));
    expect(await readFile(copy!.file)).toEqual(first);
    expect(sha(copy!.bytes)).toBe(identity.sha256);
  });

  it('without the bytes (an identity known from before), reads the original and refuses it when it changed since: null, nothing left', async () => {
    const [root, work] = [await tempDir('copy-root'), await tempDir('copy-work')];
    const original = path.join(root, 'a.png');
    await writeFile(original, await png(3));
    const identity = await describeFile(original, root);
    const same = await copyIntoWorkDir(original, identity, work, 1);
    expect(same && sha(await readFile(same.file))).toBe(identity.sha256);
    await writeFile(original, await png(4)); // the same size, other bytes
    expect((await readFile(original)).length).toBe(identity.size);
    expect(await copyIntoWorkDir(original, identity, work, 2)).toBeNull();
    expect(await readdir(work)).toEqual(['page-00001.png']);
  });
});

describe.runIf(process.getuid?.() === 0)('copyIntoWorkDir on a full disk', () => {
  /** A small real disk (tmpfs) as the work folder; unmounted afterwards. */
  async function smallDisk(size: string): Promise<{ disk: string; unmount: () => void }> {
    const disk = path.join(await tempDir('copy-disk'), 'disk');
    await mkdir(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', disk], { stdio: 'ignore' });
    return { disk, unmount: () => execFileSync('umount', [disk], { stdio: 'ignore' }) };
  }

  it('no room for the copy (ENOSPC): DISK_FULL naming the work folder, not OUTPUT_FAILED; no part left', async () => {
    const root = await tempDir('copy-root');
    const original = path.join(root, 'a.png');
    await writeFile(original, randomBytes(256 * 1024)); // the copy's bytes, whatever they are
    const { identity, bytes } = await readIdentified(original, root);
    const { disk, unmount } = await smallDisk('64k');
    try {
      const err = await copyIntoWorkDir(original, identity, disk, 1, undefined, bytes).then(() => null, (e: unknown) => e);
      expect(err).toMatchObject({ code: 'DISK_FULL', details: { errno: 'ENOSPC' } });
      expect((err as Error).message).toContain('Discul este plin');
      expect((err as Error).message).toContain(disk);
      expect(await readdir(disk)).toEqual([]);
    } finally {
      unmount();
    }
  });

  it('no room for the made key in the journal (SQLITE_FULL): DISK_FULL, not OUTPUT_FAILED; no part, no page left', async () => {
    const root = await tempDir('copy-root');
    const original = path.join(root, 'a.png');
    await writeFile(original, await png(5));
    const { identity, bytes } = await readIdentified(original, root);
    const { disk, unmount } = await smallDisk('2m');
    try {
      const work = path.join(disk, 'work');
      await mkdir(work);
      const db = openJournal(path.join(disk, 'data')); // the station's journal on the same disk
      const ledger = createConsumedFilesLedger(db);
      const recordMade = async (part: string, target: string) => {
        // the disk fills up once the copy is written: the journal cannot grow for the made key
        const free = statfsSync(disk);
        execFileSync('fallocate', ['-l', String(free.bavail * free.bsize), path.join(disk, 'filler')]);
        // keys until the journal needs a page it cannot have (the first may still fit in a page it has)
        for (let key = 0; ; key++) await ledger.markConsumed([`copy:${path.basename(target)}|${key}|${'x'.repeat(4000)}`]);
      };
      const err = await copyIntoWorkDir(original, identity, work, 1, recordMade, bytes).then(() => null, (e: unknown) => e);
      db.close();
      expect(err).toMatchObject({ code: 'DISK_FULL', details: { errno: 'SQLITE_FULL' } });
      expect(await readdir(work)).toEqual([]);
    } finally {
      unmount();
    }
  });
});
