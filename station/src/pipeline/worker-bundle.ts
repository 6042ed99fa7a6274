/**
 * The page worker as one plain JavaScript module, bundled from its TypeScript sources by esbuild
 * (tsx's own: the station runs its sources through tsx) on first need, once a process. A worker
 * started from it runs without the TypeScript loader, which cost each worker ~25 MB of memory (a
 * loader thread of its own, every source transformed again there). It is written under
 * node_modules/.cache, so its imports of packages resolve as the sources' do, and named by the hash
 * of its content: sources changed since make a new file, never a stale one. When it cannot be made
 * (a read-only install), workers start through the loader (`page-worker-boot.mjs`) as before.
 *
 * Each source change leaves a file behind: old ones are pruned (`pruneBundles`). Every start of
 * workers checks its file is there whole (written again if pruned or cut short) and renews its time,
 * so a running station's file does not look old; a file another version of the sources made is removed
 * only when older than a day and not among the newest few, its time read again just before it goes.
 * A renewal in the instant between that last look and the removal still loses the file: the station
 * that renewed it writes it again at its next start (a worker that cannot start meanwhile leaves its
 * work to the others or the calling thread, `worker-pool.ts`).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SOURCE = new URL('./page-worker.ts', import.meta.url);
const BOOT = new URL('./page-worker-boot.mjs', import.meta.url);
const CACHE = new URL('../../../node_modules/.cache/scan-station/', import.meta.url);
/** Bundles kept whatever their age (the newest by time), and the age beyond which the others go. */
const KEEP_NEWEST = 3;
const KEEP_YOUNGER_MS = 24 * 3600_000;
const BUNDLE_NAME = /^page-worker-[0-9a-f]{16}\.mjs(\.\d+(\.\d+)?\.part)?$/;

interface Esbuild {
  build(o: object): Promise<{ outputFiles: { text: string }[] }>;
}

/** The bundle's text, made once a process (null: it cannot be made). */
let code: Promise<string | null> | null = null;
/** The pruning of each cache folder, once a process. */
const pruned = new Map<string, Promise<unknown>>();
/** The placing of each bundle file under way: starts at the same moment share it (one write, one temporary file). */
const placing = new Map<string, Promise<string>>();
/** Numbers the temporary files this process writes. */
let parts = 0;

/**
 * Where page workers start from: the bundle, or the loader's boot file when the bundle cannot be made.
 * `dir`: the cache folder (tests: a folder of their own, never the one running stations share).
 */
export async function pageWorkerEntry(dir = fileURLToPath(CACHE)): Promise<URL> {
  code ??= bundle().catch(() => null);
  const text = await code;
  if (text === null) return BOOT;
  try {
    const file = await placedOnce(dir, text);
    if (!pruned.has(dir)) pruned.set(dir, pruneBundles(dir, path.basename(file)).catch(() => []));
    await pruned.get(dir);
    return pathToFileURL(file);
  } catch {
    return BOOT;
  }
}

function placedOnce(dir: string, text: string): Promise<string> {
  const file = path.join(dir, `page-worker-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`);
  let p = placing.get(file);
  if (!p) {
    p = placed(dir, file, text).finally(() => placing.delete(file));
    placing.set(file, p);
  }
  return p;
}

async function bundle(): Promise<string> {
  const fromTsx = createRequire(createRequire(import.meta.url).resolve('tsx/package.json'));
  const esbuild = fromTsx('esbuild') as Esbuild;
  const out = await esbuild.build({
    entryPoints: [fileURLToPath(SOURCE)],
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    write: false,
    logLevel: 'silent',
    // the source paths esbuild writes into the bundle relative to the sources' root, not to the
    // current folder: the same sources give the same file whatever folder the station started in
    absWorkingDir: fileURLToPath(new URL('../../../', import.meta.url)),
  });
  return out.outputFiles[0]!.text;
}

/** The bundle's file, there whole, its time renewed (a running station keeps its file young: it is not pruned). */
async function placed(dir: string, file: string, text: string): Promise<string> {
  // the file's content, not its presence: a file a power cut left empty or cut short is written again
  // (else no batch could start its workers until the sources changed); one pruned meanwhile, too
  const there = (await readFile(file, 'utf8').catch(() => null)) === text;
  if (there) {
    const now = new Date();
    // gone between the read and now (another station pruned it): written again below; other failures (a read-only install) leave it as it is
    if (await utimes(file, now, now).then(() => true, (e: NodeJS.ErrnoException) => e.code !== 'ENOENT')) return file;
  }
  await mkdir(dir, { recursive: true });
  // written whole under a name of its own (this process's, this write's), then renamed: another process never starts a half-written file
  const part = `${file}.${process.pid}.${++parts}.part`;
  try {
    await writeFile(part, text);
    await rename(part, file);
  } catch (err) {
    await unlink(part).catch(() => {});
    throw err;
  }
  return file;
}

/**
 * Removes the bundles of other sources from `dir` (and pieces a crash left half-written): those older
 * than a day and not among the newest few, never `keep`. Each one's time is read again just before it
 * goes: one another station renewed since the first look stays. Several stations pruning at once only
 * find a file already gone. Returns the names removed. `looked` (tests): called between the first look
 * at the times and the removals.
 */
export async function pruneBundles(dir: string, keep: string, now = Date.now(), looked?: () => Promise<void>): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => BUNDLE_NAME.test(n));
  const mtimeOf = async (name: string) => (await stat(path.join(dir, name)).catch(() => null))?.mtimeMs;
  const dated = (await Promise.all(names.map(async (name) => ({ name, mtime: await mtimeOf(name) })))).filter((f): f is { name: string; mtime: number } => f.mtime !== undefined);
  const newest = new Set(
    dated
      .filter((f) => !f.name.endsWith('.part'))
      .sort((a, b) => b.mtime - a.mtime)
      .slice(0, KEEP_NEWEST)
      .map((f) => f.name),
  );
  const old = dated.filter((f) => f.name !== keep && !newest.has(f.name) && now - f.mtime > KEEP_YOUNGER_MS);
  await looked?.();
  const removed = await Promise.all(
    old.map(async ({ name, mtime }) => {
      // renewed since the first look (a station started its workers from it): kept
      const again = await mtimeOf(name);
      if (again === undefined || again !== mtime) return null;
      return unlink(path.join(dir, name)).then(() => name, () => null);
    }),
  );
  return removed.filter((n): n is string => n !== null);
}
