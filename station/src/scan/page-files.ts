/** The page files of a scan batch on disk: which are complete, in scan order, and the next number. */
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { naturalCompare } from '../inputs/natural-sort.ts';

const PAGE_FILE = /^page-(\d{5,})\.(pnm|pbm|pgm|ppm|tif|tiff|png|jpg|jpeg|pdf)$/i;

/** Complete page files in `workDir` (drivers write `*.part` and rename), in scan order. */
export async function completePageFiles(workDir: string): Promise<string[]> {
  const names = await readdir(workDir).catch(() => [] as string[]);
  return names.filter((n) => PAGE_FILE.test(n)).sort(naturalCompare).map((n) => path.join(workDir, n));
}

export function pageNumberOf(file: string): number | null {
  const m = PAGE_FILE.exec(path.basename(file));
  return m ? Number(m[1]) : null;
}

/** Known files first (journal order), then files found on disk that the journal missed. */
export function mergePageFiles(journaled: readonly string[], onDisk: readonly string[]): string[] {
  const seen = new Set(journaled);
  return [...journaled, ...onDisk.filter((f) => !seen.has(f))];
}

export function nextPageNumber(files: readonly string[]): number {
  return files.reduce((n, f) => Math.max(n, pageNumberOf(f) ?? 0), 0) + 1;
}
