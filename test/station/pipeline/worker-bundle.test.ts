/**
 * The page worker bundle under node_modules/.cache (each test here: a cache folder of its own, never
 * the one other tests and running stations start workers from): the same sources give the same file
 * whatever the current folder; a file left empty (a power cut during its write) or removed meanwhile,
 * even between its check and the renewal of its time, is written again, not started; two starts at once
 * write it once; each start renews its time; the bundles of other sources are pruned, never one younger
 * than a day nor among the newest few (another station on the same install may start from it), nor one
 * renewed between the first look at the times and its removal.
 */
import { readFile, readdir, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pruneBundles } from '../../../station/src/pipeline/worker-bundle.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

/** A fresh module (the bundle is made again, as in a new process). */
const fresh = async () => {
  vi.resetModules();
  return (await import('../../../station/src/pipeline/worker-bundle.ts')).pageWorkerEntry;
};
const entryNow = async (dir: string): Promise<URL> => (await fresh())(dir);

const DAY = 24 * 3600_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');
/** Sets a file's time to `ago` ms before NOW. */
const age = (file: string, ago: number, now = NOW) => utimes(file, new Date(now - ago), new Date(now - ago));

const cwd = process.cwd();
let cache: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({ dir: cache, cleanup } = await makeTempDir('worker-bundle-cache-')));
afterEach(async () => {
  process.chdir(cwd);
  vi.doUnmock('node:fs/promises');
  await cleanup();
});

describe('page worker bundle', () => {
  it('is a bundle (not the loader boot file), named the same from any current folder', async () => {
    const here = await entryNow(cache);
    expect(path.dirname(fileURLToPath(here))).toBe(cache);
    expect(path.basename(fileURLToPath(here))).toMatch(/^page-worker-[0-9a-f]{16}\.mjs$/);
    process.chdir('/tmp');
    expect((await entryNow(cache)).href).toBe(here.href);
  });

  it('a bundle file cut short is written again before a worker starts from it', async () => {
    const file = await entryNow(cache);
    const whole = await readFile(fileURLToPath(file), 'utf8');
    expect(whole.length).toBeGreaterThan(1000);
    await writeFile(fileURLToPath(file), '');
    expect((await entryNow(cache)).href).toBe(file.href);
    expect(await readFile(fileURLToPath(file), 'utf8')).toBe(whole);
  });

  it('in a running process: a bundle removed meanwhile (pruned by another station) is written again at the next start, and each start renews its time', async () => {
    const pageWorkerEntry = await fresh();
    const file = fileURLToPath(await pageWorkerEntry(cache));
    const whole = await readFile(file, 'utf8');
    await unlink(file);
    expect(fileURLToPath(await pageWorkerEntry(cache))).toBe(file);
    expect(await readFile(file, 'utf8')).toBe(whole);
    await age(file, 10 * DAY, Date.now());
    await pageWorkerEntry(cache);
    expect((await stat(file)).mtimeMs).toBeGreaterThan(Date.now() - DAY); // young again: no other station prunes it
  });

  it('a bundle removed between the check of its content and the renewal of its time is written again, not handed out missing', async () => {
    const file = fileURLToPath(await entryNow(cache));
    const whole = await readFile(file, 'utf8');
    // another station prunes it just after this one read it whole
    vi.doMock('node:fs/promises', async (importOriginal) => {
      const fs = await importOriginal<typeof import('node:fs/promises')>();
      const readFile = async (...a: Parameters<typeof fs.readFile>) => {
        const text = await fs.readFile(...a);
        if ((a[0] instanceof URL ? fileURLToPath(a[0]) : a[0]) === file) await fs.unlink(file);
        return text;
      };
      return { ...fs, readFile, default: { ...fs, readFile } };
    });
    expect(fileURLToPath(await entryNow(cache))).toBe(file);
    expect(await readFile(file, 'utf8')).toBe(whole);
  });

  it('two starts at once in one process: one write, both get the whole file, no piece left', async () => {
    const pageWorkerEntry = await fresh();
    const [a, b] = await Promise.all([pageWorkerEntry(cache), pageWorkerEntry(cache)]);
    expect(b.href).toBe(a.href);
    expect(path.dirname(fileURLToPath(a))).toBe(cache);
    expect((await readFile(a, 'utf8')).length).toBeGreaterThan(1000);
    expect(await readdir(cache)).toEqual([path.basename(fileURLToPath(a))]);
  });

  it('the first start in a process prunes the bundles of other sources older than a day and not among the newest', async () => {
    // made by older sources: 4 to 7 days old, beside the current bundle
    const stale = [4, 5, 6, 7].map((d) => path.join(cache, `page-worker-${String(d).repeat(16)}.mjs`));
    for (const [i, f] of stale.entries()) {
      await writeFile(f, '// stale');
      await age(f, (4 + i) * DAY, Date.now());
    }
    const current = await entryNow(cache);
    // the newest three: the current one and the two youngest stale ones; the others went
    expect((await readdir(cache)).sort()).toEqual([path.basename(fileURLToPath(current)), path.basename(stale[0]!), path.basename(stale[1]!)].sort());
  });
});

describe('pruneBundles', () => {
  it('removes bundles older than a day beyond the newest three, and pieces a crash left; keeps the current one, young ones and other files', async () => {
    const { dir, cleanup } = await makeTempDir('worker-bundle-');
    try {
      const files: [string, number][] = [
        ['page-worker-00000000000000c0.mjs', 10 * DAY], // the current one, old (its process keeps it)
        ['page-worker-00000000000000a1.mjs', 2 * DAY],
        ['page-worker-00000000000000a2.mjs', 3 * DAY],
        ['page-worker-00000000000000a3.mjs', 4 * DAY],
        ['page-worker-00000000000000a4.mjs', 5 * DAY],
        ['page-worker-00000000000000b0.mjs', 3600_000], // another station's, an hour old
        ['page-worker-00000000000000a5.mjs.4242.part', 2 * DAY], // left half-written by a crash
        ['page-worker-00000000000000b1.mjs.4343.part', 60_000], // being written now
        ['notes.txt', 30 * DAY],
      ];
      for (const [name, ago] of files) {
        await writeFile(path.join(dir, name), 'x');
        await age(path.join(dir, name), ago);
      }
      const removed = await pruneBundles(dir, 'page-worker-00000000000000c0.mjs', NOW);
      expect(removed.sort()).toEqual(['page-worker-00000000000000a3.mjs', 'page-worker-00000000000000a4.mjs', 'page-worker-00000000000000a5.mjs.4242.part']);
      expect((await readdir(dir)).sort()).toEqual([
        'notes.txt',
        'page-worker-00000000000000a1.mjs',
        'page-worker-00000000000000a2.mjs',
        'page-worker-00000000000000b0.mjs',
        'page-worker-00000000000000b1.mjs.4343.part',
        'page-worker-00000000000000c0.mjs',
      ]);
      // nothing old beyond the newest: nothing more goes (a second station pruning at once finds nothing to do)
      expect(await pruneBundles(dir, 'page-worker-00000000000000c0.mjs', NOW)).toEqual([]);
    } finally {
      await cleanup();
    }
  });

  it('keeps a bundle another station renewed between the first look at the times and its removal', async () => {
    const { dir, cleanup } = await makeTempDir('worker-bundle-');
    try {
      const names = ['page-worker-00000000000000c0.mjs', 'page-worker-00000000000000a1.mjs', 'page-worker-00000000000000a2.mjs', 'page-worker-00000000000000a3.mjs', 'page-worker-00000000000000a4.mjs'];
      for (const [i, name] of names.entries()) {
        await writeFile(path.join(dir, name), 'x');
        await age(path.join(dir, name), (2 + i) * DAY);
      }
      // a4 is old when first looked at, then a station starts its workers from it (its time renewed)
      const renew = () => age(path.join(dir, 'page-worker-00000000000000a4.mjs'), 0);
      const removed = await pruneBundles(dir, 'page-worker-00000000000000c0.mjs', NOW, renew);
      expect(removed).toEqual(['page-worker-00000000000000a3.mjs']);
      expect(await readdir(dir)).toContain('page-worker-00000000000000a4.mjs');
    } finally {
      await cleanup();
    }
  });
});
