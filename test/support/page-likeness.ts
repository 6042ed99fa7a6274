/**
 * Compares an output PDF page with the page that was scanned, the way a person looking at both
 * would: the page is rendered by poppler (pdftoppm, /Rotate honoured), then checked for size in
 * points, orientation (the upright input matches better than any turned or mirrored copy), tone
 * (mean gray) and likeness (correlation of small copies).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';

const run = promisify(execFile);

export interface Gray { data: Uint8Array; width: number; height: number }

/** Page `page` (1-based) as poppler shows it: size in points (turned as displayed) and a gray raster at `dpi`. */
export async function renderPdfPage(pdf: string, page: number, dpi = 50): Promise<{ widthPt: number; heightPt: number; image: Gray }> {
  const { stdout } = await run('pdfinfo', ['-f', String(page), '-l', String(page), pdf]);
  const size = new RegExp(`^Page\\s+${page} size:\\s+([\\d.]+) x ([\\d.]+) pts`, 'm').exec(stdout);
  const rot = new RegExp(`^Page\\s+${page} rot:\\s+(\\d+)`, 'm').exec(stdout);
  if (!size) throw new Error(`pdfinfo: no size for page ${page}\n${stdout}`);
  const turned = rot ? Number(rot[1]) % 180 === 90 : false;
  const [w, h] = [Number(size[1]), Number(size[2])];
  const dir = await mkdtemp(path.join(tmpdir(), 'render-'));
  try {
    await run('pdftoppm', ['-f', String(page), '-l', String(page), '-r', String(dpi), '-gray', '-png', '-singlefile', pdf, path.join(dir, 'p')]);
    const png = await readFile(path.join(dir, 'p.png'));
    const { data, info } = await sharp(png).grayscale().raw().toBuffer({ resolveWithObject: true });
    return { widthPt: turned ? h : w, heightPt: turned ? w : h, image: { data: new Uint8Array(data), width: info.width, height: info.height } };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function resized(img: Gray, width: number, height: number): Promise<Uint8Array> {
  const s = sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } });
  const { data } = await s.resize(width, height, { fit: 'fill', kernel: 'linear' }).grayscale().raw().toBuffer({ resolveWithObject: true });
  return new Uint8Array(data);
}

/**
 * A small copy `w`×`h` turned or mirrored: each output pixel (x, y) is pixel `from(x, y)` of the
 * copy (the copy is shrunk first, then turned: the same pixels as turning the page first, seconds
 * faster at 300 dpi).
 */
function moved(a: Uint8Array, w: number, h: number, from: (x: number, y: number) => number): Uint8Array {
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = a[from(x, y)]!;
  return out;
}

/** The input shrunk to `width`×`height` turned half a turn, mirrored both ways and, when square enough, turned a quarter either way. */
async function otherWays(input: Gray, upright: Uint8Array, width: number, height: number): Promise<Uint8Array[]> {
  const [w, h] = [width, height];
  const ways = [
    moved(upright, w, h, (x, y) => (h - 1 - y) * w + (w - 1 - x)),
    moved(upright, w, h, (x, y) => y * w + (w - 1 - x)),
    moved(upright, w, h, (x, y) => (h - 1 - y) * w + x),
  ];
  if (Math.abs(input.width / input.height - 1) < 0.2) {
    // shrunk to h×w, then turned a quarter clockwise and counter-clockwise into w×h
    const across = await resized(input, h, w);
    ways.push(moved(across, w, h, (x, y) => (w - 1 - x) * h + y), moved(across, w, h, (x, y) => x * h + (h - 1 - y)));
  }
  return ways;
}

function mean(a: Uint8Array): number {
  let s = 0;
  for (const v of a) s += v;
  return s / a.length;
}

function correlation(a: Uint8Array, b: Uint8Array): number {
  const ma = mean(a);
  const mb = mean(b);
  let num = 0;
  let da = 0;
  let db = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]! - ma;
    const y = b[i]! - mb;
    num += x * y;
    da += x * x;
    db += y * y;
  }
  return da === 0 || db === 0 ? (da === db ? 1 : 0) : num / Math.sqrt(da * db);
}

export interface Likeness {
  widthPt: number;
  heightPt: number;
  /** Mean gray 0–255 of the rendered page and of the input page. */
  tone: { output: number; input: number };
  /** Correlation of the rendered page with the upright input. */
  correlation: number;
  /** Best correlation with the input turned 90/180/270 or mirrored (must stay below `correlation`). */
  otherWays: number;
}

/** How the output page `page` of `pdf` compares with `input`, the upright page as scanned (rendered at `renderDpi`). */
export async function comparePage(pdf: string, page: number, input: Gray, renderDpi = 50): Promise<Likeness> {
  return compareRendered(await renderPdfPage(pdf, page, renderDpi), input);
}

/** As `comparePage`, for an output page already rendered (`renderPdfPage`, or `grayOfRendered` of `renderPdfPagesRgb`). */
export async function compareRendered(r: { widthPt: number; heightPt: number; image: Gray }, input: Gray): Promise<Likeness> {
  const { width, height } = r.image;
  const out = await resized(r.image, width, height);
  const upright = await resized(input, width, height);
  const others = await otherWays(input, upright, width, height);
  return {
    widthPt: r.widthPt,
    heightPt: r.heightPt,
    tone: { output: mean(out), input: mean(upright) },
    correlation: correlation(out, upright),
    otherWays: Math.max(...others.map((o) => correlation(out, o))),
  };
}

export interface Rgb { data: Uint8Array; width: number; height: number }

/** Every page of `pdf` rendered in colour by poppler at `dpi` (one pdfinfo, one pdftoppm), with its size in points as shown. */
export async function renderPdfPagesRgb(pdf: string, dpi = 50): Promise<{ widthPt: number; heightPt: number; rgb: Rgb }[]> {
  const { stdout } = await run('pdfinfo', ['-f', '1', '-l', '1000000', pdf]);
  const sizes = [...stdout.matchAll(/^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[1]), Number(m[2])] as const);
  const turned = [...stdout.matchAll(/^Page\s+\d+ rot:\s+(\d+)/gm)].map((m) => Number(m[1]) % 180 === 90);
  const dir = await mkdtemp(path.join(tmpdir(), 'render-'));
  try {
    await run('pdftoppm', ['-r', String(dpi), '-png', pdf, path.join(dir, 'p')]);
    const files = (await readdir(dir)).sort();
    if (files.length !== sizes.length) throw new Error(`pdftoppm: ${files.length} pages, pdfinfo: ${sizes.length}`);
    return await Promise.all(files.map(async (f, i) => {
      const { data, info } = await sharp(await readFile(path.join(dir, f))).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
      const [w, h] = sizes[i]!;
      return { widthPt: turned[i] ? h : w, heightPt: turned[i] ? w : h, rgb: { data: new Uint8Array(data), width: info.width, height: info.height } };
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A page of `renderPdfPagesRgb` in gray, as poppler's own gray rendering weighs the channels (0.299 R + 0.587 G + 0.114 B). */
export function grayOfRendered(page: { widthPt: number; heightPt: number; rgb: Rgb }): { widthPt: number; heightPt: number; image: Gray } {
  const { data, width, height } = page.rgb;
  const gray = new Uint8Array(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = Math.round(0.299 * data[3 * i]! + 0.587 * data[3 * i + 1]! + 0.114 * data[3 * i + 2]!);
  return { widthPt: page.widthPt, heightPt: page.heightPt, image: { data: gray, width, height } };
}

/** An image file (any format sharp reads) as RGB at `width`×`height`, upright as its EXIF says. */
export async function rgbOf(file: Uint8Array, width: number, height: number): Promise<Rgb> {
  const { data, info } = await sharp(file).rotate().resize(width, height, { fit: 'fill', kernel: 'linear' }).toColourspace('srgb').removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/**
 * Share of a page's pixels whose colour stands out from its paper: each channel divided by the
 * paper's (the median of the brightest tenth), then the spread between channels above `spread` (0.3:
 * more than a scanner's colour fringes on black text). Pink or yellow paper measures 0; a stamp, a
 * blue signature or a logo does not.
 */
export function colourBeyondPaper(img: Rgb, spread = 0.3): number {
  const n = img.width * img.height;
  const luma = new Float64Array(n);
  for (let i = 0; i < n; i++) luma[i] = img.data[i * 3]! * 0.3 + img.data[i * 3 + 1]! * 0.59 + img.data[i * 3 + 2]! * 0.11;
  const cut = Float64Array.from(luma).sort()[Math.floor(n * 0.9)]!;
  // the median of each channel over the bright pixels, from a histogram of their values
  const paper = [0, 1, 2].map((c) => {
    const counts = new Uint32Array(256);
    let bright = 0;
    for (let i = 0; i < n; i++) {
      if (luma[i]! < cut) continue;
      const v = img.data[i * 3 + c]!;
      counts[v] = counts[v]! + 1;
      bright++;
    }
    if (bright === 0) return 255;
    let v = 0;
    for (let seen = counts[0]!; seen <= Math.floor(bright / 2); seen += counts[++v]!);
    return Math.max(1, v);
  });
  let coloured = 0;
  for (let i = 0; i < n; i++) {
    const r = img.data[i * 3]! / paper[0]!;
    const g = img.data[i * 3 + 1]! / paper[1]!;
    const b = img.data[i * 3 + 2]! / paper[2]!;
    if (Math.max(r, g, b) - Math.min(r, g, b) > spread) coloured++;
  }
  return coloured / n;
}
