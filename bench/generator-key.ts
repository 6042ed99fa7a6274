/**
 * A key for the bench's cache of generated batches: the SHA-256 of the page generators' source
 * (fixtures/lib and the test page makers it uses). A change to how a page is drawn (say, the
 * direction of a patch code's bars) gives a new key, so the bench never measures batches a
 * previous generator drew.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['fixtures/lib', 'test/support/make-pages.ts', 'test/support/make-labels.ts', 'test/support/zxing-writer.ts'];

async function filesUnder(rel: string): Promise<string[]> {
  const abs = path.join(ROOT, rel);
  const entries = await readdir(abs, { withFileTypes: true }).catch(() => null);
  if (entries === null) return [rel];
  const nested = await Promise.all(entries.map((e) => filesUnder(path.join(rel, e.name))));
  return nested.flat();
}

export async function generatorKey(): Promise<string> {
  const files = (await Promise.all(SOURCES.map(filesUnder))).flat().filter((f) => f.endsWith('.ts')).sort();
  const hash = createHash('sha256');
  for (const f of files) {
    hash.update(f.split(path.sep).join('/')).update('\0');
    hash.update(await readFile(path.join(ROOT, f))).update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}
