/**
 * FolderDriver.dropOrphanCopies: before a batch goes on in its work folder, a copy a crash left
 * unconfirmed is removed only when its original is certainly handed over again; a copy that may be
 * the only one left of its page is kept.
 */
import { copyFile, mkdir, readdir, rename, stat, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { contentKey, copyConfirmedKey, copyMadeKey, copyStamp, describeFile, fileKey, type ConsumedLedger } from '../../../../station/src/drivers/folder/consumed-ledger.ts';
import { FolderDriver, type FolderEvent } from '../../../../station/src/drivers/folder/folder-driver.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { jpeg, png, removeTempDirs, takeAll, tempDir } from './folder-test-helpers.ts';

// every hash reads its file, streamed (createReadStream) or whole (readFile, the scan's hand-over): counted by file name
const hashed = vi.hoisted(() => [] as string[]);
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>();
  const createReadStream = ((file: string, ...rest: never[]) => (hashed.push(path.basename(String(file))), real.createReadStream(file, ...rest))) as typeof real.createReadStream;
  return { ...real, default: { ...real, createReadStream }, createReadStream };
});
vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const readFile = ((file: string, ...rest: never[]) => (hashed.push(path.basename(String(file))), real.readFile(file, ...rest))) as typeof real.readFile;
  return { ...real, default: { ...real, readFile }, readFile };
});

afterAll(removeTempDirs);

function memoryLedger(): ConsumedLedger & { keys: Set<string> } {
  const keys = new Set<string>();
  return { keys, isConsumed: (k) => keys.has(k), markConsumed: (ks) => void ks.forEach((k) => keys.add(k)) };
}

async function setUp(files: Record<string, Buffer>, copies: Record<string, Buffer>): Promise<{ root: string; work: string }> {
  const root = await tempDir('orphan-watched');
  const work = await tempDir('orphan-work');
  for (const [name, body] of Object.entries(files)) await writeFile(path.join(root, name), body);
  for (const [name, body] of Object.entries(copies)) await writeFile(path.join(work, name), body);
  return { root, work };
}

describe('FolderDriver.dropOrphanCopies', () => {
  it('removes an unconfirmed copy whose original is still waiting, and half-written copies', async () => {
    const [a, b] = [await png(1), await png(2)];
    const { root, work } = await setUp({ 'a.png': a, 'b.png': b }, { 'page-00001.png': a, 'page-00002.png.part': b.subarray(0, 10) });
    const events: FolderEvent[] = [];
    const driver = new FolderDriver({ ledger: memoryLedger(), onEvent: (e) => events.push(e) });
    expect(await driver.dropOrphanCopies(`folder:${root}`, work)).toEqual([path.join(work, 'page-00001.png')]);
    expect(await readdir(work)).toEqual([]);
    expect((await readdir(root)).sort()).toEqual(['a.png', 'b.png']); // the originals are never touched
    expect(events).toEqual([{ type: 'orphan-copy-removed', file: path.join(work, 'page-00001.png') }]);
  });

  it('keeps a copy whose original is archived, gone, or already consumed, and the pages the batch recorded', async () => {
    const bodies = await Promise.all([1, 2, 3, 4, 5].map((i) => png(10 + i)));
    const [gone, consumedFile, consumedContent, recorded, subfolder] = bodies as [Buffer, Buffer, Buffer, Buffer, Buffer];
    const { root, work } = await setUp(
      { 'file.png': consumedFile, 'other-name.png': consumedContent, 'recorded.png': recorded },
      { 'page-00001.png': gone, 'page-00002.png': consumedFile, 'page-00003.png': consumedContent, 'page-00004.png': recorded, 'page-00005.png': subfolder },
    );
    await mkdir(path.join(root, 'arhiva', '2026-11-30'), { recursive: true });
    await writeFile(path.join(root, 'arhiva', '2026-11-30', 'gone.png'), gone); // the archive is not the watched folder
    await mkdir(path.join(root, 'sub'));
    await writeFile(path.join(root, 'sub', 'deep.png'), subfolder); // not watched without `recursive`
    const ledger = memoryLedger();
    // a crash between the ledger and the archive: the file's own key is in, the original not yet moved
    ledger.markConsumed([fileKey(await describeFile(path.join(root, 'file.png'), root))]);
    // the same bytes were taken before under another name: this original is a duplicate, never handed over
    ledger.markConsumed([contentKey(await describeFile(path.join(root, 'other-name.png'), root))]);
    const driver = new FolderDriver({ ledger });
    expect(await driver.dropOrphanCopies(`folder:${root}`, work, [path.join(work, 'page-00004.png')])).toEqual([]);
    expect((await readdir(work)).sort()).toEqual(['page-00001.png', 'page-00002.png', 'page-00003.png', 'page-00004.png', 'page-00005.png']);

    // a recursive driver hands `sub/deep.png` over again
    const recursive = new FolderDriver({ ledger, recursive: true });
    expect(await recursive.dropOrphanCopies(`folder:${root}`, work, [path.join(work, 'page-00004.png')])).toEqual([path.join(work, 'page-00005.png')]);
  });

  it('a copy the ledger knows as made and never confirmed: removed when its bytes were taken from another copy or its original waits, kept when its original left untaken', async () => {
    const [taken, waiting, left] = [await png(51), await png(52), await png(53)];
    // page 1: its original taken by another batch since (archived there, its bytes consumed); page 2: its original
    // waits to be handed over again; page 3: its original was moved out of the folder by someone, never taken
    const { root, work } = await setUp({ 'b.png': waiting }, { 'page-00001.png': taken, 'page-00002.png': waiting, 'page-00003.png': left });
    const ledger = memoryLedger();
    for (const n of [1, 2, 3]) {
      const copy = path.join(work, `page-0000${n}.png`);
      ledger.markConsumed([copyMadeKey(copy, await copyStamp(copy))]);
    }
    ledger.markConsumed([contentKey({ sha256: (await describeFile(path.join(work, 'page-00001.png'), work)).sha256 })]);
    const removed = await new FolderDriver({ ledger }).dropOrphanCopies(`folder:${root}`, work);
    expect(removed.sort()).toEqual([path.join(work, 'page-00001.png'), path.join(work, 'page-00002.png')]);
    expect(await readdir(work)).toEqual(['page-00003.png']);
  });

  it('a confirmed copy is kept without being hashed, whatever waits in the folder; a key names one file (another inode or time at that name is not it)', async () => {
    const [a, b] = [await png(54), await png(55)];
    const { root, work } = await setUp({ 'a.png': a, 'b.png': b }, { 'page-00001.png': a, 'page-00002.png': b });
    const ledger = memoryLedger();
    const first = path.join(work, 'page-00001.png');
    const second = path.join(work, 'page-00002.png');
    ledger.markConsumed([copyMadeKey(first, await copyStamp(first)), copyConfirmedKey(first, await copyStamp(first))]);
    ledger.markConsumed([copyMadeKey(second, await copyStamp(second)), copyConfirmedKey(second, await copyStamp(second))]);
    // page 2 replaced by another file of the same bytes at the same name: not the copy confirmed, judged as a copy of before the keys
    await writeFile(`${second}.new`, b);
    await rename(`${second}.new`, second);
    hashed.length = 0;
    expect(await new FolderDriver({ ledger }).dropOrphanCopies(`folder:${root}`, work)).toEqual([second]);
    expect(await readdir(work)).toEqual(['page-00001.png']);
    expect(hashed.sort()).toEqual(['b.png', 'page-00002.png']); // never page 1 nor a.png
  });

  it('a page taken, its copy since copied to another disk (another inode: its keys no longer name it), its original archived: kept, never judged as a copy nobody took', async () => {
    const a = await png(56);
    const { root, work } = await setUp({}, { 'page-00001.png': a });
    const copy = path.join(work, 'page-00001.png');
    const ledger = memoryLedger();
    const stamp = await copyStamp(copy);
    ledger.markConsumed([copyMadeKey(copy, stamp)]);
    ledger.markConsumed([fileKey({ relativePath: 'a.png', size: a.length, mtimeMs: 0, sha256: (await describeFile(copy, work)).sha256 }), contentKey(await describeFile(copy, work)), copyConfirmedKey(copy, stamp)]);
    // the data folder copied elsewhere (cp -a): same bytes and time, another inode
    const { mtime } = await stat(copy);
    await copyFile(copy, `${copy}.new`);
    await utimes(`${copy}.new`, mtime, mtime);
    await rename(`${copy}.new`, copy);
    expect((await copyStamp(copy)).ino).not.toBe(stamp.ino);
    expect(await new FolderDriver({ ledger }).dropOrphanCopies(`folder:${root}`, work)).toEqual([]);
    expect(await readdir(work)).toEqual(['page-00001.png']);
  });

  it('removes no more copies than there are originals to hand over again (the same bytes copied twice)', async () => {
    const a = await png(30);
    const { root, work } = await setUp({ 'a.png': a }, { 'page-00001.png': a, 'page-00002.png': a });
    const removed = await new FolderDriver({ ledger: memoryLedger() }).dropOrphanCopies(`folder:${root}`, work);
    expect(removed).toHaveLength(1);
    expect(await readdir(work)).toHaveLength(1);
  });

  it('hashes each file once a hand-over: a copy only when an original of its size is there; an original the sweep hashed is read once more as it is copied (checked: it may have changed since)', async () => {
    const [a, b, c] = [await png(41), await png(42, 40), await jpeg(43)];
    const { root, work } = await setUp({ 'a.png': a, 'b.png': b }, { 'page-00001.png': a, 'page-00002.jpg': c });
    const clock = new ManualClock();
    const driver = new FolderDriver({ ledger: memoryLedger(), quietMs: 300, pollMs: 40, idleMs: 1500, clock });
    hashed.length = 0;
    expect(await driver.dropOrphanCopies(`folder:${root}`, work, [])).toEqual([path.join(work, 'page-00001.png')]);
    expect(hashed.sort()).toEqual(['a.png', 'page-00001.png']); // page-00002.jpg: no original of its size
    hashed.length = 0;
    const taken = await takeAll(driver, root, { clock, workDir: work, startIndex: 3 });
    expect(taken.map((t) => t.name)).toEqual(['a.png', 'b.png']);
    // the scan reads each original once, hashes it there and copies those bytes (the copies read here are this test's)
    expect(hashed.filter((n) => !n.startsWith('page-')).sort()).toEqual(['a.png', 'b.png']);
  });
});
