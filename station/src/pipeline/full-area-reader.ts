/**
 * A baseline JPEG page's `fullArea` (`barcode/full-windows.ts`): rectangles of its full-resolution
 * gray raster, without decoding a row more than `full()` alone would have. A rectangle decoded alone
 * costs the rows from the top down to its last, so:
 *   - the whole raster, once decoded (by `full()` or here), serves every rectangle;
 *   - the last area decoded serves any rectangle inside it (the patches and the windows after them
 *     are asked for as one area, `fullWindows`' `alsoSpan`);
 *   - a rectangle reaching below `AREA_MAX_ROWS` of the page's rows decodes the whole raster (kept
 *     for `full()`): the last resort of stage «barcode» then decodes nothing again.
 * What remains: an area in the top rows, then `full()` (its windows read nothing): those top rows
 * are decoded twice (on a 300 dpi colour page: ~10 ms of CPU for a label's area near the top, ~27 near
 * the middle, on top of ~90 for the whole; `bench/full-area-cost.ts`).
 */
import { StationError } from '../../../shared/src/errors.ts';
import type { PixelRect } from '../barcode/gray-crop.ts';
import type { AreaRaster, FullArea } from '../barcode/full-windows.ts';
import type { GrayImage } from '../barcode/zxing-reader.ts';

/** Share of the page's rows an area may reach and still be decoded alone. */
const AREA_MAX_ROWS = 0.5;

export interface WholeRaster {
  /** The whole raster's decode when started already (by `full()` or here), else undefined. */
  started: () => Promise<GrayImage> | undefined;
  /** The whole raster (decoded once: the same promise `full()` gives). */
  decode: () => Promise<GrayImage>;
}

export function fullAreaReader(width: number, height: number, whole: WholeRaster, decodeArea: (r: PixelRect) => Promise<GrayImage>): FullArea {
  let last: { r: PixelRect; img: Promise<GrayImage> } | undefined;
  const at = async (r: PixelRect, img: Promise<GrayImage>): Promise<AreaRaster> => ({ img: await img, x: r.x0, y: r.y0 });
  const all: PixelRect = { x0: 0, y0: 0, x1: width, y1: height };
  return {
    width,
    height,
    read: async (r) => {
      checkRect(r, width, height);
      const done = whole.started();
      if (done) return at(all, done);
      if (last && inside(r, last.r)) return at(last.r, last.img);
      if (r.y1 > height * AREA_MAX_ROWS) return at(all, whole.decode());
      last = { r, img: decodeArea(r) };
      return at(r, last.img);
    },
  };
}

/** A rectangle of whole pixels inside the raster and not empty, else INTERNAL (a caller's bug: libvips would call the page damaged). */
function checkRect(r: PixelRect, width: number, height: number): void {
  const whole = [r.x0, r.y0, r.x1, r.y1].every(Number.isInteger);
  if (!whole || r.x0 < 0 || r.x0 >= r.x1 || r.x1 > width || r.y0 < 0 || r.y0 >= r.y1 || r.y1 > height) {
    throw new StationError('INTERNAL', 'Zona cerută din imagine nu este validă.', { rect: { ...r }, width, height });
  }
}

function inside(r: PixelRect, area: PixelRect): boolean {
  return r.x0 >= area.x0 && r.y0 >= area.y0 && r.x1 <= area.x1 && r.y1 <= area.y1;
}
