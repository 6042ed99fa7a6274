/**
 * Decode-only rates, the local limit: every image of the folder read from disk and decoded
 * (sharp/libvips), as many at once as the station analyses pages, nothing else — at each scale
 * asked for, one after the other in this one run. A scale 1/k is sharp's resize to width/k, which
 * is what sharp makes of it (sharp 0.35, src/pipeline.cc): libjpeg's shrink-on-load N (8, 4 or 2)
 * only when the shrink is ≥ N, halved when int(shrink) == N («known libjpeg rounding errors»), and
 * libvips reduces the rest — 1/2 is a full decode and a reduce by 2 (no DCT scaling at all), 1/4
 * shrink-on-load 2 and a reduce by 2, 1/8 shrink-on-load 4 and a reduce by 2. 1 is the full decode.
 * `dctN` (N 2, 4 or 8) is libjpeg's own DCT scaling at 1/N, nothing reduced after: the file read (as
 * the station reads it), then decoded again from its name with libvips' load option, `page.jpg[shrink=N]`
 * (sharp has no shrink for bytes) — the station's route for a JPEG file (`jpeg-readers.ts`).
 * Which route the bench takes as the limit: `decode-limit.ts`. Pixels come out as the file holds
 * them (gray one channel, colour three). Prints one JSON line.
 * Usage: node --import tsx bench/decode-child.ts <dir> <concurrency> [routes, default 1,4,8; e.g. 1,2,dct2]
 */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { rssSampler } from './child.ts';

sharp.cache(false);
const [dir, conc, scaleList] = process.argv.slice(2);
if (!dir) throw new Error('usage: decode-child <dir> <concurrency> [routes]');
const files = (await readdir(dir)).filter((f) => /\.(jpe?g|png|tiff?|pnm|pgm)$/i.test(f)).sort().map((f) => path.join(dir, f));
const routes = (scaleList ?? '1,4,8').split(',').filter(Boolean);
for (const r of routes) if (!/^([1-9]\d*|dct[248])$/.test(r)) throw new Error(`decode-child: «${r}» is no route (1, 2, 4, 8 … or dct2, dct4, dct8)`);

/** One page at 1/factor: the header for the size, then sharp's resize (see above for what it decodes). */
async function decodeAt(bytes: Buffer, factor: number): Promise<number> {
  let img = sharp(bytes, { sequentialRead: true });
  if (factor > 1) {
    const { width = 1 } = await sharp(bytes).metadata();
    img = img.resize({ width: Math.max(1, Math.round(width / factor)), kernel: 'linear' });
  }
  const { info } = await img.raw().toBuffer({ resolveWithObject: true });
  return info.width * info.height;
}

/** One JPEG file at 1/n by libjpeg's DCT scaling: read (as the station reads it), then decoded from its name. */
async function decodeDct(file: string, n: number): Promise<number> {
  await readFile(file);
  const { info } = await sharp(`${file}[shrink=${n}]`, { sequentialRead: true }).raw().toBuffer({ resolveWithObject: true });
  return info.width * info.height;
}

const mem = rssSampler();
const result: Record<string, { ms: number; cpuMs: number; megapixels: number }> = {};
for (const route of routes) {
  const dct = route.startsWith('dct') ? Number(route.slice(3)) : 0;
  const factor = Number(route);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  let next = 0;
  let pixels = 0;
  await Promise.all(Array.from({ length: Number(conc ?? 4) }, async () => {
    while (next < files.length) {
      // not `pixels += await …`: that reads `pixels` before the await, and the four loops lose each other's pages
      const file = files[next++]!;
      const n = dct ? await decodeDct(file, dct) : await decodeAt(await readFile(file), factor);
      pixels += n;
    }
  }));
  const cpu = process.cpuUsage(c0);
  result[route] = { ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, megapixels: pixels / 1e6 };
}
mem.stop();
process.stdout.write(`${JSON.stringify({ pages: files.length, scales: result, peakRssMb: mem.peakMb() })}\n`);
