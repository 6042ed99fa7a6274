/**
 * Page pictures for the web app. Thumbnails (small PNGs, in colour for a colour page) are made during
 * the batch from the preview the decode stage already produced (no second decode) and kept beside the batch's page files;
 * a batch made without the web app, and the large page view (in colour for a colour page), go
 * through the same read → decode stages on demand.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import type { GrayImage } from '../barcode/zxing-reader.ts';
import type { DecodedPage } from '../pipeline/page-types.ts';
import { decodePage, detailFactor } from '../pipeline/stages/decode.ts';
import { readPages } from '../pipeline/stages/read-pages.ts';
import { pageThumbnailPng } from './colour-thumbnail.ts';
import type { DecodeSettings } from '../pipeline/stages/decode.ts';

export const THUMB_WIDTH = 150;
export const LARGE_WIDTH = 1400;

export function thumbnailDir(dataDir: string, batchId: string): string {
  return path.join(dataDir, 'batches', batchId, 'thumbs');
}

function thumbPath(dir: string, seq: number): string {
  return path.join(dir, `${String(seq).padStart(5, '0')}.png`);
}

async function encode(gray: GrayImage, rotation: number, width: number, quality: number): Promise<Buffer> {
  let img = sharp(gray.data, { raw: { width: gray.width, height: gray.height, channels: 1 } });
  if (rotation) img = img.rotate(rotation);
  const upright = rotation === 90 || rotation === 270 ? gray.height : gray.width;
  return img.resize({ width: Math.min(width, upright), kernel: 'linear' }).jpeg({ quality }).toBuffer();
}

/** A pipeline hook: writes each page's thumbnail from its preview, then says it is ready. */
export function thumbnailWriter(dir: string, onReady: (seq: number) => void): (page: DecodedPage) => Promise<void> {
  let made: Promise<unknown> | null = null;
  return async (page) => {
    let png: Buffer;
    try {
      png = pageThumbnailPng(page, THUMB_WIDTH);
    } catch {
      return; // a thumbnail is a convenience: the page itself goes on through the pipeline
    }
    // the file is written beside the pipeline: the page does not wait for the disk
    made ??= mkdir(dir, { recursive: true });
    const target = thumbPath(dir, page.seq);
    const tmp = `${target}.${process.pid}.tmp`;
    made
      .then(() => writeFile(tmp, png))
      .then(() => rename(tmp, target)) // a reader never sees half a thumbnail
      .then(() => onReady(page.seq), () => {});
  };
}

/** Decodes one page of one input file with the pipeline's own stages. */
async function decodeOne(file: string, pageInFile: number, settings: DecodeSettings): Promise<DecodedPage> {
  let index = 0;
  for await (const raw of readPages([file])) {
    if (index++ === pageInFile) return decodePage(raw, settings);
  }
  throw new Error(`page ${pageInFile} not in ${file}`);
}

export interface PageRef {
  seq: number;
  path: string;
  pageInFile: number;
}

/** The kept thumbnail, or one made now from the page file (batches scanned without the web app). */
export async function thumbnailOf(dir: string, seq: number, ref: PageRef | null, settings: DecodeSettings): Promise<Buffer | null> {
  const kept = await readFile(thumbPath(dir, seq)).catch(() => null);
  if (kept || !ref) return kept; // a page being scanned has its thumbnail before its row in the journal
  const page = await decodeOne(ref.path, ref.pageInFile, settings);
  const png = pageThumbnailPng(page, THUMB_WIDTH);
  await mkdir(dir, { recursive: true });
  await writeFile(thumbPath(dir, ref.seq), png).catch(() => {});
  return png;
}

/**
 * A colour page's image in colour, as sharp reads it: the scan's own JPEG (CMYK made sRGB by
 * libvips) or its RGB pixels; else the decode's colour preview (a smaller raster, still colour).
 */
function colourSource(page: DecodedPage): Sharp | null {
  const e = page.embed;
  if (e.filter === 'DCTDecode' && e.components > 1) return sharp(e.data, { failOn: 'none' }).toColourspace('srgb');
  if (e.filter === 'FlateDecode' && e.components === 3 && e.bitsPerComponent === 8) return sharp(inflateSync(e.data), { raw: { width: e.width, height: e.height, channels: 3 } });
  const p = page.colourPreview;
  return p ? sharp(p.data, { raw: { width: p.width, height: p.height, channels: 3 } }) : null;
}

/** A large view (readable: about 150 dpi, at most LARGE_WIDTH pixels wide), in colour for a colour page. */
export async function largeViewOf(ref: PageRef, settings: DecodeSettings): Promise<Buffer> {
  const page = await decodeOne(ref.path, ref.pageInFile, settings);
  const colour = page.colourPreview ? colourSource(page) : null;
  if (colour) {
    // the gray view's size: the page at its detail scale (~150 dpi), upright
    const factor = detailFactor(Math.min(page.dpiX, page.dpiY));
    const upright = page.rotation === 90 || page.rotation === 270 ? page.height : page.width;
    const img = page.rotation ? colour.rotate(page.rotation) : colour;
    return img.resize({ width: Math.min(LARGE_WIDTH, Math.max(1, Math.floor(upright / factor))), kernel: 'linear' }).jpeg({ quality: 82 }).toBuffer();
  }
  const gray = await page.detail();
  return encode(gray, page.rotation, LARGE_WIDTH, 82);
}
