/**
 * Decode-only rate, the local limit: every image of the folder read from disk and decoded to full
 * resolution grayscale pixels (sharp/libvips), as many at once as the station analyses pages.
 * Nothing else. Prints one JSON line. Usage: node --import tsx bench/decode-child.ts <dir> <concurrency>
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { rssSampler } from './child.ts';

sharp.cache(false);
const [dir, conc] = process.argv.slice(2);
if (!dir) throw new Error('usage: decode-child <dir> <concurrency>');
const files = (await readdir(dir)).filter((f) => /\.(jpe?g|png|tiff?|pnm|pgm)$/i.test(f)).sort().map((f) => path.join(dir, f));
const mem = rssSampler();
const t0 = performance.now();
let next = 0;
let pixels = 0;
await Promise.all(Array.from({ length: Number(conc ?? 4) }, async () => {
  while (next < files.length) {
    const file = files[next++]!;
    const { info } = await sharp(await readFile(file)).grayscale().raw().toBuffer({ resolveWithObject: true });
    pixels += info.width * info.height;
  }
}));
const ms = performance.now() - t0;
mem.stop();
process.stdout.write(`${JSON.stringify({ ms, pages: files.length, megapixels: pixels / 1e6, peakRssMb: mem.peakMb() })}\n`);
