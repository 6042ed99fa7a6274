/**
 * The page worker as one plain JavaScript module, bundled from its TypeScript sources by esbuild
 * (tsx's own: the station runs its sources through tsx) on first need, once a process. A worker
 * started from it runs without the TypeScript loader, which cost each worker ~25 MB of memory (a
 * loader thread of its own, every source transformed again there). It is written under
 * node_modules/.cache, so its imports of packages resolve as the sources' do, and named by the hash
 * of its content: sources changed since make a new file, never a stale one. When it cannot be made
 * (a read-only install), workers start through the loader (`page-worker-boot.mjs`) as before.
 *
 * Each source change leaves a file behind: old ones are pruned (`pruneBundles`), never one another
 * station on the same install may start workers from. Every start of workers checks its file is
 * there whole (written again if pruned or cut short) and renews its time, so a long-running station's
 * file never looks old; a file another version of the sources made is removed only when older than a
 * day and not among the newest few.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SOURCE = new URL('./page-worker.ts', import.meta.url);
const BOOT = new URL('./page-worker-boot.mjs', import.meta.url);
const CACHE = new URL('../../../node_modules/.cache/scan-station/', import.meta.url);
/** Bundles kept whatever their age (the newest by time), and the age beyond which the others go. */
const KEEP_NEWEST = 3;
const KEEP_YOUNGER_MS = 24 * 3600_000;
const BUNDLE_NAME = /^page-worker-[0-9a-f]{16}\.mjs(\.\d+\.part)?$/;

interface Esbuild {
  build(o: object): Promise<{ outputFiles: { text: string }[] }>;
}

/** The bundle's text, made once a process (null: it cannot be made). */
let code: Promise<string | null> | null = null;
let pruned: Promise<unknown> | null = null;

/** Where page workers start from: the bundle, or the loader's boot file when the bundle cannot be made. */
export async function pageWorkerEntry(): Promise<URL> {
  code ??= bundle().catch(() => null);
  const text = await code;
  if (text === null) return BOOT;
  try {
    const file = await placed(text);
    pruned ??= pruneBundles(fileURLToPath(CACHE), path.basename(fileURLToPath(file))).catch(() => []);
    await pruned;
    return file;
  } catch {
    return BOOT;
  }
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

/** The bundle's file, there whole, its time renewed (a station running for days keeps its file young: it is never pruned). */
async function placed(text: string): Promise<URL> {
  const file = new URL(`page-worker-${createHash('sha256').update(text).digest('hex').slice(0, 16)}.mjs`, CACHE);
  // the file's content, not its presence: a file a power cut left empty or cut short is written again
  // (else no batch could start its workers until the sources changed); one pruned meanwhile, too
  const there = (await readFile(file, 'utf8').catch(() => null)) === text;
  if (there) {
    const now = new Date();
    // gone between the read and now (another station pruned it): written again below; other failures (a read-only install) leave it as it is
    if (await utimes(file, now, now).then(() => true, (e: NodeJS.ErrnoException) => e.code !== 'ENOENT')) return file;
  }
  await mkdir(CACHE, { recursive: true });
  // written whole under a name of its own, then renamed: another process never starts a half-written file
  const part = new URL(`${path.basename(fileURLToPath(file))}.${process.pid}.part`, CACHE);
  await writeFile(part, text);
  await rename(part, file);
  return file;
}

/**
 * Removes the bundles of other sources from `dir` (and pieces a crash left half-written): those older
 * than a day and not among the newest few, never `keep`. Several stations pruning at once only find a
 * file already gone. Returns the names removed.
 */
export async function pruneBundles(dir: string, keep: string, now = Date.now()): Promise<string[]> {
  const names = (await readdir(dir)).filter((n) => BUNDLE_NAME.test(n));
  const dated = (await Promise.all(names.map(async (name) => ({ name, mtime: (await stat(path.join(dir, name)).catch(() => null))?.mtimeMs })))).filter(
    (f): f is { name: string; mtime: number } => f.mtime !== undefined,
  );
  const newest = new Set(
    dated
      .filter((f) => !f.name.endsWith('.part'))
      .sort((a, b) => b.mtime - a.mtime)
      .slice(0, KEEP_NEWEST)
      .map((f) => f.name),
  );
  const old = dated.filter((f) => f.name !== keep && !newest.has(f.name) && now - f.mtime > KEEP_YOUNGER_MS).map((f) => f.name);
  await Promise.all(old.map((name) => unlink(path.join(dir, name)).catch(() => {})));
  return old;
}
