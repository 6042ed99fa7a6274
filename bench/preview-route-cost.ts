/**
 * What a page's first-look preview costs by each route a JPEG file can take (`pipeline/stages/jpeg-readers.ts`):
 * libjpeg's DCT scaling as it is (`file[shrink=N]`), the same smoothed by libvips' Gaussian of σ 0.8
 * (the gray 200 dpi route until 2 Dec 2026), the same smoothed by the 3 × 3 binomial kernel
 * (`imaging/smooth-binomial.ts`, the route now), and sharp's resize of the bytes (a full decode and a
 * reduce at 1/2; shrink-on-load 2 and a reduce at 1/4). Over the first 60 JPEG files of a folder (the
 * bench's dense letters: `npm run bench` leaves them under /tmp/scan-station-bench), one page at a
 * time, libvips on one thread, two rounds; mean CPU ms a page of the whole process (libvips' thread included).
 *
 *   node --import tsx bench/preview-route-cost.ts <folder> gray|rgb <2|4>
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp, { type Sharp } from 'sharp';
import { openEncoded, openJpegShrunk, toGray, toRgb } from '../station/src/imaging/sharp-adapter.ts';
import { smoothInPlace } from '../station/src/imaging/smooth-binomial.ts';

const [dir, kind, factorArg] = process.argv.slice(2);
const factor = Number(factorArg);
if (!dir || (kind !== 'gray' && kind !== 'rgb') || (factor !== 2 && factor !== 4)) throw new Error('usage: preview-route-cost <folder> gray|rgb <2|4>');
sharp.concurrency(1);
const files = (await readdir(dir)).filter((f) => /\.jpe?g$/i.test(f)).sort().slice(0, 60).map((f) => path.join(dir, f));
if (files.length === 0) throw new Error(`no JPEG file in ${dir}`);
const { width } = await sharp(files[0]).metadata();
const W = width!;
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};
const read = (img: Sharp) => (kind === 'gray' ? toGray(img, W, 1, 'bench') : toRgb(img, W, 1, 'bench'));
const routes: Record<string, (file: string) => Promise<unknown>> = {
  'DCT': (file) => read(openJpegShrunk(file, factor)),
  'DCT + Gaussian σ 0.8': (file) => read(openJpegShrunk(file, factor).blur(0.8)),
  'DCT + binomial 3 × 3': async (file) => {
    const img = await read(openJpegShrunk(file, factor));
    smoothInPlace(img, kind === 'gray' ? 1 : 3);
  },
  'resize of the bytes': async (file) => {
    const img = openEncoded(await readFile(file));
    return kind === 'gray' ? toGray(img, W, factor, 'bench') : toRgb(img, W, factor, 'bench');
  },
};
process.stdout.write(`${files.length} pages of ${dir}, ${kind} at 1/${factor}, CPU ms a page (one at a time, libvips on one thread)\n`);
for (const round of [1, 2]) {
  for (const [name, route] of Object.entries(routes)) {
    await route(files[0]!); // warm-up
    const t = cpu();
    for (const file of files) await route(file);
    process.stdout.write(`  round ${round}  ${name.padEnd(22)} ${((cpu() - t) / files.length).toFixed(1)}\n`);
  }
}
