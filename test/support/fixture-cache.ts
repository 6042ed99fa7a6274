/**
 * Generated test fixtures kept between runs: a folder made once, keyed by everything that decides
 * its bytes (the page generators' source as the bench keys its batches, the image libraries'
 * versions, the maker function's own source and its parameters). A change to any of them makes a
 * new folder; an unchanged generator is not run again. Each folder holds a manifest of its files'
 * SHA-256, checked on every use (a file damaged or changed since, by anyone, makes a new folder).
 *
 * Where: `node_modules/.cache/scan-station-test-fixtures` of this checkout, a folder of this user's
 * only (made 0700; checked with lstat, never through a symlink: a directory owned by this user that
 * nobody else may write, in a parent nobody else may rename it in). Anything else there — another
 * user's folder, a symlink, one others may write — could hold planted fixtures whose manifest
 * matches and make a test pass falsely: it is not used; the fixtures are then made in a folder
 * private to this process, removed when the process exits (and, if it was killed, by the next
 * process that needs one).
 *
 * Concurrency: a fixture is written to a staging folder, then renamed to its name (atomic: two test
 * processes making the same fixture at once both end up with whole files). A folder that has had a
 * name is never removed or replaced in place (another process may be reading it): a damaged one is
 * left as it is and the fixture made again under the next name (`<key>.2`, …); folders unused for
 * three days are moved aside (atomic) and then removed.
 */
import { createHash, randomBytes } from 'node:crypto';
import { rmSync, readFileSync } from 'node:fs';
import { lstat, mkdir, mkdtemp, readdir, readFile, rename, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { generatorKey } from '../../bench/generator-key.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const DEFAULT_CACHE = path.join(ROOT, 'node_modules', '.cache', 'scan-station-test-fixtures');
const MANIFEST = '.manifest.json';
/** Folders of this cache not used for this long are removed when a fixture is asked for. */
const STALE_MS = 3 * 24 * 3600_000;
/** Names tried for one fixture: its key, then `<key>.2` … when damaged copies hold the earlier ones. */
const NAMES_PER_FIXTURE = 8;
const uid = typeof process.getuid === 'function' ? process.getuid() : null;
/** The private fallback folders of this user, one a process: `<prefix><pid>-<random>`. */
const PRIVATE_PREFIX = `scan-station-fixtures-private-${uid ?? 'user'}-`;

export interface FixtureCacheOptions {
  /** The cache folder (default `node_modules/.cache/scan-station-test-fixtures`; tests of this module give their own). */
  cacheDir?: string;
}

const packageVersion = (name: string): string =>
  (JSON.parse(readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

let generators: Promise<string> | undefined;

/** The key of a fixture: generators, libraries, the maker's source and its parameters. */
async function keyOf(name: string, params: unknown, make: (dir: string) => Promise<unknown>): Promise<string> {
  const libraries = { sharp: sharp.versions, zxing: packageVersion('zxing-wasm'), pdfLib: packageVersion('pdf-lib') };
  const text = JSON.stringify([await (generators ??= generatorKey()), libraries, name, params, make.toString()]);
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

async function filesOf(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries.filter((e) => e.isFile() && e.name !== MANIFEST).map((e) => path.relative(dir, path.join(e.parentPath, e.name))).sort();
}

async function manifestOf(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await filesOf(dir)) out[f] = createHash('sha256').update(await readFile(path.join(dir, f))).digest('hex');
  return out;
}

/** True when `dir` (a real folder, not a symlink) holds exactly the files its manifest lists, each with its hash. */
async function intact(dir: string): Promise<boolean> {
  if (!(await lstat(dir).catch(() => null))?.isDirectory()) return false;
  const listed = await readFile(path.join(dir, MANIFEST), 'utf8').then((t) => JSON.parse(t) as Record<string, string>, () => null);
  if (!listed) return false;
  return JSON.stringify(await manifestOf(dir).catch(() => null)) === JSON.stringify(listed);
}

/**
 * Whether `dir` is this user's alone: a directory (lstat: a symlink is not one) owned by this user
 * that no one else may write, in a parent no one else may rename it in (owned by this user or root,
 * not writable by others unless sticky, as /tmp is). Windows has no such bits: a folder is taken.
 */
export async function isPrivateFolder(dir: string): Promise<boolean> {
  const st = await lstat(dir).catch(() => null);
  if (!st?.isDirectory()) return false;
  if (uid === null) return true;
  if (st.uid !== uid || (st.mode & 0o022) !== 0) return false;
  const parent = await lstat(path.dirname(dir)).catch(() => null);
  if (!parent?.isDirectory() || (parent.uid !== uid && parent.uid !== 0)) return false;
  return (parent.mode & 0o022) === 0 || (parent.mode & 0o1000) !== 0;
}

/** The cache folder, made 0700 when missing; null when it is not this user's alone. */
async function sharedCache(dir: string): Promise<string | null> {
  await mkdir(path.dirname(dir), { recursive: true }).catch(() => undefined);
  await mkdir(dir, { mode: 0o700 }).catch(() => undefined);
  return (await isPrivateFolder(dir)) ? dir : null;
}

let privateCache: Promise<string> | undefined;

/** This process's own folder (mkdtemp: 0700), removed when it exits normally; those of processes gone (killed: vitest ends its forks with SIGTERM, no exit handler runs) are removed first. */
function processCache(): Promise<string> {
  return (privateCache ??= (async () => {
    await removeLeftPrivateFolders();
    const dir = await mkdtemp(path.join(tmpdir(), `${PRIVATE_PREFIX}${process.pid}-`));
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    return dir;
  })());
}

/** The private folders of this user's processes that ended without removing theirs (killed). */
async function removeLeftPrivateFolders(): Promise<void> {
  for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
    const pid = Number(/^(\d+)-/.exec(name.startsWith(PRIVATE_PREFIX) ? name.slice(PRIVATE_PREFIX.length) : '')?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    const dir = path.join(tmpdir(), name);
    if (await isPrivateFolder(dir)) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A rename that found its target taken: it exists (Linux ENOTEMPTY/EEXIST, Windows EPERM/EACCES). */
const targetTaken = (err: unknown): boolean => ['ENOTEMPTY', 'EEXIST', 'EPERM', 'EACCES'].includes((err as NodeJS.ErrnoException).code ?? '');

/** The intact folder of `key` in `cache`, made now if there is none. */
async function findOrMake(cache: string, key: string, make: (dir: string) => Promise<unknown>): Promise<string> {
  const names = Array.from({ length: NAMES_PER_FIXTURE }, (_, i) => path.join(cache, i === 0 ? key : `${key}.${i + 1}`));
  for (const dir of names) {
    if (await intact(dir)) return dir;
  }
  const staging = await mkdtemp(path.join(cache, `.${key}-`));
  try {
    await make(staging);
    await writeFile(path.join(staging, MANIFEST), JSON.stringify(await manifestOf(staging)));
    for (const dir of names) {
      if (await intact(dir)) return dir; // another run made it meanwhile
      try {
        await rename(staging, dir); // only into a free name (or an empty folder): nothing anyone reads is replaced
        return dir;
      } catch (err) {
        if (!targetTaken(err)) throw err;
        if (await intact(dir)) return dir; // another run renamed its copy in first
        // a damaged copy holds this name: left alone (someone may be reading it), the next name tried
      }
    }
    throw new Error(`fixture ${key}: the ${NAMES_PER_FIXTURE} names of ${cache} are all held by damaged copies`);
  } finally {
    await rm(staging, { recursive: true, force: true }); // gone already when it was renamed in
  }
}

/** Moves aside (atomic, so no run finds half a folder by its name), then removes, what was not used for STALE_MS. */
async function removeStale(cache: string, keep: string): Promise<void> {
  const entries = await readdir(cache, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const dir = path.join(cache, e.name);
    if (dir === keep || !e.isDirectory()) continue; // a trash a failed removal left is old too: removed again
    const st = await lstat(dir).catch(() => null);
    if (!st || Date.now() - st.mtimeMs <= STALE_MS) continue;
    const trash = path.join(cache, `.trash-${randomBytes(6).toString('hex')}`);
    if (await rename(dir, trash).then(() => true, () => false)) await rm(trash, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * The folder `make` fills, made once for these `params` (which must hold every value `make` reads
 * from outside itself). Read it only: the same folder serves every later run.
 */
export async function cachedFixture(name: string, params: unknown, make: (dir: string) => Promise<unknown>, options: FixtureCacheOptions = {}): Promise<string> {
  const key = `${name}-${await keyOf(name, params, make)}`;
  const cache = (await sharedCache(options.cacheDir ?? DEFAULT_CACHE)) ?? (await processCache());
  const dir = await findOrMake(cache, key, make);
  await utimes(dir, new Date(), new Date()).catch(() => undefined); // in use: not stale
  await removeStale(cache, dir);
  return dir;
}
