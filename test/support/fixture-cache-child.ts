/**
 * For fixture-cache.test.ts: a process that asks for a fixture with the cache folder given (one it
 * must refuse), prints the folder it got and whether it is there, then exits by itself:
 *   node --import tsx fixture-cache-child.ts <cacheDir>
 */
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { cachedFixture } from './fixture-cache.ts';

const [cacheDir] = process.argv.slice(2);
if (!cacheDir) {
  process.stderr.write('usage: fixture-cache-child.ts <cacheDir>\n');
  process.exit(2);
}
const dir = await cachedFixture('child-fixture', {}, (into) => writeFile(path.join(into, 'pagina.txt'), 'pagina'), { cacheDir });
process.stdout.write(`${JSON.stringify({ dir, exists: existsSync(path.join(dir, 'pagina.txt')) })}\n`);
