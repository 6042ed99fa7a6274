/**
 * What copying a page's preview into a kernel's memory costs, outside `sharingPreviews` (each call
 * copies): the RGB preview into the shared preview memory (`holdPreview`, `imaging/preview-memory.ts`)
 * and the gray preview into the gray passes' (`grayPasses`, `imaging/gray-passes.ts`: the copy, its
 * slack zeroed, the passes' object), for A4 previews at 75 and 100 dpi. Each call copies the next of
 * 16 different previews (over 30 MB: out of the caches, as a new page's preview is). Median of
 * `--runs` (default 400) calls, in ms of this thread's CPU (one call at a time: the copy's figure, not the machine's load).
 *
 *   node --import tsx bench/preview-copy-cost.ts [--runs N]
 */
import { grayPasses } from '../station/src/imaging/gray-passes.ts';
import { holdPreview } from '../station/src/imaging/preview-memory.ts';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1] || 400) || 400;

function medianCpuMs(fn: () => unknown): number {
  for (let i = 0; i < 20; i++) fn(); // warm-up, the memory grown
  const got: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.cpuUsage();
    fn();
    const d = process.cpuUsage(t);
    got.push((d.user + d.system) / 1000);
  }
  got.sort((a, b) => a - b);
  return got[Math.floor(got.length / 2)]!;
}

for (const dpi of [75, 100]) {
  const width = Math.round((210 / 25.4) * dpi), height = Math.round((297 / 25.4) * dpi);
  const rgb = Array.from({ length: 16 }, (_, k) => ({ data: new Uint8Array(width * height * 3).map((_, i) => (i * 7 + k) & 255), width, height }));
  const gray = Array.from({ length: 16 }, (_, k) => ({ data: new Uint8Array(width * height).map((_, i) => (i * 13 + k) & 255), width, height }));
  let n = 0;
  const colour = medianCpuMs(() => holdPreview(rgb[n++ & 15]!, 0));
  const grayCopy = medianCpuMs(() => grayPasses(gray[n++ & 15]!));
  console.log(`${dpi} dpi (${width} × ${height}): RGB preview ${colour.toFixed(3)} ms, gray preview ${grayCopy.toFixed(3)} ms (median of ${runs}, CPU)`);
}
