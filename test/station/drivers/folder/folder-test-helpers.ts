/** Real page files (PNG, JPEG, PDF, multi-page TIFF) and a scan runner for the folder driver tests. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PDFDocument } from 'pdf-lib';
import sharp from 'sharp';
import type { ScannedPage } from '../../../../station/src/drivers/driver.ts';
import type { ConsumedLedger } from '../../../../station/src/drivers/folder/consumed-ledger.ts';
import type { FolderDriver } from '../../../../station/src/drivers/folder/folder-driver.ts';
import { createConsumedFilesLedger } from '../../../../station/src/journal/consumed-files-ledger.ts';
import { openJournal, type JournalDb } from '../../../../station/src/journal/open-journal.ts';
import type { ManualClock } from '../../../support/manual-clock.ts';

const made: string[] = [];
const journals: JournalDb[] = [];

export interface TestLedger extends ConsumedLedger {
  /** Keys recorded so far. */
  size(): number;
  /** The keys recorded so far. */
  keys(): string[];
  /** markConsumed calls so far: the ledger's transactions. */
  transactions: number;
}

/** The station's own ledger (the consumed_files table of a real SQLite journal in `dataDir`), counting its transactions. */
export function journalLedger(dataDir: string): TestLedger {
  const db = openJournal(dataDir);
  journals.push(db);
  const real = createConsumedFilesLedger(db);
  const ledger: TestLedger = {
    transactions: 0,
    isConsumed: (key) => real.isConsumed(key),
    markConsumed: (keys) => {
      ledger.transactions++;
      return real.markConsumed(keys);
    },
    size: () => db.prepare('SELECT COUNT(*) FROM consumed_files').pluck().get() as number,
    keys: () => db.prepare('SELECT key FROM consumed_files').pluck().all() as string[],
  };
  return ledger;
}

export async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), `scan-station-${prefix}-`));
  made.push(dir);
  return dir;
}

/** Closes the journals journalLedger() opened and removes the folders made by tempDir() in this test file (call from afterAll). */
export async function removeTempDirs(): Promise<void> {
  for (const db of journals.splice(0)) if (db.open) db.close();
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
}

function colour(seed: number): { r: number; g: number; b: number } {
  return { r: (seed * 37) % 256, g: (seed * 91 + 40) % 256, b: (seed * 53 + 90) % 256 };
}

export function png(seed: number, size = 24): Promise<Buffer> {
  return sharp({ create: { width: size, height: size, channels: 3, background: colour(seed) } }).png().toBuffer();
}

export function jpeg(seed: number, size = 64): Promise<Buffer> {
  const noise = Buffer.alloc(size * size * 3);
  for (let i = 0; i < noise.length; i++) noise[i] = (i * 7919 + seed * 104729) % 251;
  return sharp(noise, { raw: { width: size, height: size, channels: 3 } }).jpeg({ quality: 90 }).toBuffer();
}

export async function pdf(pages: number, seed = 0): Promise<Buffer> {
  const doc = await PDFDocument.create();
  doc.setTitle(`test ${seed}`);
  for (let i = 0; i < pages; i++) doc.addPage([200 + seed, 300]);
  return Buffer.from(await doc.save());
}

/** A little-endian, uncompressed, 8-bit grey TIFF with one IFD per page (IFDs after the data). */
export function multiPageTiff(pages: number, width = 8, height = 8): Buffer {
  const pixels = width * height;
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  const chunks: Buffer[] = [header];
  let offset = 8;
  const dataOffsets: number[] = [];
  for (let p = 0; p < pages; p++) {
    dataOffsets.push(offset);
    chunks.push(Buffer.alloc(pixels, (p * 60) % 256));
    offset += pixels;
  }
  if (offset % 2) {
    chunks.push(Buffer.alloc(1));
    offset++;
  }
  header.writeUInt32LE(offset, 4);
  const tags = (p: number): Array<[number, number, number]> => [
    [256, 3, width], // ImageWidth
    [257, 3, height], // ImageLength
    [258, 3, 8], // BitsPerSample
    [259, 3, 1], // Compression: none
    [262, 3, 1], // Photometric: BlackIsZero
    [273, 4, dataOffsets[p] ?? 0], // StripOffsets
    [277, 3, 1], // SamplesPerPixel
    [278, 3, height], // RowsPerStrip
    [279, 4, pixels], // StripByteCounts
  ];
  for (let p = 0; p < pages; p++) {
    const entries = tags(p);
    const ifd = Buffer.alloc(2 + entries.length * 12 + 4);
    ifd.writeUInt16LE(entries.length, 0);
    entries.forEach(([tag, type, value], i) => {
      const at = 2 + i * 12;
      ifd.writeUInt16LE(tag, at);
      ifd.writeUInt16LE(type, at + 2);
      ifd.writeUInt32LE(1, at + 4);
      if (type === 3) ifd.writeUInt16LE(value, at + 8);
      else ifd.writeUInt32LE(value, at + 8);
    });
    const next = p + 1 < pages ? offset + ifd.length : 0;
    ifd.writeUInt32LE(next, 2 + entries.length * 12);
    chunks.push(ifd);
    offset += ifd.length;
  }
  return Buffer.concat(chunks);
}

/**
 * Moves the clock `stepMs` at a time, each time the driver has gone to wait on it (one poll of the
 * folder per step), until `done()` says so. Never reads the wall clock.
 */
export async function advanceUntil(clock: ManualClock, done: () => boolean, stepMs = 40, ended?: Promise<unknown>): Promise<void> {
  let over = false;
  const end = ended?.then(() => void (over = true), () => void (over = true));
  while (!done() && !over) {
    await Promise.race(end ? [clock.waiting(), end] : [clock.waiting()]);
    if (done() || over) return;
    clock.advance(stepMs);
  }
}

export interface Taken {
  page: ScannedPage;
  /** The original's path relative to the watched folder. */
  name: string;
  /** The yielded copy's bytes, read at the moment it was yielded. */
  bytes: Buffer;
}

/**
 * Runs driver.scan() on `root` until it ends (idle timeout or abort), reading each yielded copy at
 * once and confirming it unless `confirm` says not to. Copies go to `workDir` (a new folder by default).
 */
export async function takeAll(
  driver: FolderDriver,
  root: string,
  o: {
    confirm?: (name: string) => boolean;
    signal?: AbortSignal;
    startIndex?: number;
    options?: Record<string, string>;
    workDir?: string;
    /** Drive this clock until the scan ends (by its idle period or the signal), `stepMs` per poll. */
    clock?: ManualClock;
    stepMs?: number;
  } = {},
): Promise<Taken[]> {
  if (o.clock) {
    const clock = o.clock;
    const run = takeAll(driver, root, { ...o, clock: undefined });
    await advanceUntil(clock, () => false, o.stepMs, run);
    return run;
  }
  const taken: Taken[] = [];
  const pages = driver.scan({
    device: `folder:${root}`,
    source: 'adf',
    resolution: 300,
    mode: 'gray',
    options: o.options ?? {},
    workDir: o.workDir ?? (await tempDir('work')),
    ...(o.startIndex === undefined ? {} : { startIndex: o.startIndex }),
    ...(o.signal ? { signal: o.signal } : {}),
  });
  for await (const page of pages) {
    const original = driver.sourceOf(page);
    if (original === undefined) throw new Error(`no source for ${page.file}`);
    const name = path.relative(root, original);
    taken.push({ page, name, bytes: await readFile(page.file) });
    if (o.confirm?.(name) ?? true) await driver.confirm(page);
  }
  return taken;
}

/**
 * The archived originals under `archiveRoot` (its day folders: `arhiva/2026-11-30/…`), name → path,
 * for a test whose driver ran in another process on the real clock: the day is the driver's to pick,
 * and a run across midnight archives into two day folders. A name archived twice is an error here.
 */
export async function archivedFiles(archiveRoot: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  for (const day of (await readdir(archiveRoot)).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort()) {
    for (const name of await readdir(path.join(archiveRoot, day))) {
      if (files.has(name)) throw new Error(`${name} archived twice: ${files.get(name)} and ${day}`);
      files.set(name, path.join(archiveRoot, day, name));
    }
  }
  return files;
}
