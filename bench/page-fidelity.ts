/**
 * Accuracy gate, second half: every page the station kept must look like the page that was
 * scanned. Each output PDF is rendered by poppler (as a viewer shows it, /Rotate honoured) and each
 * page compared with its input page as a person sees it (an image turned by its EXIF/TIFF
 * Orientation, a PDF page rendered by poppler): page size, orientation (the upright input matches
 * better than any turned or mirrored copy), tone (mean gray), likeness (correlation of small
 * copies) and colour (colour beyond the paper's tint stays colour).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import { decodePnm } from '../fixtures/lib/pnm.ts';
import type { AnalyzedPage, PageOrigin } from '../station/src/pipeline/page-types.ts';

const run = promisify(execFile);

/** One kept page: where it came from and where it went. */
export interface KeptPage {
  origin: PageOrigin;
  label: string;
  /** Output PDF, relative to the batch's output folder, and 1-based page in it. */
  file: string;
  page: number;
}

/** Follows a batch's page events (`runBatch`'s onPage / onDocument) to learn which output page each kept page became. */
export class KeptPages {
  private readonly pages: KeptPage[] = [];
  private pending: { origin: PageOrigin; label: string }[] = [];
  private readonly unassigned: { origin: PageOrigin; label: string }[] = [];

  onPage = (page: AnalyzedPage, fate: 'document' | 'unassigned' | 'separator' | 'blank'): void => {
    if (fate === 'document') this.pending.push({ origin: page.origin, label: page.label });
    if (fate === 'unassigned') this.unassigned.push({ origin: page.origin, label: page.label });
  };

  onDocument = (doc: { file: string | null }): void => {
    if (doc.file) this.pending.forEach((p, i) => this.pages.push({ ...p, file: doc.file!, page: i + 1 }));
    this.pending = [];
  };

  /** Call once the batch is done, with the summary's unassigned file (if any). */
  finish(unassignedFile: string | null): KeptPage[] {
    if (unassignedFile) this.unassigned.forEach((p, i) => this.pages.push({ ...p, file: unassignedFile, page: i + 1 }));
    return this.pages;
  }
}

/** Output pages are rendered at `RENDER_DPI`; both sides are shrunk by sharp to `COMPARE_DPI` (a 1-bit page then blurs alike on both). */
const RENDER_DPI = 60;
const COMPARE_DPI = 25;
/** Limits: page size (relative), mean gray (levels of 255), correlation of the small copies. */
const SIZE_TOLERANCE = 0.02;
const TONE_TOLERANCE = 12;
const MIN_CORRELATION = 0.85;
/** Below this spread of gray an input is nearly plain paper: likeness and orientation say nothing. */
const PLAIN_PAGE_SPREAD = 4;
/** Mean spread between colour channels above which a page is in colour. */
const COLOUR = 8;

/** A page as seen: its size in points and how to get an RGB copy of it at a given size. */
interface SeenPage {
  widthPt: number;
  heightPt: number;
  shrunk(width: number, height: number): Promise<Small>;
}

interface Small {
  gray: Uint8Array;
  width: number;
  height: number;
  colour: number;
}

/** Every page of a PDF as poppler shows it (one pdfinfo and one pdftoppm for the whole file). */
async function renderPdf(pdf: string): Promise<SeenPage[]> {
  const { stdout } = await run('pdfinfo', ['-f', '1', '-l', '100000', pdf]);
  const sizes = [...stdout.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)].map((m) => [Number(m[2]), Number(m[3])] as const);
  const rots = [...stdout.matchAll(/^Page\s+(\d+) rot:\s+(\d+)/gm)].map((m) => Number(m[2]) % 180 === 90);
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-render-'));
  try {
    await run('pdftoppm', ['-r', String(RENDER_DPI), '-png', pdf, path.join(dir, 'p')]);
    const files = (await readdir(dir)).sort();
    return await Promise.all(files.map(async (f, i) => {
      const [w, h] = sizes[i] ?? [0, 0];
      const png = await readFile(path.join(dir, f));
      return { widthPt: rots[i] ? h : w, heightPt: rots[i] ? w : h, shrunk: (width: number, height: number) => small(sharp(png), width, height) };
    }));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** The input page as a person sees it. PDF pages come from `pdfs` (rendered once per file). */
async function inputPage(origin: PageOrigin, fallbackDpi: number, pdfs: Map<string, Promise<SeenPage[]>>): Promise<SeenPage> {
  const ext = path.extname(origin.file).toLowerCase();
  if (ext === '.pdf') {
    let pages = pdfs.get(origin.file);
    if (!pages) pdfs.set(origin.file, (pages = renderPdf(origin.file)));
    const page = (await pages)[origin.pageInFile];
    if (!page) throw new Error(`${origin.file}: no page ${origin.pageInFile + 1}`);
    return page;
  }
  const bytes = await readFile(origin.file);
  if (['.pbm', '.pgm', '.ppm', '.pnm'].includes(ext)) {
    const r = decodePnm(bytes, fallbackDpi);
    const raw = () => sharp(r.data, { raw: { width: r.width, height: r.height, channels: r.channels } });
    return { widthPt: (r.width / fallbackDpi) * 72, heightPt: (r.height / fallbackDpi) * 72, shrunk: (w, h) => small(raw(), w, h) };
  }
  const meta = await sharp(bytes, { page: origin.pageInFile }).metadata();
  const dpi = meta.density && meta.density >= 50 && meta.density <= 2400 ? meta.density : fallbackDpi;
  // the Orientation tag (EXIF, TIFF), as a viewer honours it: 5–8 turn the page a quarter
  const turned = (meta.orientation ?? 1) >= 5;
  const [w, h] = turned ? [meta.height ?? 0, meta.width ?? 0] : [meta.width ?? 0, meta.height ?? 0];
  return { widthPt: (w / dpi) * 72, heightPt: (h / dpi) * 72, shrunk: (sw, sh) => small(sharp(bytes, { page: origin.pageInFile }).rotate(), sw, sh) };
}

/**
 * A page shrunk to `width`×`height`: its gray values and how colourful it is beyond its paper (each
 * channel against the paper's, the median of the brightest tenth: pink or yellow paper is not
 * colour, a page stored gray because its only colour was its paper's tint has lost nothing).
 */
async function small(img: Sharp, width: number, height: number): Promise<Small> {
  const { data } = await img.removeAlpha().toColourspace('srgb').resize(width, height, { fit: 'fill' }).raw().toBuffer({ resolveWithObject: true });
  const n = width * height;
  const gray = new Uint8Array(n);
  for (let i = 0; i < n; i++) gray[i] = Math.round(0.299 * data[3 * i]! + 0.587 * data[3 * i + 1]! + 0.114 * data[3 * i + 2]!);
  const cut = [...gray].sort((a, b) => a - b)[Math.floor(n * 0.9)] ?? 255;
  const paper = [0, 1, 2].map((c) => {
    const v: number[] = [];
    for (let i = 0; i < n; i++) if (gray[i]! >= cut) v.push(data[3 * i + c]!);
    v.sort((a, b) => a - b);
    return Math.max(1, v[Math.floor(v.length / 2)] ?? 255);
  });
  let colour = 0;
  for (let i = 0; i < n; i++) {
    const r = (data[3 * i]! * 255) / paper[0]!;
    const g = (data[3 * i + 1]! * 255) / paper[1]!;
    const b = (data[3 * i + 2]! * 255) / paper[2]!;
    colour += Math.max(r, g, b) - Math.min(r, g, b);
  }
  return { gray, width, height, colour: colour / n };
}

/** The small copy turned half a turn, mirrored left-right, mirrored top-bottom, and (when it is square enough) a quarter turn either way. */
function otherWays(s: Small): Uint8Array[] {
  const { gray, width: w, height: h } = s;
  const at = (f: (x: number, y: number) => number) => {
    const out = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[y * w + x] = gray[f(x, y)]!;
    return out;
  };
  const ways = [at((x, y) => (h - 1 - y) * w + (w - 1 - x)), at((x, y) => y * w + (w - 1 - x)), at((x, y) => (h - 1 - y) * w + x)];
  if (Math.abs(w / h - 1) < 0.2) {
    // nearest sample of the square-ish grid turned a quarter
    const q = (x: number, y: number) => [Math.min(w - 1, Math.floor((y * w) / h)), Math.min(h - 1, Math.floor((x * h) / w))] as const;
    ways.push(at((x, y) => { const [u, v] = q(x, y); return (h - 1 - v) * w + u; }), at((x, y) => { const [u, v] = q(x, y); return v * w + (w - 1 - u); }));
  }
  return ways;
}

function stats(a: Uint8Array): { mean: number; spread: number } {
  let s = 0;
  let s2 = 0;
  for (const v of a) {
    s += v;
    s2 += v * v;
  }
  const mean = s / a.length;
  return { mean, spread: Math.sqrt(Math.max(0, s2 / a.length - mean * mean)) };
}

function correlation(a: Uint8Array, b: Uint8Array): number {
  const ma = stats(a).mean;
  const mb = stats(b).mean;
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

/** What is wrong with one output page compared with its input page, or null. */
async function comparePages(out: SeenPage, input: SeenPage): Promise<string | null> {
  const mm = (pt: number) => Math.round((pt / 72) * 25.4);
  if (Math.abs(out.widthPt - input.widthPt) > SIZE_TOLERANCE * input.widthPt || Math.abs(out.heightPt - input.heightPt) > SIZE_TOLERANCE * input.heightPt) {
    return `page ${mm(out.widthPt)}×${mm(out.heightPt)} mm, scanned ${mm(input.widthPt)}×${mm(input.heightPt)} mm`;
  }
  const width = Math.max(8, Math.round((input.widthPt / 72) * COMPARE_DPI));
  const height = Math.max(8, Math.round((input.heightPt / 72) * COMPARE_DPI));
  const [o, i] = await Promise.all([out.shrunk(width, height), input.shrunk(width, height)]);
  const tone = { out: stats(o.gray).mean, in: stats(i.gray).mean };
  if (Math.abs(tone.out - tone.in) > TONE_TOLERANCE) return `tone ${tone.out.toFixed(0)}, scanned ${tone.in.toFixed(0)} (mean gray)`;
  if (i.colour >= COLOUR && o.colour < i.colour / 3) return `colour lost (${o.colour.toFixed(1)}, scanned ${i.colour.toFixed(1)})`;
  if (stats(i.gray).spread < PLAIN_PAGE_SPREAD) return null;
  const c = correlation(o.gray, i.gray);
  const turned = Math.max(...otherWays(i).map((t) => correlation(o.gray, t)));
  if (turned >= c) return `turned or mirrored (correlation ${c.toFixed(2)}, ${turned.toFixed(2)} with the scan turned)`;
  if (c < MIN_CORRELATION) return `looks unlike the scanned page (correlation ${c.toFixed(2)})`;
  return null;
}

/** Problems (one line each) of the kept pages of a batch whose output is in `outDir`; [] when every page looks like its input. */
export async function checkPageFidelity(outDir: string, kept: readonly KeptPage[], fallbackDpi: number): Promise<string[]> {
  const problems: string[] = [];
  const inputs = new Map<string, Promise<SeenPage[]>>();
  const byFile = new Map<string, KeptPage[]>();
  for (const k of kept) byFile.set(k.file, [...(byFile.get(k.file) ?? []), k]);
  for (const [file, pages] of byFile) {
    const rendered = await renderPdf(path.join(outDir, file));
    for (const k of pages) {
      const where = `${k.label} → ${k.file} p. ${k.page}`;
      const out = rendered[k.page - 1];
      if (!out) {
        problems.push(`${where}: the output has only ${rendered.length} pages`);
        continue;
      }
      const wrong = await comparePages(out, await inputPage(k.origin, fallbackDpi, inputs));
      if (wrong) problems.push(`${where}: ${wrong}`);
    }
  }
  return problems;
}
