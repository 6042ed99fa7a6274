/**
 * The page worker as one plain JavaScript module, bundled from its TypeScript sources by esbuild
 * (tsx's own: the station runs its sources through tsx) on first need, once a process. A worker
 * started from it runs without the TypeScript loader, which cost each worker ~25 MB of memory (a
 * loader thread of its own, every source transformed again there). It is written under
 * node_modules/.cache, so its imports of packages resolve as the sources' do, and named by the hash
 * of its content: sources changed since make a new file, never a stale one. When it cannot be made
 * (a read-only install), workers start through the loader (`page-worker-boot.mjs`) as before.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const SOURCE = new URL('./page-worker.ts', import.meta.url);
const BOOT = new URL('./page-worker-boot.mjs', import.meta.url);
const CACHE = new URL('../../../node_modules/.cache/scan-station/', import.meta.url);

interface Esbuild {
  build(o: object): Promise<{ outputFiles: { text: string }[] }>;
}

let entry: Promise<URL> | null = null;

/** Where page workers start from: the bundle, or the loader's boot file when the bundle cannot be made. */
export function pageWorkerEntry(): Promise<URL> {
  entry ??= bundle().catch(() => BOOT);
  return entry;
}

async function bundle(): Promise<URL> {
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
  const code = out.outputFiles[0]!.text;
  const file = new URL(`page-worker-${createHash('sha256').update(code).digest('hex').slice(0, 16)}.mjs`, CACHE);
  // the file's content, not its presence: a file a power cut left empty or cut short is written again
  // (else no batch could start its workers until the sources changed)
  const there = (await readFile(file, 'utf8').catch(() => null)) === code;
  if (!there) {
    await mkdir(CACHE, { recursive: true });
    // written whole under a name of its own, then renamed: another process never starts a half-written file
    const part = new URL(`${file.href.split('/').pop()}.${process.pid}.part`, CACHE);
    await writeFile(part, code);
    await rename(part, file);
  }
  return file;
}
