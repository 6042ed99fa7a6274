import { createHash } from 'node:crypto';
import { appendFile, copyFile, mkdir, readdir, readFile, rename, rm, stat, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { contentKey, fileKey } from '../../../../station/src/drivers/folder/consumed-ledger.ts';
import { sha256File } from '../../../../station/src/fs/sha256.ts';
import { FolderDriver, type FolderDriverOptions, type FolderEvent } from '../../../../station/src/drivers/folder/folder-driver.ts';
import { localDay } from '../../../../shared/src/local-day.ts';
import { readPages } from '../../../../station/src/pipeline/stages/read-pages.ts';
import { ManualClock } from '../../../support/manual-clock.ts';
import { advanceUntil, journalLedger, jpeg, multiPageTiff, pdf, png, removeTempDirs, takeAll, tempDir, type Taken } from './folder-test-helpers.ts';

afterAll(removeTempDirs);

const QUIET = 300;
/** The archive's day, fixed: a run across midnight archived into a day folder the test had not named. */
const archiveNow = () => new Date(2026, 10, 30, 12, 0);

/**
 * Every driver here runs on a ManualClock: quiet and idle periods pass only when the test moves the
 * clock (takeAll with `clock` moves it one poll at a time until the scan ends), never with the wall clock.
 */
async function setup(o: Partial<FolderDriverOptions> = {}) {
  const root = await tempDir('watched');
  const ledgerFile = await tempDir('ledger'); // the station's data folder: its journal keeps the ledger
  const ledger = journalLedger(ledgerFile);
  const events: FolderEvent[] = [];
  const clock = new ManualClock();
  const driver = new FolderDriver({ ledger, quietMs: QUIET, pollMs: 40, idleMs: 1500, onEvent: (e) => events.push(e), clock, now: archiveNow, ...o });
  const archiveDay = path.join(root, 'arhiva', localDay(archiveNow()));
  const take = (opts: Parameters<typeof takeAll>[2] = {}) => takeAll(driver, root, { clock, ...opts });
  return { root, ledger, ledgerFile, driver, events, archiveDay, clock, take };
}

const names = (taken: Array<{ name: string }>) => taken.map((t) => t.name);

async function pageFilesIn(dir: string): Promise<string[]> {
  return (await readdir(dir, { withFileTypes: true })).filter((e) => e.isFile()).map((e) => e.name).sort();
}

describe('FolderDriver', () => {
  it('yields in natural name order, numbers from startIndex, and archives after confirm', async () => {
    const { root, take, archiveDay } = await setup();
    for (const n of [10, 2, 1, 3, 11]) await writeFile(path.join(root, `p${n}.png`), await png(n));
    const taken = await take({ startIndex: 41 });
    expect(names(taken)).toEqual(['p1.png', 'p2.png', 'p3.png', 'p10.png', 'p11.png']);
    expect(taken.map((t) => t.page.index)).toEqual([41, 42, 43, 44, 45]);
    expect(taken.map((t) => path.basename(t.page.file))).toEqual(['page-00041.png', 'page-00042.png', 'page-00043.png', 'page-00044.png', 'page-00045.png']);
    for (const t of taken) expect(await readFile(t.page.file)).toEqual(t.bytes); // the copy stays after confirm
    expect(await pageFilesIn(root)).toEqual([]);
    expect(await pageFilesIn(archiveDay)).toEqual(['p1.png', 'p10.png', 'p11.png', 'p2.png', 'p3.png']);
    for (const t of taken) expect(await readFile(path.join(archiveDay, t.name))).toEqual(t.bytes);
  });

  it('hands each page over with the bytes it copied and their hash, which the page reader takes as they are (no second read, no second hash)', async () => {
    const { root, take } = await setup();
    const body = await png(21);
    await writeFile(path.join(root, 'p1.png'), body);
    const [t] = await take();
    expect(t?.page.content?.sha256).toBe(createHash('sha256').update(body).digest('hex'));
    expect(Buffer.from(t!.page.content!.bytes)).toEqual(body);
    expect(t!.bytes).toEqual(body); // the copy holds them
    // the reader takes the page's bytes and hash: the file itself is not read (gone here), its hash not made again
    await rm(t!.page.file);
    const files: Array<[string, string]> = [];
    const raws = [];
    for await (const raw of readPages([{ file: t!.page.file, content: t!.page.content! }], { onFile: (f, h) => void files.push([f, h]) })) raws.push(raw);
    expect(files).toEqual([[t!.page.file, t!.page.content!.sha256]]);
    expect(raws.map((r) => r.origin.fileSha256)).toEqual([t!.page.content!.sha256]);
  });

  it('a whole single JPEG or PNG goes after the short quiet period; a multi-page TIFF or a PDF waits the full one', async () => {
    const { root, driver, clock } = await setup({ quietMs: 4000, quickQuietMs: 100, idleMs: 5000 });
    await writeFile(path.join(root, 'a.jpg'), await jpeg(1));
    await writeFile(path.join(root, 'b.png'), await png(2));
    await writeFile(path.join(root, 'c.tif'), multiPageTiff(2));
    await writeFile(path.join(root, 'd.pdf'), await pdf(1));
    const yieldedAt: Array<[string, number]> = [];
    const controller = new AbortController();
    const scanning = (async () => {
      const pages = driver.scan({ device: `folder:${root}`, source: 'adf', resolution: 300, mode: 'gray', options: {}, workDir: await tempDir('work'), signal: controller.signal });
      for await (const page of pages) {
        yieldedAt.push([path.basename(driver.sourceOf(page)!), clock.now()]);
        await driver.confirm(page);
        if (yieldedAt.length === 4) controller.abort();
      }
    })();
    // the files were there when the watch began (clock time 0): every period counts from there
    // steps of 100 ms, then 250 ms: few polls, so a loaded machine gets through them quickly
    await advanceUntil(clock, () => yieldedAt.length === 2, 100, scanning);
    expect(yieldedAt.map(([n]) => n)).toEqual(['a.jpg', 'b.png']);
    expect(yieldedAt.every(([, at]) => at >= 100 && at < 4000)).toBe(true); // not the 4-second quiet period
    await advanceUntil(clock, () => yieldedAt.length === 4, 250, scanning);
    await scanning; // aborted after the fourth: it ends without waiting for the clock
    expect(yieldedAt.map(([n]) => n)).toEqual(['a.jpg', 'b.png', 'c.tif', 'd.pdf']);
    expect(yieldedAt.slice(2).every(([, at]) => at >= 4000)).toBe(true); // they could still grow pages
  });

  it('a whole JPEG goes as soon as its quiet period is over, not a whole poll later', async () => {
    const { root, driver, clock } = await setup({ quietMs: 4000, quickQuietMs: 200, pollMs: 5000, idleMs: 20_000 });
    await writeFile(path.join(root, 'a.jpg'), await jpeg(1));
    let yieldedAt: number | undefined;
    const controller = new AbortController();
    const scanning = (async () => {
      const pages = driver.scan({ device: `folder:${root}`, source: 'adf', resolution: 300, mode: 'gray', options: {}, workDir: await tempDir('work'), signal: controller.signal });
      for await (const page of pages) {
        yieldedAt = clock.now();
        await driver.confirm(page);
        controller.abort();
      }
    })();
    await advanceUntil(clock, () => yieldedAt !== undefined, 100, scanning);
    await scanning;
    expect(yieldedAt).toBeGreaterThanOrEqual(200);
    expect(yieldedAt).toBeLessThan(5000); // before: the next poll, 5 s after the start
  });

  it('says when it watches the folder, once a scan starts and before any page; a file written after that is taken', async () => {
    const { root, driver, events, clock } = await setup({ quickQuietMs: 100, idleMs: 20_000 });
    const controller = new AbortController();
    const taken: string[] = [];
    const scanning = (async () => {
      const pages = driver.scan({ device: `folder:${root}`, source: 'adf', resolution: 300, mode: 'gray', options: {}, workDir: await tempDir('work'), signal: controller.signal });
      for await (const page of pages) {
        taken.push(path.basename(driver.sourceOf(page)!));
        await driver.confirm(page);
        controller.abort();
      }
    })();
    // the bench's scanner (and a clerk, from the line the CLI prints) starts writing on this event
    await advanceUntil(clock, () => events.some((e) => e.type === 'watching'), 40, scanning);
    expect(events).toEqual([{ type: 'watching', folder: root }]);
    await writeFile(path.join(root, 'a.jpg'), await jpeg(1));
    await advanceUntil(clock, () => taken.length === 1, 100, scanning);
    await scanning;
    expect(taken).toEqual(['a.jpg']);
    expect(events.filter((e) => e.type === 'watching')).toHaveLength(1);
  });

  it('yields a file written slowly in chunks exactly once, complete', async () => {
    const { root, driver, events, clock } = await setup();
    const body = await jpeg(7, 160);
    const file = path.join(root, 'slow.jpg');
    const chunks = 8;
    const step = Math.ceil(body.length / chunks);
    const chunk = (i: number) => body.subarray(i * step, (i + 1) * step);
    await writeFile(file, chunk(0));
    const taken: Taken[] = [];
    const scanning = takeAll(driver, root).then((t) => taken.push(...t));
    // half written, and the clock stands still: it cannot look quiet, whatever the machine's load
    for (let i = 1; i < 4; i++) await appendFile(file, chunk(i));
    // then it sits still, half written, longer than the quiet period: only the JPEG end-marker check keeps it waiting
    await advanceUntil(clock, () => events.some((e) => e.type === 'incomplete'), 40, scanning);
    expect(events).toContainEqual({ type: 'incomplete', file, reason: 'no JPEG end marker' });
    expect(taken).toEqual([]);
    for (let i = 4; i < chunks; i++) await appendFile(file, chunk(i));
    await advanceUntil(clock, () => false, 40, scanning); // to the end of the scan (idle period)
    await scanning;
    expect(names(taken)).toEqual(['slow.jpg']);
    expect(taken[0]?.bytes).toEqual(body);
  });

  it('ignores hidden, temporary and non-page files, and takes a .part file once it is renamed', async () => {
    const { root, driver, events, clock } = await setup({ rescanMs: 100 });
    const doc = await pdf(2);
    for (const name of ['.hidden.png', '~$raport.pdf', 'x.tmp', 'y.pdf.crdownload', 'Thumbs.db', 'desktop.ini', 'notes.txt', 'scan0001.pdf.part']) {
      await writeFile(path.join(root, name), name.endsWith('.part') ? doc : await png(name.length));
    }
    const taken: Taken[] = [];
    const scanning = takeAll(driver, root).then((t) => taken.push(...t));
    // three quiet periods go by on the clock: nothing is taken
    const start = clock.now();
    await advanceUntil(clock, () => clock.now() - start >= QUIET * 3, 40, scanning);
    expect(taken).toEqual([]);
    expect(events).toContainEqual({ type: 'ignored', file: path.join(root, 'notes.txt'), reason: 'not a page file type' });
    await rename(path.join(root, 'scan0001.pdf.part'), path.join(root, 'scan0001.pdf'));
    await advanceUntil(clock, () => false, 40, scanning);
    await scanning;
    expect(names(taken)).toEqual(['scan0001.pdf']);
    expect(taken[0]?.bytes).toEqual(doc);
    expect((await readdir(root)).sort()).toEqual(
      ['.hidden.png', 'Thumbs.db', 'arhiva', 'desktop.ini', 'notes.txt', 'x.tmp', 'y.pdf.crdownload', '~$raport.pdf'].sort(),
    );
  });

  it('leaves a file over the size limit in the folder, never read, and says so once naming it and its size (Node reads no file over 2 GiB)', async () => {
    const { root, driver, events, clock } = await setup();
    const big = path.join(root, 'mare.pdf');
    await writeFile(big, await pdf(1));
    await truncate(big, 3 * 1024 ** 3); // sparse: 3 GiB on paper, nothing written
    await writeFile(path.join(root, 'b.png'), await png(7));
    const taken: Taken[] = [];
    const scanning = takeAll(driver, root).then((t) => taken.push(...t));
    await advanceUntil(clock, () => false, 40, scanning); // several passes over both files, until idle
    await scanning;
    expect(names(taken)).toEqual(['b.png']);
    const said = events.filter((e) => e.type === 'ignored' && e.file === big);
    expect(said).toEqual([
      {
        type: 'ignored',
        file: big,
        reason: 'too large',
        size: 3 * 1024 ** 3,
        limit: 512 * 1024 ** 2,
      },
    ]);
    expect((await stat(big)).size).toBe(3 * 1024 ** 3); // left where it was
  });

  it('says a file over the size limit once while it keeps growing with short pauses (a slow copy over a share), not at each pause', async () => {
    const { root, driver, events, clock } = await setup({ maxFileBytes: 1000, quickQuietMs: 100, idleMs: 5000 });
    const big = path.join(root, 'lent.pdf');
    await writeFile(big, Buffer.alloc(1500, 1));
    const tooLarge = () => events.flatMap((e) => (e.type === 'ignored' && e.reason === 'too large' ? [e] : []));
    const scanning = takeAll(driver, root);
    await advanceUntil(clock, () => tooLarge().length > 0, 40, scanning);
    // four more chunks, each after a pause longer than the short quiet period and shorter than the full one
    for (let i = 0; i < 4; i++) {
      await appendFile(big, Buffer.alloc(700, 2));
      const start = clock.now();
      await advanceUntil(clock, () => clock.now() - start >= 200, 40, scanning);
    }
    await advanceUntil(clock, () => false, 40, scanning); // fully quiet, then idle: the scan ends
    expect(await scanning).toEqual([]);
    expect(tooLarge().map((e) => e.file)).toEqual([big]);
  });

  it('says a file over the size limit again when it was taken away and another too large file of its name came (scanners reuse names)', async () => {
    // the folder listed every 500 ms of the driver's clock: the new file is found by the listing, not only by a notification
    const { root, driver, events, clock } = await setup({ maxFileBytes: 1000, quickQuietMs: 100, idleMs: 20_000, rescanMs: 500 });
    const big = path.join(root, 'SCAN0001.PDF');
    await writeFile(big, Buffer.alloc(1500, 1));
    const tooLarge = () => events.flatMap((e) => (e.type === 'ignored' && e.reason === 'too large' ? [e] : []));
    const scanning = takeAll(driver, root);
    await advanceUntil(clock, () => tooLarge().length > 0, 40, scanning);
    await rm(big);
    let start = clock.now();
    await advanceUntil(clock, () => clock.now() - start >= 1000, 40, scanning); // passes over the folder without it
    await writeFile(big, Buffer.alloc(2500, 3));
    start = clock.now();
    await advanceUntil(clock, () => tooLarge().length > 1 || clock.now() - start >= 10_000, 40, scanning);
    await advanceUntil(clock, () => false, 40, scanning);
    expect(await scanning).toEqual([]);
    expect(tooLarge().map((e) => [e.file, e.size])).toEqual([[big, 1500], [big, 2500]]);
  });

  it('waits on a zero-byte file until it has whole content, and takes multi-page TIFF and PDF as one file each', async () => {
    const { root, driver, clock } = await setup();
    await writeFile(path.join(root, 'b.tif'), multiPageTiff(3));
    await writeFile(path.join(root, 'c.pdf'), await pdf(4));
    await writeFile(path.join(root, 'a.png'), Buffer.alloc(0));
    const taken: Taken[] = [];
    const scanning = takeAll(driver, root).then((t) => taken.push(...t));
    await advanceUntil(clock, () => taken.length === 2 || clock.now() >= QUIET * 3, 40, scanning);
    const start = clock.now();
    await advanceUntil(clock, () => clock.now() - start >= QUIET * 2, 40, scanning); // the empty file sits there, not taken
    await writeFile(path.join(root, 'a.png'), await png(99));
    await advanceUntil(clock, () => false, 40, scanning);
    await scanning;
    expect(names(taken)).toEqual(['b.tif', 'c.pdf', 'a.png']);
    expect(taken[0]?.bytes).toEqual(multiPageTiff(3));
  });

  it('skips the same content under a new name, archives it, and reports it', async () => {
    const { root, take, events, archiveDay } = await setup();
    await writeFile(path.join(root, 'orig.png'), await png(5));
    expect(names(await take())).toEqual(['orig.png']);
    await copyFile(path.join(archiveDay, 'orig.png'), path.join(root, 'copie orig.png'));
    await writeFile(path.join(root, 'other.png'), await png(6));
    expect(names(await take())).toEqual(['other.png']);
    expect(events).toContainEqual({ type: 'duplicate', file: path.join(root, 'copie orig.png'), action: 'skipped' });
    expect(await pageFilesIn(archiveDay)).toEqual(['copie orig.png', 'orig.png', 'other.png']);
    expect(await pageFilesIn(root)).toEqual([]);
  });

  it('keeps no identity of a file once it is archived (taken or a duplicate) or gone from the folder: a week\'s watching keeps only what is there', async () => {
    const { root, take, driver, archiveDay } = await setup();
    for (const n of [1, 2, 3]) await writeFile(path.join(root, `p${n}.png`), await png(n));
    expect(names(await take())).toEqual(['p1.png', 'p2.png', 'p3.png']);
    expect(await pageFilesIn(archiveDay)).toEqual(['p1.png', 'p2.png', 'p3.png']);
    expect(driver.cachedIdentities).toBe(0);
    // a duplicate, skipped and archived
    await copyFile(path.join(archiveDay, 'p1.png'), path.join(root, 'copie p1.png'));
    expect(names(await take())).toEqual([]);
    expect(await pageFilesIn(archiveDay)).toContain('copie p1.png');
    expect(driver.cachedIdentities).toBe(0);
    // handed out, never confirmed, then taken away by someone: forgotten at the next scan
    await writeFile(path.join(root, 'x.png'), await png(9));
    expect(names(await take({ confirm: () => false }))).toEqual(['x.png']);
    expect(driver.cachedIdentities).toBe(1);
    await rm(path.join(root, 'x.png'));
    expect(names(await take())).toEqual([]);
    expect(driver.cachedIdentities).toBe(0);
  });

  it('a confirmed file is one ledger transaction (its two keys and the copy taken, together), its copy one before it takes its name; the duplicates one pass skips are one transaction between them', async () => {
    const { root, take, events, archiveDay, ledger } = await setup();
    for (const n of [1, 2, 3]) await writeFile(path.join(root, `p${n}.png`), await png(n));
    expect(names(await take())).toEqual(['p1.png', 'p2.png', 'p3.png']);
    expect(ledger.size()).toBe(12); // a file: its copy made; then the file, its bytes, the copy confirmed
    expect(ledger.transactions).toBe(6);
    for (const n of [1, 2, 3]) await copyFile(path.join(archiveDay, `p${n}.png`), path.join(root, `copie p${n}.png`));
    expect(names(await take())).toEqual([]);
    expect(events.filter((e) => e.type === 'duplicate')).toHaveLength(3);
    expect(ledger.size()).toBe(15);
    expect(ledger.transactions).toBe(7);
    expect(await pageFilesIn(root)).toEqual([]);
    expect(await pageFilesIn(archiveDay)).toEqual(['copie p1.png', 'copie p2.png', 'copie p3.png', 'p1.png', 'p2.png', 'p3.png']);
  });

  it('holds a copy of an unconfirmed file until the original is confirmed', async () => {
    const { root, driver, take, events } = await setup();
    await writeFile(path.join(root, 'a.png'), await png(8));
    await writeFile(path.join(root, 'b.png'), await png(8));
    const taken = await take({ confirm: () => false });
    expect(names(taken)).toEqual(['a.png']);
    expect(events.some((e) => e.type === 'duplicate')).toBe(false);
    await driver.confirm(path.join(root, 'a.png')); // by the original's path
    expect(names(await take())).toEqual([]);
    expect(events).toContainEqual({ type: 'duplicate', file: path.join(root, 'b.png'), action: 'skipped' });
  });

  it('after a restart, a new instance with the same ledger yields only the unconfirmed file', async () => {
    const { root, take, ledgerFile, archiveDay } = await setup();
    for (const n of ['a', 'b', 'c']) await writeFile(path.join(root, `${n}.png`), await png(n.charCodeAt(0)));
    const first = await take({ confirm: (n) => n !== 'c.png' });
    expect(names(first)).toEqual(['a.png', 'b.png', 'c.png']);
    expect(await pageFilesIn(root)).toEqual(['c.png']);

    const clock = new ManualClock();
    const reopened = new FolderDriver({ ledger: journalLedger(ledgerFile), quietMs: QUIET, pollMs: 40, idleMs: 1500, clock, now: archiveNow });
    const second = await takeAll(reopened, root, { clock });
    expect(names(second)).toEqual(['c.png']);
    expect(second[0]?.bytes).toEqual(first[2]?.bytes);
    expect(await pageFilesIn(archiveDay)).toEqual(['a.png', 'b.png', 'c.png']);
  });

  it('after a restart, confirming a replayed copy by its path archives the original instead of yielding it again', async () => {
    const { root, take, ledgerFile, archiveDay } = await setup();
    await writeFile(path.join(root, 'a.png'), await png(4));
    const [a] = await take({ confirm: () => false }); // the station stopped before confirming
    const events: FolderEvent[] = [];
    const clock = new ManualClock();
    const restarted = new FolderDriver({ ledger: journalLedger(ledgerFile), quietMs: QUIET, pollMs: 40, idleMs: 1500, onEvent: (e) => events.push(e), clock, now: archiveNow });
    await restarted.confirm(a!.page.file); // it replayed its own copy from the work folder, then confirmed it
    expect(await takeAll(restarted, root, { clock })).toEqual([]);
    expect(events).toContainEqual({ type: 'duplicate', file: path.join(root, 'a.png'), action: 'skipped' });
    expect(await pageFilesIn(archiveDay)).toEqual(['a.png']);
  });

  it('archives without yielding a file that was recorded as consumed but not moved (crash between the two)', async () => {
    const { root, ledger, take, events, archiveDay } = await setup();
    const file = path.join(root, 'scan0007.pdf');
    await writeFile(file, await pdf(1, 7));
    const st = await stat(file);
    const sha256 = await sha256File(file);
    const identity = { relativePath: 'scan0007.pdf', size: st.size, mtimeMs: st.mtimeMs, sha256 };
    await ledger.markConsumed([fileKey(identity), contentKey(identity)]);
    expect(await take()).toEqual([]);
    expect(events).toContainEqual({ type: 'recovered', file, archivedTo: path.join(archiveDay, 'scan0007.pdf') });
    expect(await pageFilesIn(archiveDay)).toEqual(['scan0007.pdf']);
  });

  it('confirm is idempotent, also from another instance and after the file is archived', async () => {
    const { root, driver, take, ledgerFile, archiveDay, ledger } = await setup();
    await writeFile(path.join(root, 'a.png'), await png(1));
    const [a] = await take({ confirm: () => false });
    expect(a).toBeDefined();
    const other = new FolderDriver({ ledger: journalLedger(ledgerFile), now: archiveNow });
    await Promise.all([driver.confirm(a!.page), driver.confirm(a!.page.file)]);
    await other.confirm(a!.page);
    await driver.confirm(a!.page);
    expect(await pageFilesIn(archiveDay)).toEqual(['a.png']);
    expect(ledger.size()).toBe(4); // the copy made; the file, its bytes, the copy confirmed (the same key from the other instance)
  });

  it('ends when the AbortSignal fires while it waits, with no error', async () => {
    const { root, driver, clock } = await setup({ idleMs: undefined });
    await writeFile(path.join(root, 'a.png'), await png(1));
    const controller = new AbortController();
    let confirmed = false;
    const scanning = takeAll(driver, root, { signal: controller.signal, confirm: () => (confirmed = true) });
    await advanceUntil(clock, () => confirmed, 40, scanning);
    await clock.waiting(); // back to watching the folder
    controller.abort();
    expect(names(await scanning)).toEqual(['a.png']);
  });

  it('takes idle-ms from the request options and rejects a bad value', async () => {
    const { root, driver, clock } = await setup({ idleMs: undefined });
    expect(await takeAll(driver, root, { clock, options: { 'idle-ms': '400' } })).toEqual([]);
    // it ended by its own idle period: at 400 ms on its clock, within one poll
    expect(clock.now()).toBeGreaterThanOrEqual(400);
    expect(clock.now()).toBeLessThan(400 + 2 * 40);
    await expect(takeAll(driver, root, { clock, options: { 'idle-ms': 'soon' } })).rejects.toMatchObject({ code: 'OPTION_INVALID' });
  });

  it('refuses the watched folder as work folder, and leaves a work folder inside it alone', async () => {
    const { root, take } = await setup();
    await writeFile(path.join(root, 'a.png'), await png(3));
    await expect(take({ workDir: root })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    const inside = path.join(root, 'lucru');
    await mkdir(inside);
    const taken = await take({ workDir: inside });
    expect(names(taken)).toEqual(['a.png']);
    expect(await pageFilesIn(inside)).toEqual(['page-00001.png']);
  });

  it('reports a missing folder as DEVICE_NOT_FOUND with a Romanian message', async () => {
    const { root, driver } = await setup();
    await expect(takeAll(driver, path.join(root, 'nu-există'))).rejects.toMatchObject({
      code: 'DEVICE_NOT_FOUND',
      message: expect.stringContaining('Dosarul urmărit'),
    });
    await expect(driver.getCapabilities(`folder:${root}`)).resolves.toMatchObject({ sources: ['adf', 'adf-duplex', 'flatbed'] });
    const lister = new FolderDriver({ ledger: journalLedger(await tempDir('ledger')), folders: [root, path.join(root, 'absent')] });
    expect(await lister.listDevices()).toEqual([
      { id: `folder:${root}`, vendor: '', model: path.basename(root), type: 'watched folder', driver: 'folder' },
    ]);
  });
});
