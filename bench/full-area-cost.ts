/**
 * CPU cost of a page's full-resolution gray raster, whole (`toGray` at factor 1) or one area of it
 * alone (`toGrayArea`, what `fullArea` decodes for barcode windows): an area near the top (a label),
 * one reaching near the bottom; for the JPEG as it is and re-encoded progressive. CPU ms of all
 * threads (libvips' included), median of `--runs` (default 15), one decode at a time.
 *
 *   node --import tsx bench/full-area-cost.ts [--runs N] page.jpg…
 */
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { openEncoded, toGray, toGrayArea } from '../station/src/imaging/sharp-adapter.ts';

async function cpuMs(run: () => Promise<unknown>, runs: number): Promise<number> {
  const got: number[] = [];
  await run(); // warm-up
  for (let i = 0; i < runs; i++) {
    const t = process.cpuUsage();
    await run();
    const d = process.cpuUsage(t);
    got.push((d.user + d.system) / 1000);
  }
  got.sort((a, b) => a - b);
  return got[Math.floor(got.length / 2)]!;
}

const args = process.argv.slice(2);
const at = args.indexOf('--runs');
const runs = at >= 0 ? Number(args.splice(at, 2)[1]) : 15;
for (const file of args) {
  const baseline = new Uint8Array(readFileSync(file));
  const { width, height } = await sharp(baseline).metadata();
  const w = width!;
  const h = height!;
  const progressive = new Uint8Array(await sharp(baseline).jpeg({ quality: 85, progressive: true }).toBuffer());
  const mm = w / 210;
  // a label's windows near a top corner; and the same near the bottom
  const top = { x0: Math.round(w - 100 * mm), y0: Math.round(5 * mm), x1: Math.round(w - 10 * mm), y1: Math.round(40 * mm) };
  const bottom = { ...top, y0: h - Math.round(40 * mm), y1: h - Math.round(5 * mm) };
  for (const [kind, bytes] of [['baseline', baseline], ['progressive', progressive]] as const) {
    if ((await sharp(bytes).metadata()).isProgressive !== (kind === 'progressive')) throw new Error(`${file}: not ${kind}`);
    const whole = await cpuMs(() => toGray(openEncoded(bytes), w, 1, file), runs);
    const near = await cpuMs(() => toGrayArea(openEncoded(bytes), top, file), runs);
    const low = await cpuMs(() => toGrayArea(openEncoded(bytes), bottom, file), runs);
    console.log(`${file} ${w}x${h} ${kind}: whole ${whole.toFixed(0)} ms, area near the top ${near.toFixed(0)} ms, area near the bottom ${low.toFixed(0)} ms (CPU, median of ${runs})`);
  }
}
