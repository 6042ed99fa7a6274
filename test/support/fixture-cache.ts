/**
 * Generated test fixtures kept between runs: a folder made once, under the system temp folder,
 * keyed by everything that decides its bytes (the page generators' source as the bench keys its
 * batches, the image libraries' versions, the maker function's own source and its parameters).
 * A change to any of them makes a new folder; an unchanged generator is not run again. Each
 * folder holds a manifest of its files' SHA-256, checked on every use (a file damaged or changed
 * since, by anyone, makes the folder be made again). Written to a private folder then renamed in
 * (atomic: two test processes making the same fixture at once both end up with whole files).
 */
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { generatorKey } from '../../bench/generator-key.ts';

const CACHE = path.join(tmpdir(), 'scan-station-test-fixtures');
const MANIFEST = '.manifest.json';
/** Folders of this cache not used for this long are removed when a new one is made. */
const STALE_MS = 3 * 24 * 3600_000;

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
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

/** True when `dir` holds exactly the files its manifest lists, each with its hash. */
async function intact(dir: string): Promise<boolean> {
  const listed = await readFile(path.join(dir, MANIFEST), 'utf8').then((t) => JSON.parse(t) as Record<string, string>, () => null);
  if (!listed) return false;
  return JSON.stringify(await manifestOf(dir)) === JSON.stringify(listed);
}

async function removeStale(keep: string): Promise<void> {
  const entries = await readdir(CACHE, { withFileTypes: true }).catch(() => []);
  for (const e of entries) {
    const dir = path.join(CACHE, e.name);
    if (dir === keep || !e.isDirectory()) continue;
    const s = await stat(dir).catch(() => null);
    if (s && Date.now() - s.mtimeMs > STALE_MS) await rm(dir, { recursive: true, force: true }).catch(() => undefined);
  }
}

/**
 * The folder `make` fills, made once for these `params` (which must hold every value `make` reads
 * from outside itself). Read it only: the same folder serves every later run.
 */
export async function cachedFixture(name: string, params: unknown, make: (dir: string) => Promise<unknown>): Promise<string> {
  const dir = path.join(CACHE, `${name}-${await keyOf(name, params, make)}`);
  if (await intact(dir)) {
    await utimes(dir, new Date(), new Date()).catch(() => undefined);
    return dir;
  }
  let staging: string;
  try {
    await mkdir(CACHE, { recursive: true });
    staging = await mkdtemp(path.join(CACHE, `.${name}-`));
  } catch {
    // a temp folder this user may not write (another user's cache): made privately, not kept
    staging = await mkdtemp(path.join(tmpdir(), `${name}-`));
    await make(staging);
    return staging;
  }
  try {
    await make(staging);
    await writeFile(path.join(staging, MANIFEST), JSON.stringify(await manifestOf(staging)));
    if (await intact(dir)) throw Object.assign(new Error('made meanwhile'), { code: 'EEXIST' });
    await rm(dir, { recursive: true, force: true }); // a damaged copy
    await rename(staging, dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    await rm(staging, { recursive: true, force: true });
    // another run renamed the same fixture in first
    if ((code !== 'ENOTEMPTY' && code !== 'EEXIST') || !(await intact(dir))) throw e;
  }
  await removeStale(dir);
  return dir;
}
