/**
 * Compares a PDF page written by the station with the input page it came from, the way a person
 * looking at both would: poppler (not our code) renders each at the same low resolution, and the
 * two must have the same size in points (orientation included), the same tone and colour, and
 * the same content (high correlation of the gray images).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import type { SplitSummary } from '../../../../shared/src/split-summary.ts';
import { runSplit } from '../../../support/split-run.ts';

const run = promisify(execFile);

export interface PageLook {
  /** Page size in points as shown (after /Rotate). */
  widthPt: number;
  heightPt: number;
  /** RGB at `dpi`, rows top to bottom. */
  rgb: Uint8Array;
  width: number;
  height: number;
}

/** Size in points of every page as a viewer shows it (pdfinfo, /Rotate applied). */
export async function pageSizes(file: string): Promise<{ width: number; height: number }[]> {
  const { stdout } = await run('pdfinfo', ['-f', '1', '-l', '9999', file]);
  const sizes = [...stdout.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => ({ width: +m[2]!, height: +m[3]! }));
  const rotations = [...stdout.matchAll(/^Page\s+(\d+) rot:\s+(\d+)/gm)].map((m) => +m[2]!);
  return sizes.map((s, i) => ((rotations[i] ?? 0) % 180 === 0 ? s : { width: s.height, height: s.width }));
}

/** Page `page` (1-based) rendered by pdftoppm at `dpi`, as RGB. */
export async function lookAt(file: string, page: number, dpi = 40): Promise<PageLook> {
  const dir = await mkdtemp(path.join(tmpdir(), 'look-'));
  try {
    // -cropbox: the page as a viewer shows it (pdftoppm would otherwise show the whole MediaBox)
    await run('pdftoppm', ['-cropbox', '-r', String(dpi), '-png', '-f', String(page), '-l', String(page), '-singlefile', file, path.join(dir, 'p')]);
    const { data, info } = await sharp(await readFile(path.join(dir, 'p.png'))).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
    const size = (await pageSizes(file))[page - 1]!;
    return { widthPt: size.width, heightPt: size.height, rgb: new Uint8Array(data), width: info.width, height: info.height };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export interface Comparison {
  /** Output page size minus input page size, in points. */
  sizeDiffPt: number;
  sameRaster: boolean;
  /** Mean gray of each (0 black – 255 white). */
  meanIn: number;
  meanOut: number;
  /** Share of clearly coloured pixels in each. */
  colourIn: number;
  colourOut: number;
  /** Pearson correlation of the gray images (1 = same picture). */
  correlation: number;
}

const grayOf = (rgb: Uint8Array, i: number): number => (rgb[i * 3]! * 77 + rgb[i * 3 + 1]! * 150 + rgb[i * 3 + 2]! * 29) >> 8;

/** Gray, each pixel the mean of its 3 × 3 neighbourhood: a shift of a fraction of a pixel is not a different page. */
function softGray(look: PageLook): Float32Array {
  const { width, height } = look;
  const out = new Float32Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy < 0 || xx < 0 || yy >= height || xx >= width) continue;
          sum += grayOf(look.rgb, yy * width + xx);
          n++;
        }
      }
      out[y * width + x] = sum / n;
    }
  }
  return out;
}
const colouredShare = (look: PageLook): number => {
  let n = 0;
  for (let i = 0; i < look.width * look.height; i++) {
    const r = look.rgb[i * 3]!;
    const g = look.rgb[i * 3 + 1]!;
    const b = look.rgb[i * 3 + 2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > 40) n++;
  }
  return n / (look.width * look.height);
};

export function compareLooks(input: PageLook, output: PageLook): Comparison {
  const sizeDiffPt = Math.max(Math.abs(output.widthPt - input.widthPt), Math.abs(output.heightPt - input.heightPt));
  const sameRaster = Math.abs(input.width - output.width) <= 1 && Math.abs(input.height - output.height) <= 1;
  const w = Math.min(input.width, output.width);
  const h = Math.min(input.height, output.height);
  const ga = softGray(input);
  const gb = softGray(output);
  let sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const a = ga[y * input.width + x]!;
      const b = gb[y * output.width + x]!;
      sa += a; sb += b; saa += a * a; sbb += b * b; sab += a * b;
    }
  }
  const n = w * h;
  const cov = sab / n - (sa / n) * (sb / n);
  const va = saa / n - (sa / n) ** 2;
  const vb = sbb / n - (sb / n) ** 2;
  const correlation = va === 0 && vb === 0 ? (Math.abs(sa - sb) / n < 2 ? 1 : 0) : cov / Math.sqrt(Math.max(va, 1e-9) * Math.max(vb, 1e-9));
  return { sizeDiffPt, sameRaster, meanIn: sa / n, meanOut: sb / n, colourIn: colouredShare(input), colourOut: colouredShare(output), correlation };
}

/** What a person would call "the same page": same size and orientation, tone, colour, content. */
export function looksTheSame(c: Comparison, minCorrelation = 0.95): boolean {
  const colourAgrees = (c.colourIn > 0.01) === (c.colourOut > 0.01) && Math.abs(c.colourIn - c.colourOut) < 0.05;
  return c.sizeDiffPt <= 1 && c.sameRaster && Math.abs(c.meanIn - c.meanOut) <= 6 && colourAgrees && c.correlation >= minCorrelation;
}

/**
 * Runs `station split` (in-process, the real pipeline) on one input PDF with no separator in it:
 * every page goes to unassigned.pdf, which is returned with the input's path and the summary.
 */
export async function throughStation(bytes: Uint8Array, name = 'scan.pdf'): Promise<{ input: string; output: string; summary: SplitSummary; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), 'fidelity-'));
  const input = path.join(dir, name);
  await writeFile(input, bytes);
  const res = await runSplit([input, '--out', path.join(dir, 'out'), '--json'], { cwd: dir, dataDir: path.join(dir, 'data') });
  if (res.code !== 0 || res.stderr !== '') throw new Error(`station split failed (${res.code}): ${res.stderr}${res.stdout}`);
  const summary = JSON.parse(res.stdout) as SplitSummary;
  return { input, output: path.join(dir, 'out', summary.unassigned!.file), summary, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Every page of `bytes` through the station, compared with its input page. */
export async function compareThroughStation(bytes: Uint8Array, dpi = 40): Promise<{ comparisons: Comparison[]; inputBytes: number; outputBytes: number; output: string; cleanup: () => Promise<void> }> {
  const run = await throughStation(bytes);
  const inputs = await pageSizes(run.input);
  const comparisons: Comparison[] = [];
  for (let p = 1; p <= inputs.length; p++) comparisons.push(compareLooks(await lookAt(run.input, p, dpi), await lookAt(run.output, p, dpi)));
  const outputBytes = (await readFile(run.output)).length;
  return { comparisons, inputBytes: bytes.length, outputBytes, output: run.output, cleanup: run.cleanup };
}
