/**
 * The page worker bundle under node_modules/.cache: the same sources give the same file whatever the
 * current folder; a file left empty (a power cut during its write) or removed meanwhile is written
 * again, not started; each start renews its time; the bundles of other sources are pruned, never one
 * younger than a day nor among the newest few (another station on the same install may start from it).
 */
import { readFile, readdir, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { pruneBundles } from '../../../station/src/pipeline/worker-bundle.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const entryNow = async (): Promise<URL> => {
  vi.resetModules(); // a fresh module: the bundle is made again, as in a new process
  const { pageWorkerEntry } = await import('../../../station/src/pipeline/worker-bundle.ts');
  return pageWorkerEntry();
};

const DAY = 24 * 3600_000;
const NOW = Date.parse('2026-11-30T12:00:00Z');
/** Sets a file's time to `ago` ms before NOW. */
const age = (file: string, ago: number, now = NOW) => utimes(file, new Date(now - ago), new Date(now - ago));

const cwd = process.cwd();
afterEach(() => process.chdir(cwd));

describe('page worker bundle', () => {
  it('is a bundle (not the loader boot file), named the same from any current folder', async () => {
    const here = await entryNow();
    expect(here.pathname).toMatch(/\/node_modules\/\.cache\/scan-station\/page-worker-[0-9a-f]{16}\.mjs$/);
    process.chdir('/tmp');
    expect((await entryNow()).href).toBe(here.href);
  });

  it('a bundle file cut short is written again before a worker starts from it', async () => {
    const file = await entryNow();
    const whole = await readFile(fileURLToPath(file), 'utf8');
    expect(whole.length).toBeGreaterThan(1000);
    await writeFile(fileURLToPath(file), '');
    expect((await entryNow()).href).toBe(file.href);
    expect(await readFile(fileURLToPath(file), 'utf8')).toBe(whole);
  });

  it('in a running process: a bundle removed meanwhile (pruned by another station) is written again at the next start, and each start renews its time', async () => {
    vi.resetModules();
    const { pageWorkerEntry } = await import('../../../station/src/pipeline/worker-bundle.ts');
    const file = fileURLToPath(await pageWorkerEntry());
    const whole = await readFile(file, 'utf8');
    await unlink(file);
    expect(fileURLToPath(await pageWorkerEntry())).toBe(file);
    expect(await readFile(file, 'utf8')).toBe(whole);
    await age(file, 10 * DAY, Date.now());
    await pageWorkerEntry();
    expect((await stat(file)).mtimeMs).toBeGreaterThan(Date.now() - DAY); // young again: no other station prunes it
  });

  it('the first start in a process prunes the bundles of other sources older than a day and not among the newest', async () => {
    const dir = path.dirname(fileURLToPath(await entryNow()));
    // made by older sources: 4 to 7 days old; the current bundle and at least these four are there
    const stale = [4, 5, 6, 7].map((d) => path.join(dir, `page-worker-${String(d).repeat(16)}.mjs`));
    try {
      for (const [i, f] of stale.entries()) {
        await writeFile(f, '// stale');
        await age(f, (4 + i) * DAY, Date.now());
      }
      const current = await entryNow();
      const left = await readdir(dir);
      expect(left).toContain(path.basename(fileURLToPath(current)));
      // at most the two youngest stale ones are among the newest three (with the current one); the others went
      expect(left).not.toContain(path.basename(stale[2]!));
      expect(left).not.toContain(path.basename(stale[3]!));
    } finally {
      await Promise.all(stale.map((f) => unlink(f).catch(() => {})));
    }
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
});
