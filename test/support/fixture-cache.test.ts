/**
 * The test fixture cache: a folder of this user's alone, never one another user (or a symlink, or a
 * folder others may write) could have planted fixtures in; its private fallback removed when the
 * process ends; a folder once named never removed or replaced while someone may read it. Each test
 * gives its own cache folder.
 */
import { chmod, chown, lstat, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawn } from '../../station/src/exec/spawn-process.ts';
import { cachedFixture } from './fixture-cache.ts';

const CHILD = fileURLToPath(new URL('./fixture-cache-child.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const isRoot = process.getuid?.() === 0;

let base: string;
beforeEach(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'fixture-cache-test-'));
});
afterEach(async () => {
  await rm(base, { recursive: true, force: true });
});

let made = 0;
/** The maker (one function: the same key each call); counts its runs. */
async function makePage(dir: string): Promise<void> {
  made++;
  await writeFile(path.join(dir, 'pagina.txt'), 'pagina');
}

/** What someone with write access to a cached fixture does: other bytes, and a manifest that matches them. */
async function plant(dir: string): Promise<void> {
  await writeFile(path.join(dir, 'pagina.txt'), 'fals');
  await writeFile(path.join(dir, '.manifest.json'), JSON.stringify({ 'pagina.txt': createHash('sha256').update('fals').digest('hex') }));
}

describe('cachedFixture', () => {
  it('makes a fixture once in a 0700 folder of this user, then serves the same folder', async () => {
    const cacheDir = path.join(base, 'cache');
    made = 0;
    const first = await cachedFixture('pagina', { n: 1 }, makePage, { cacheDir });
    const again = await cachedFixture('pagina', { n: 1 }, makePage, { cacheDir });
    expect(again).toBe(first);
    expect(made).toBe(1);
    expect(path.dirname(first)).toBe(cacheDir);
    expect((await lstat(cacheDir)).mode & 0o777).toBe(0o700);
    expect(await readFile(path.join(first, 'pagina.txt'), 'utf8')).toBe('pagina');
  });

  it.runIf(isRoot)("another user's cache folder is not used, even with a planted fixture its manifest matches", async () => {
    const cacheDir = path.join(base, 'cache');
    const dir = await cachedFixture('pagina', { n: 2 }, makePage, { cacheDir });
    await plant(dir);
    for (const p of [cacheDir, dir, path.join(dir, 'pagina.txt'), path.join(dir, '.manifest.json')]) await chown(p, 65534, 65534);
    const got = await cachedFixture('pagina', { n: 2 }, makePage, { cacheDir });
    expect(got.startsWith(cacheDir)).toBe(false);
    expect(await readFile(path.join(got, 'pagina.txt'), 'utf8')).toBe('pagina');
  });

  it('a cache folder others may write, or a symlink (even to a folder of this user), is not used', async () => {
    const writable = path.join(base, 'writable');
    const dir = await cachedFixture('pagina', { n: 3 }, makePage, { cacheDir: writable });
    await plant(dir);
    await chmod(writable, 0o777);
    const got = await cachedFixture('pagina', { n: 3 }, makePage, { cacheDir: writable });
    expect(got.startsWith(writable)).toBe(false);
    expect(await readFile(path.join(got, 'pagina.txt'), 'utf8')).toBe('pagina');

    const real = path.join(base, 'real');
    const planted = await cachedFixture('pagina', { n: 4 }, makePage, { cacheDir: real });
    await plant(planted);
    const link = path.join(base, 'link');
    await symlink(real, link);
    const viaLink = await cachedFixture('pagina', { n: 4 }, makePage, { cacheDir: link });
    expect(viaLink.startsWith(link)).toBe(false);
    expect(viaLink.startsWith(real)).toBe(false);
    expect(await readFile(path.join(viaLink, 'pagina.txt'), 'utf8')).toBe('pagina');
  });

  it("the private fallback is removed when its process ends, and a killed process's by the next one", async () => {
    const link = path.join(base, 'link');
    await mkdir(path.join(base, 'real'));
    await symlink(path.join(base, 'real'), link);
    // what a process killed before its exit left behind (a pid no process can have; mkdtemp: 0700, a name of its own for each run)
    const left = await mkdtemp(path.join(tmpdir(), `scan-station-fixtures-private-${process.getuid?.() ?? 'user'}-4194305-`));
    const run = await spawn(process.execPath, ['--import', 'tsx', CHILD, link], { cwd: REPO, timeoutMs: 120_000 });
    expect(run.exitCode, run.stderrTail).toBe(0);
    const { dir, exists } = JSON.parse(run.stdout) as { dir: string; exists: boolean };
    expect(exists).toBe(true);
    expect(dir.startsWith(link)).toBe(false);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(left)).toBe(false);
  });

  it('a damaged fixture is made again under another name: the damaged folder (someone may be reading it) is neither removed nor replaced', async () => {
    const cacheDir = path.join(base, 'cache');
    const first = await cachedFixture('pagina', { n: 5 }, makePage, { cacheDir });
    const inode = (await stat(first)).ino;
    await writeFile(path.join(first, 'pagina.txt'), 'stricat'); // a test that wrote into it by mistake
    const second = await cachedFixture('pagina', { n: 5 }, makePage, { cacheDir });
    expect(second).not.toBe(first);
    expect(await readFile(path.join(second, 'pagina.txt'), 'utf8')).toBe('pagina');
    expect((await stat(first)).ino).toBe(inode);
    expect(await readFile(path.join(first, 'pagina.txt'), 'utf8')).toBe('stricat');
    // and the good copy is the one served from now on
    expect(await cachedFixture('pagina', { n: 5 }, makePage, { cacheDir })).toBe(second);
  });

  it('two runs making the same fixture at once both get one whole folder, neither removing what the other returned', async () => {
    const cacheDir = path.join(base, 'cache');
    const gates: { entered: () => void; release: Promise<void> }[] = [];
    const gate = () => {
      let entered: () => void = () => {};
      let release: () => void = () => {};
      const g = { entered: new Promise<void>((r) => (entered = r)), release: new Promise<void>((r) => (release = r)) };
      gates.push({ entered, release: g.release });
      return { ...g, open: release };
    };
    const gated = async (dir: string) => {
      const g = gates.shift()!;
      g.entered();
      await g.release;
      await writeFile(path.join(dir, 'pagina.txt'), 'pagina');
    };
    const a = gate();
    const b = gate();
    const runA = cachedFixture('pagina', { n: 6 }, gated, { cacheDir });
    const runB = cachedFixture('pagina', { n: 6 }, gated, { cacheDir });
    await Promise.all([a.entered, b.entered]); // both found nothing and are making it
    a.open(); // whichever run entered first finishes first
    const dirA = await Promise.race([runA, runB]);
    const inode = (await stat(dirA)).ino;
    b.open();
    expect(await Promise.all([runA, runB])).toEqual([dirA, dirA]);
    expect((await stat(dirA)).ino).toBe(inode);
    expect(await readFile(path.join(dirA, 'pagina.txt'), 'utf8')).toBe('pagina');
  });
});
