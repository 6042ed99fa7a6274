/**
 * Cheap "is this file whole?" checks for files that a scanner is still writing over the network.
 * They read the head and the tail (and, for TIFF, the directory chain), never the whole file:
 *   JPEG  starts FFD8FF, ends with FFD9 (trailing zero padding allowed)
 *   PNG   signature, and the IEND chunk with its fixed CRC at the end
 *   PDF   `%PDF-` near the start, `%%EOF` near the end
 *   TIFF  header, then every IFD and every strip/tile it points to lies inside the file
 * Shared by the drivers: for the folder driver a file that fails is not an error, it is waited for
 * (the scanner may still be writing it); for eSCL a page that fails after its last byte came was
 * cut short.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { tiffIsComplete, type ReadAt } from './tiff-completeness.ts';

export type PageKind = 'jpeg' | 'png' | 'pdf' | 'tiff';

export interface Completeness {
  complete: boolean;
  kind: PageKind | null;
  reason?: string;
}

/** Bytes of a file's head its kind is told by (sniffKind). */
export const HEAD = 1024;
const TAIL = 4096;
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_IEND = Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** Up to `length` bytes of the file from `position` (fewer at its end). */
export async function readAt(fh: FileHandle, position: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  return buf.subarray(0, bytesRead);
}

export function sniffKind(head: Buffer): PageKind | null {
  if (head.length >= 3 && head[0] === 0xff && head[1] === 0xd8 && head[2] === 0xff) return 'jpeg';
  if (head.subarray(0, 8).equals(PNG_SIGNATURE)) return 'png';
  if (head.includes('%PDF-')) return 'pdf';
  const order = head.subarray(0, 4).toString('latin1');
  if (order === 'II*\0' || order === 'MM\0*' || order === 'II+\0' || order === 'MM\0+') return 'tiff';
  return null;
}

function jpegEnds(tail: Buffer): boolean {
  let end = tail.length;
  while (end > 0 && tail[end - 1] === 0x00) end--;
  return end >= 2 && tail[end - 2] === 0xff && tail[end - 1] === 0xd9;
}

function pngEnds(tail: Buffer): boolean {
  const at = tail.lastIndexOf(PNG_IEND);
  return at >= 0 && tail.length - (at + PNG_IEND.length) <= 16;
}

function pdfEnds(tail: Buffer): boolean {
  return tail.includes('%%EOF');
}

/** Checks an open file of the given size. */
async function checkHandle(fh: FileHandle, size: number): Promise<Completeness> {
  if (size === 0) return { complete: false, kind: null, reason: 'empty' };
  const kind = sniffKind(await readAt(fh, 0, Math.min(size, HEAD)));
  if (kind === null) return { complete: false, kind, reason: 'unknown header' };
  return checkEnd((position, length) => readAt(fh, position, length), size, kind);
}

/** A ReadAt over bytes already in memory. */
export const bufferReader = (bytes: Buffer): ReadAt => async (position, length) => bytes.subarray(position, position + length);

/** Checks the end (or, for TIFF, the structure) of a file of `size` bytes whose kind its head already told. */
export async function checkEnd(read: ReadAt, size: number, kind: PageKind): Promise<Completeness> {
  const tail = await read(Math.max(0, size - TAIL), Math.min(size, TAIL));
  switch (kind) {
    case 'jpeg':
      return jpegEnds(tail) ? { complete: true, kind } : { complete: false, kind, reason: 'no JPEG end marker' };
    case 'png':
      return pngEnds(tail) ? { complete: true, kind } : { complete: false, kind, reason: 'no PNG IEND chunk' };
    case 'pdf':
      return pdfEnds(tail) ? { complete: true, kind } : { complete: false, kind, reason: 'no %%EOF' };
    case 'tiff': {
      const reason = await tiffIsComplete(read, size);
      return reason === null ? { complete: true, kind } : { complete: false, kind, reason };
    }
  }
}

export async function checkFileComplete(file: string, size: number): Promise<Completeness> {
  const fh = await open(file, 'r');
  try {
    return await checkHandle(fh, size);
  } finally {
    await fh.close();
  }
}
