/** A window of a grayscale raster around a box (turned a quarter if asked), and found barcodes moved back into the raster's coordinates. Pure. */
import type { PatchBox } from './dense-patch.ts';
import type { FoundBarcode, GrayImage } from './zxing-reader.ts';

export interface GrayWindow {
  img: GrayImage;
  /** Where the window's top-left corner lies in the source raster. */
  x: number;
  y: number;
  /** The window was turned a quarter clockwise (`img` is its turned copy). */
  turned?: boolean;
}

/** A rectangle of whole pixels. */
export interface PixelRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The whole pixels `box` grown by `margin` covers in a `width` × `height` raster (clipped to it; empty: x1 = x0 or y1 = y0). */
export function rectAround(box: PatchBox, margin: number, width: number, height: number): PixelRect {
  const x0 = Math.max(0, Math.floor(box.x - margin));
  const y0 = Math.max(0, Math.floor(box.y - margin));
  return { x0, y0, x1: Math.max(x0, Math.min(width, Math.ceil(box.x + box.width + margin))), y1: Math.max(y0, Math.min(height, Math.ceil(box.y + box.height + margin))) };
}

/** A copy of the pixels of `r` (in the pixels of a raster whose top-left corner lies at `at` and which holds all of `r`). */
export function cutRect(img: GrayImage, r: PixelRect, at: { x: number; y: number } = { x: 0, y: 0 }): GrayWindow {
  const width = r.x1 - r.x0;
  const height = r.y1 - r.y0;
  const data = new Uint8Array(width * height);
  const left = r.x0 - at.x;
  for (let y = 0; y < height; y++) {
    const from = (r.y0 - at.y + y) * img.width + left;
    data.set(img.data.subarray(from, from + width), y * width);
  }
  return { img: { data, width, height }, x: r.x0, y: r.y0 };
}

/** The part of `img` covered by `box` (in `img` pixels) grown by `margin` pixels on every side, clipped to the image. */
export function cropAround(img: GrayImage, box: PatchBox, margin: number): GrayWindow {
  return cutRect(img, rectAround(box, margin, img.width, img.height));
}

/** A box of `from` pixels in the pixels of a raster `scale` times larger. */
export function scaleBox(box: PatchBox, scale: number): PatchBox {
  return { x: box.x * scale, y: box.y * scale, width: box.width * scale, height: box.height * scale };
}

/** An unturned window turned a quarter clockwise: rows become columns (bars running across become bars running down). */
export function turnQuarter(w: GrayWindow): GrayWindow {
  const { data, width, height } = w.img;
  const out = new Uint8Array(width * height);
  // source (x, y) goes to (height - 1 - y, x) in an image `height` wide
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const col = height - 1 - y;
    for (let x = 0; x < width; x++) out[x * height + col] = data[row + x]!;
  }
  return { img: { data: out, width: height, height: width }, x: w.x, y: w.y, turned: true };
}

/** Barcodes read in a window, with their boxes in the source raster's coordinates. */
export function fromWindow(found: FoundBarcode[], w: GrayWindow): FoundBarcode[] {
  // boxes written whole (not `{ ...box, x }`, which makes a field of every box's hidden class mutable: `box-shapes.ts`)
  if (!w.turned) return found.map((b) => ({ ...b, box: { x: b.box.x + w.x, y: b.box.y + w.y, width: b.box.width, height: b.box.height } }));
  // turned: the window's unturned height is the turned image's width
  const h = w.img.width;
  return found.map((b) => ({ ...b, box: { x: w.x + b.box.y, y: w.y + h - (b.box.x + b.box.width), width: b.box.height, height: b.box.width } }));
}
