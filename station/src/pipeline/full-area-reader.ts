/**
 * A JPEG page's `fullArea` (`barcode/full-windows.ts`): rectangles of its full-resolution gray
 * raster, each decoded alone, at the cost of the rows from the top down to its last (a baseline JPEG
 * stops there; a progressive one decodes every scan first, still well under the whole page's gray:
 * the gray of the area is all that is made). So:
 *   - the whole raster, once decoded (by `full()`), serves every rectangle;
 *   - the last area decoded serves any rectangle inside it (the patches and the windows read after
 *     them are asked for as one area, `fullWindows`' `alsoSpan`);
 *   - any other rectangle is decoded alone, wherever it lies on the page.
 * The rare case: `full()`, stage «barcode»'s last resort, follows a window read only when every window
 * read nothing; then the area's rows are decoded twice. Measured on a 300 dpi colour page (CPU ms,
 * `bench/full-area-cost.ts` on bench page 31, the figures of `full-windows.ts` and the README): whole 101,
 * an area near the top 9, near the bottom 29; progressive: whole 146, areas 67–73. Decoding the whole
 * page for an area low on the page (as was done) cost the whole in the usual case, the window read, to
 * save the area in the rare one.
 */
import { StationError } from '../../../shared/src/errors.ts';
import type { PixelRect } from '../barcode/gray-crop.ts';
import type { AreaRaster, FullArea } from '../barcode/full-windows.ts';
import type { GrayImage } from '../barcode/zxing-reader.ts';

/** `started`: the whole raster's decode when `full()` started it already, else undefined. */
export function fullAreaReader(width: number, height: number, started: () => Promise<GrayImage> | undefined, decodeArea: (r: PixelRect) => Promise<GrayImage>): FullArea {
  let last: { r: PixelRect; img: Promise<GrayImage> } | undefined;
  const at = async (r: PixelRect, img: Promise<GrayImage>): Promise<AreaRaster> => ({ img: await img, x: r.x0, y: r.y0 });
  const all: PixelRect = { x0: 0, y0: 0, x1: width, y1: height };
  return {
    width,
    height,
    read: async (r) => {
      checkRect(r, width, height);
      const done = started();
      if (done) return at(all, done);
      if (last && inside(r, last.r)) return at(last.r, last.img);
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
