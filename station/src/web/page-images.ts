/**
 * Page pictures for the web app. Thumbnails (small PNGs, in colour for a colour page) are made during
 * the batch from the preview the decode stage already produced (no second decode) and kept beside the batch's page files;
 * a batch made without the web app, and the large page view (in colour for a colour page), go
 * through the same read → decode stages on demand (a JPEG page's large view: one decode, at its size).
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import sharp, { type Sharp } from 'sharp';
import type { GrayImage } from '../barcode/zxing-reader.ts';
import type { DecodedPage } from '../pipeline/page-types.ts';
import { decodePage, detailFactor, measurePage } from '../pipeline/stages/decode.ts';
import { resolution } from '../pipeline/stages/page-resolution.ts';
import { readPages, type RawPage } from '../pipeline/stages/read-pages.ts';
import { pageThumbnailPng } from './colour-thumbnail.ts';
import type { DecodeSettings } from '../pipeline/stages/decode.ts';
import { batchFolder } from '../batch/batch-folder.ts';

export const THUMB_WIDTH = 150;
export const LARGE_WIDTH = 1400;

export function thumbnailDir(dataDir: string, batchId: string): string {
  return path.join(batchFolder(dataDir, batchId), 'thumbs');
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

/** One page of one input file, read (its header parsed) but not decoded. */
async function readOne(file: string, pageInFile: number): Promise<RawPage> {
  let index = 0;
  for await (const raw of readPages([file])) {
    if (index++ === pageInFile) return raw;
  }
  throw new Error(`page ${pageInFile} not in ${file}`);
}

/** Decodes one page of one input file with the pipeline's own stages. */
async function decodeOne(file: string, pageInFile: number, settings: DecodeSettings): Promise<DecodedPage> {
  return decodePage(await readOne(file, pageInFile), settings);
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

/** The view's width: the upright page at its detail scale (~150 dpi), at most LARGE_WIDTH. */
function largeWidth(uprightWidth: number, dpi: number): number {
  return Math.min(LARGE_WIDTH, Math.max(1, Math.floor(uprightWidth / detailFactor(dpi))));
}

/**
 * A JPEG page — a scan's own file, or the one image of a scanner's PDF page — made into the large
 * view in one decode at the view's size (libvips shrinks while it decodes), not a decode for the
 * page's previews and another for the view: upright by its EXIF orientation or the PDF page's
 * /Rotate, CMYK made sRGB, a gray scan kept gray. Null for any other page.
 */
async function jpegLargeView(raw: RawPage, settings: DecodeSettings): Promise<Buffer | null> {
  const src = raw.source;
  let img: Sharp;
  let width: number;
  let colour: boolean;
  if (src.format === 'jpeg') {
    const meta = await sharp(src.bytes).metadata();
    const dpi = resolution(meta.density, raw.dpi, meta.width ?? 0, meta.height ?? 0, settings.assumedDpi);
    width = largeWidth((meta.orientation ?? 1) >= 5 ? (meta.height ?? 0) : (meta.width ?? 0), dpi);
    colour = meta.space === 'cmyk' || (meta.channels ?? 1) >= 3;
    img = sharp(src.bytes, { failOn: 'none' }).rotate(); // its EXIF orientation, mirrored ones too
  } else if (src.format === 'pdf' && src.image.kind === 'jpeg') {
    const im = src.image;
    width = largeWidth(im.rotation === 90 || im.rotation === 270 ? im.height : im.width, Math.min(im.dpiX, im.dpiY));
    colour = im.components > 1;
    img = sharp(im.data, { failOn: 'none' });
    if (im.rotation) img = img.rotate(im.rotation);
  } else {
    return null;
  }
  img = img.toColourspace(colour ? 'srgb' : 'b-w');
  return img.resize({ width, kernel: 'linear' }).jpeg({ quality: 82 }).toBuffer();
}

/** A large view (readable: about 150 dpi, at most LARGE_WIDTH pixels wide), in colour for a colour page. */
export async function largeViewOf(ref: PageRef, settings: DecodeSettings): Promise<Buffer> {
  const raw = await readOne(ref.path, ref.pageInFile);
  await measurePage(raw); // a page too large is refused from its header, as the pipeline does
  // a JPEG libvips will not read this way goes the pipeline's way, which names what is wrong with it
  const jpeg = await jpegLargeView(raw, settings).catch(() => null);
  if (jpeg) return jpeg;
  const page = await decodePage(raw, settings);
  const colour = page.colourPreview ? colourSource(page) : null;
  if (colour) {
    // the gray view's size: the page at its detail scale (~150 dpi), upright
    const upright = page.rotation === 90 || page.rotation === 270 ? page.height : page.width;
    const img = page.rotation ? colour.rotate(page.rotation) : colour;
    return img.resize({ width: largeWidth(upright, Math.min(page.dpiX, page.dpiY)), kernel: 'linear' }).jpeg({ quality: 82 }).toBuffer();
  }
  const gray = await page.detail();
  return encode(gray, page.rotation, LARGE_WIDTH, 82);
}
