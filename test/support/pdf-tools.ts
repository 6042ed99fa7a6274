/**
 * Checks on output PDFs with poppler's own tools (pdfinfo, pdfimages), so the tests do not trust
 * the writer's view of its own files. Arguments go to execFile as an array, never through a shell.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { decodePnm } from '../../fixtures/lib/pnm.ts';
import { readPageMark, type PageMark } from '../../fixtures/lib/page-mark.ts';
import { readMark } from './make-pages.ts';

const run = promisify(execFile);

export async function pdfinfo(file: string): Promise<Record<string, string>> {
  const { stdout } = await run('pdfinfo', ['-enc', 'UTF-8', file]);
  const out: Record<string, string> = {};
  for (const line of stdout.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1]!.trim()] = m[2]!.trim();
  }
  return out;
}

export interface PdfImageRow {
  page: number;
  type: string;
  width: number;
  height: number;
  color: string;
  comp: number;
  bpc: number;
  enc: string;
  xppi: number;
  yppi: number;
}

/** `pdfimages -list`, one row per image. */
export async function pdfImagesList(file: string): Promise<PdfImageRow[]> {
  const { stdout } = await run('pdfimages', ['-list', file]);
  return stdout
    .split('\n')
    .slice(2)
    .filter((l) => l.trim())
    .map((l) => {
      const c = l.trim().split(/\s+/);
      return { page: +c[0]!, type: c[2]!, width: +c[3]!, height: +c[4]!, color: c[5]!, comp: +c[6]!, bpc: +c[7]!, enc: c[8]!, xppi: +c[12]!, yppi: +c[13]! };
    });
}

/** Extracts every image with `pdfimages <flags>`; returns the files' bytes in page order. */
export async function pdfImagesExtract(file: string, flags: string[]): Promise<{ name: string; bytes: Buffer }[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pdfimages-'));
  try {
    await run('pdfimages', [...flags, file, path.join(dir, 'img')]);
    const names = (await readdir(dir)).sort();
    // awaited here: the folder is removed in `finally`, which a returned promise would not wait for
    return await Promise.all(names.map(async (name) => ({ name, bytes: await readFile(path.join(dir, name)) })));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * Decodes each page's image and reads its page mark back, in page order. JPEG pages come out as
 * the JPEG itself (poppler's PNG encoder is slow on noisy 200 dpi pages), others as PNG; both are
 * decoded small, which is all a mark needs.
 */
export async function readPdfMarks(file: string): Promise<number[]> {
  const images = await pdfImagesExtract(file, ['-j', '-png']);
  const marks: number[] = [];
  for (const { bytes } of images) {
    const { data, info } = await sharp(bytes).resize({ width: 400 }).grayscale().raw().toBuffer({ resolveWithObject: true });
    marks.push(readMark({ data: new Uint8Array(data), width: info.width, height: info.height }));
  }
  return marks;
}

/**
 * Renders every page of `file` at 100 dpi in gray with poppler (pdftoppm) and reads the fixture
 * generator's page mark (fixtures/lib/page-mark.ts: document and page number) from each, in page
 * order; null for a page without a readable mark.
 */
export async function readFixturePageMarks(file: string): Promise<(PageMark | null)[]> {
  const dir = await mkdtemp(path.join(tmpdir(), 'pdftoppm-'));
  try {
    await run('pdftoppm', ['-r', '100', '-gray', file, path.join(dir, 'p')]);
    const names = (await readdir(dir)).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
    const marks: (PageMark | null)[] = [];
    for (const name of names) {
      const page = decodePnm(await readFile(path.join(dir, name)), 100);
      marks.push(readPageMark(page.data, page.width, page.height));
    }
    return marks;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
