/**
 * `--out` on another file system, behind a link, on a full or read-only disk — with real folders:
 * /dev/shm (tmpfs, another file system than the temp folder) and, when the tests run as root as in
 * CI, small tmpfs mounts (a mount point as --out, a full disk, a read-only disk). The batch is staged
 * where the final rename cannot fail with EXDEV, a bad --out fails before any page is read, and a
 * disk failure gets its own code in the terminal, the journal and the log.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, readdir, rm, symlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { openJournal } from '../../../station/src/journal/open-journal.ts';
import { contentPage, separatorPage, toJpeg } from '../../support/make-pages.ts';
import { REPO_ROOT, runSplit, writeInputs } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const DPI = 100;
let root: string;
let cleanup: () => Promise<void>;
let shm: string | null = null;
const mounts: string[] = [];
let pages: [string, Uint8Array][];

/** A tmpfs mounted for the test (root only); null when mounting is not possible here. */
function tryMount(dir: string, options: string): string | null {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    mounts.push(dir);
    return dir;
  } catch {
    return null;
  }
}

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('out-fs-'));
  pages = [
    ['p1.jpg', new Uint8Array(await toJpeg(await separatorPage(DPI, { value: '84512/27.09.2021', format: 'Code128', moduleMm: 0.6 })))],
    ['p2.jpg', new Uint8Array(await toJpeg(await contentPage(DPI, 1)))],
    ['p3.jpg', new Uint8Array(await toJpeg(await contentPage(DPI, 2)))],
  ];
  if (existsSync('/dev/shm') && statSync('/dev/shm').dev !== statSync(root).dev) {
    shm = path.join('/dev/shm', `out-fs-${process.pid}`);
    await mkdir(shm, { recursive: true });
  }
});
afterAll(async () => {
  for (const m of mounts.reverse()) {
    try {
      execFileSync('umount', [m], { stdio: 'ignore' });
    } catch {
      /* already gone */
    }
  }
  if (shm) await rm(shm, { recursive: true, force: true });
  await cleanup();
});

let n = 0;
async function newCase(): Promise<{ dir: string; dataDir: string }> {
  const dir = path.join(root, `case${++n}`);
  await mkdir(path.join(dir, 'in'), { recursive: true });
  await writeInputs(path.join(dir, 'in'), pages);
  return { dir, dataDir: path.join(dir, 'data') };
}

function journalRow(dataDir: string): { status: string; error_code: string | null } {
  const db = openJournal(dataDir);
  try {
    return db.prepare('SELECT status, error_code FROM batches').get() as { status: string; error_code: string | null };
  } finally {
    db.close();
  }
}

describe('--out behind a link or on another file system', () => {
  it('--out is a link to a folder on another file system: the batch lands there (no EXDEV at the end)', async (t) => {
    if (!shm) return t.skip();
    const c = await newCase();
    const target = path.join(shm, `t${n}`);
    await mkdir(target);
    await symlink(target, path.join(c.dir, 'out'));
    const r = await runSplit(['in', '--out', 'out', '--json'], { cwd: c.dir, dataDir: c.dataDir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout) as SplitSummary;
    expect((await readdir(target)).sort()).toEqual(['84512_27.09.2021.pdf', 'summary.json']);
    expect(s.documents).toHaveLength(1);
    // nothing left beside the link or beside the target
    expect((await readdir(c.dir)).sort()).toEqual(['data', 'in', 'out']);
    expect(await readdir(shm)).not.toContainEqual(expect.stringContaining('staging'));
  });

  it('a dangling link as --out fails at once, naming the link and where it leads, before any page is read', async () => {
    const c = await newCase();
    await symlink(path.join(root, 'disc-nemontat', 'lot'), path.join(c.dir, 'out'));
    await writeInputs(path.join(c.dir, 'in'), [['p9.jpg', new TextEncoder().encode('not an image')]]);
    const r = await runSplit(['in', '--out', 'out'], { cwd: c.dir, dataDir: c.dataDir });
    expect(r.code).toBe(1);
    // the corrupt page would have failed the batch later: the --out check came first
    expect(r.stderr).toBe(`Eroare [OUTPUT_FAILED]: Dosarul de ieșire „${path.join(c.dir, 'out')}” este o legătură către „${path.join(root, 'disc-nemontat', 'lot')}”, care nu există (disc nemontat sau dosar șters?). Nimic nu a fost citit.\n`);
    expect(existsSync(path.join(root, 'disc-nemontat'))).toBe(false);
  });

  it('--out is itself a mount point (USB stick, share): staged inside it, committed there (root only)', async (t) => {
    const c = await newCase();
    const mnt = path.join(c.dir, 'stick');
    await mkdir(mnt);
    if (!tryMount(mnt, 'size=8m')) return t.skip();
    await mkdir(path.join(mnt, 'lost+found')); // a formatted stick's root: still an empty --out for the clerk
    const r = await runSplit(['in', '--out', 'stick'], { cwd: c.dir, dataDir: c.dataDir });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect((await readdir(mnt)).sort()).toEqual(['84512_27.09.2021.pdf', 'lost+found', 'summary.json']);
  });
});

describe('disk failures have their own codes (root only: real tmpfs mounts)', () => {
  it('a full disk: DISK_FULL in the terminal, the journal and the log; --out left as it was', async (t) => {
    const c = await newCase();
    const mnt = path.join(c.dir, 'plin');
    await mkdir(mnt);
    if (!tryMount(mnt, 'size=24k')) return t.skip();
    const r = await runSplit(['in', '--out', path.join('plin', 'lot')], { cwd: c.dir, dataDir: c.dataDir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Eroare \[DISK_FULL\]: Discul este plin \(„.*plin.*”\): nu mai este loc/);
    expect(r.stderr).not.toContain('INTERNAL');
    expect(journalRow(c.dataDir)).toMatchObject({ status: 'failed', error_code: 'DISK_FULL' });
    const log = await readFile(path.join(c.dataDir, 'logs', 'station.log'), 'utf8');
    expect(log).toMatch(/"code":"DISK_FULL".*"errno":"ENOSPC"/);
    expect(await readdir(mnt)).toEqual([]);
  });

  it('a folder the station may not write: FILE_ACCESS_DENIED at once (the station run as «nobody»)', async (t) => {
    if (process.getuid?.() !== 0) return t.skip();
    const c = await newCase();
    const locked = path.join(c.dir, 'blocat');
    await mkdir(locked, { mode: 0o755 }); // root's: «nobody» may read it, not write in it
    await mkdir(c.dataDir, { recursive: true });
    await chown(c.dataDir, 65534, 65534);
    for (let d = c.dir; d !== path.dirname(root); d = path.dirname(d)) await chmod(d, 0o755);
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      execFile(process.execPath, [path.join(REPO_ROOT, 'bin', 'station.js'), 'split', 'in', '--out', path.join('blocat', 'lot')], {
        cwd: c.dir, uid: 65534, gid: 65534, env: { PATH: process.env.PATH, HOME: c.dataDir, STATION_DATA_DIR: c.dataDir },
      }, (err, _out, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? null) : 0, stderr }));
    });
    expect(r.stderr).toMatch(/^Eroare \[FILE_ACCESS_DENIED\]: Acces refuzat \(„.*blocat.*”\): stația nu are dreptul să scrie acolo/);
    expect(r.code).toBe(1);
    expect(await readdir(locked)).toEqual([]);
  });

  it('a read-only disk: READ_ONLY_FS before the first page is processed', async (t) => {
    const c = await newCase();
    const mnt = path.join(c.dir, 'ro');
    await mkdir(mnt);
    if (!tryMount(mnt, 'size=1m,ro')) return t.skip();
    const r = await runSplit(['in', '--out', path.join('ro', 'lot')], { cwd: c.dir, dataDir: c.dataDir });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^Eroare \[READ_ONLY_FS\]: Discul sau dosarul \(„.*ro.*”\) este doar pentru citire/);
    expect(journalRow(c.dataDir)).toMatchObject({ status: 'failed', error_code: 'READ_ONLY_FS' });
  });
});
