/**
 * Windows of a page's full-resolution gray raster, without decoding all of it when the decode can
 * cut an area (`FullRaster.fullArea`, JPEG pages only): the rectangle the windows span is decoded
 * once and each window cut from it — the very pixels the whole raster holds there (libvips' gray is a
 * per-pixel operation), at the cost of the rows down to the area's last (a baseline JPEG decodes from the
 * top; on a 300 dpi colour page about 9 ms of CPU for a label near the top, 29 near the bottom, where the
 * whole takes 101; a progressive JPEG reads all its scans first: an area 67–73 ms, the whole 146;
 * `bench/full-area-cost.ts`). Otherwise from `full()`: PNG, TIFF, PNM and non-JPEG PDF pages decode whole.
 */
import type { PatchBox } from './dense-patch.ts';
import { cutRect, rectAround, type GrayWindow, type PixelRect } from './gray-crop.ts';
import type { GrayImage } from './zxing-reader.ts';

/** Pixels of the full raster: `img` holds its rectangle whose top-left corner lies at (`x`, `y`). */
export interface AreaRaster {
  img: GrayImage;
  x: number;
  y: number;
}

/**
 * The full raster's size, and a raster holding one rectangle of it (inside it, not empty): that
 * rectangle alone, or a larger area (the whole raster once decoded), never copied for the caller.
 */
export interface FullArea {
  width: number;
  height: number;
  read: (r: PixelRect) => Promise<AreaRaster>;
}

export interface FullRaster {
  full: () => Promise<GrayImage>;
  /** Absent: windows are cut from `full()`. */
  fullArea?: FullArea;
}

/** A box of the full raster grown by `margin` pixels on every side, as `cropAround` grows it. */
export interface FullBox {
  box: PatchBox;
  margin: number;
}

/**
 * Each box cut from the full raster, clipped to it (as `cropAround(full, box, margin)` cuts it), and the raster's size.
 * The area decoded spans `alsoSpan` too: boxes a later call may ask for, so that it is served by the same area.
 */
export async function fullWindows(page: FullRaster, boxes: readonly FullBox[], alsoSpan: readonly FullBox[] = []): Promise<{ windows: GrayWindow[]; width: number; height: number }> {
  const area = page.fullArea;
  if (!area) {
    const full = await page.full();
    return { windows: boxes.map((b) => cutRect(full, rectAround(b.box, b.margin, full.width, full.height))), width: full.width, height: full.height };
  }
  const rects = boxes.map((b) => rectAround(b.box, b.margin, area.width, area.height));
  const spanned = rects.filter((r) => r.x1 > r.x0 && r.y1 > r.y0);
  if (spanned.length > 0) spanned.push(...alsoSpan.map((b) => rectAround(b.box, b.margin, area.width, area.height)).filter((r) => r.x1 > r.x0 && r.y1 > r.y0));
  // a box off the raster cuts an empty window (no pixels copied): nothing to decode for it
  if (spanned.length === 0) return { windows: rects.map((r) => cutRect({ data: new Uint8Array(0), width: 0, height: 0 }, r)), width: area.width, height: area.height };
  const all: PixelRect = {
    x0: Math.min(...spanned.map((r) => r.x0)),
    y0: Math.min(...spanned.map((r) => r.y0)),
    x1: Math.max(...spanned.map((r) => r.x1)),
    y1: Math.max(...spanned.map((r) => r.y1)),
  };
  const got = await area.read(all);
  return { windows: rects.map((r) => cutRect(got.img, r, got)), width: area.width, height: area.height };
}
