/**
 * The pixels of a JPEG kept as it is (a JPEG file, a PDF's DCTDecode image), each decoded by libvips
 * when asked: the gray at a scale, one full-size rectangle, and with three or four components the RGB
 * at a scale.
 *
 * A JPEG file on disk still holding the bytes the station read and hashed (its stamp, taken when it
 * was read: `read-pages.ts`) is decoded at 1/2, 1/4 or 1/8 by libjpeg's own DCT scaling, from the
 * file (`openJpegShrunk`: sharp takes no shrink-on-load for bytes, and inside a resize halves it
 * when the shrink is exactly 2, 4 or 8, so its 1/2 is a full decode and a reduce). The raster is then
 * floor(width / N) × floor(height / N), where the resize gave round(width / N): every reader of a
 * preview maps it to the page with its own size, not N (`barcode.ts`' scale is page.width /
 * preview.width; windows are clipped to the page: `gray-crop.ts`' rectAround). Measured (1 Dec 2026,
 * CPU ms a page, one thread, 40 dense letters): colour 200 dpi 1/2 8.5 where the resize took 14.3
 * and the full decode 12.3; colour 300 dpi 1/4 12.7 where the resize took 16.4 (not taken: below).
 *
 * Only where the analysis, tuned on the resize's smoother previews, decides as before (`dctRoute`).
 *
 * The file's raster is kept only when the file's stamp still holds after the decode, and its
 * raster must have the size the header says at that scale; anything else (the file changed, moved,
 * truncated, libvips failed) and the page is decoded from its bytes, as any other JPEG: that route's
 * error, if any, is the page's.
 */
import type { Sharp } from 'sharp';
import type { GrayImage } from '../../barcode/zxing-reader.ts';
import type { PixelRect } from '../../barcode/gray-crop.ts';
import { currentStamp, sameStamp, type FileStamp } from '../../fs/file-stamp.ts';
import { openEncoded, openJpegShrunk, toGray, toGrayArea, toRgb } from '../../imaging/sharp-adapter.ts';
import type { ColourPreview } from '../page-types.ts';

export interface JpegReaders {
  gray: (factor: number) => Promise<GrayImage>;
  /** The full-size gray of one rectangle alone, the same pixels `gray(1)` has there (libvips decodes a JPEG from the top). */
  grayArea: (r: PixelRect) => Promise<GrayImage>;
  /** Three or four components: the page reduced by `factor`, in RGB. */
  rgb?: (factor: number) => Promise<ColourPreview>;
}

/** The JPEG's file, its stamp when its bytes were read, and the page's preview factor (`previewFactor`). */
export interface JpegOnDisk {
  file: string;
  stamp: FileStamp;
  previewScale: number;
}

/** How a raster is taken from the file: DCT-scaled at 1/`shrink`, then smoothed by a Gaussian of σ `sigma` (raster pixels; 0: not). */
export interface DctRoute {
  shrink: 2 | 4 | 8;
  sigma: number;
}

/**
 * How the `kind` raster at 1/`factor` of a page whose preview is at 1/`previewScale` is taken from the
 * file, or null: decoded from the bytes and resized. Measured (1 and 2 Dec 2026, the bench's dense
 * letters at 10 % and 25 % separators, the colour cases of `colour-storage.test.ts`):
 *   - a raster that is no preview (the 300 dpi detail at 1/2, read by barcode's last resort for its
 *     fine strokes): DCT-scaled as it is;
 *   - the RGB preview at 1/2 (colour 200 dpi), the gray preview at 1/4 (gray 300 dpi): DCT-scaled as
 *     they are, the page's first look decides as on the resize's previews;
 *   - the gray preview at 1/2 (gray 200 dpi): smoothed by σ 0.8. libjpeg's scaled IDCT keeps each
 *     block's lowest frequencies, sharper at strokes than the resize's linear kernel, and a letter's
 *     bold title looked like bars to the locator (25 of 200 letters read again at full resolution);
 *     smoothed, none is. One thread, CPU ms a page (2 Dec, 60 dense letters): DCT 17.8–20.7, with
 *     σ 0.8 20.7–25.9, the resize (full decode and reduce) 26.7–38.2; σ 0.6 costs 27–34 (libvips'
 *     small masks are slow), σ 0.7 and 1.0 as 0.8;
 *   - the RGB preview at 1/4 (colour 300 dpi): the resize. Raw, a gray page's colour measure rose to
 *     11–12.6, inside the colour check's margin round its threshold 13 (the resize: ≤ 8.5); smoothed by
 *     σ 0.6 it measures as the resize's, but the barcode look on its gray then reads the window round
 *     the bars again on 37 of 200 pages (σ 0.8: 12), where the resize's preview needs it on 1.
 */
export function dctRoute(kind: 'gray' | 'rgb', factor: number, previewScale: number): DctRoute | null {
  if (factor !== 2 && factor !== 4 && factor !== 8) return null;
  if (factor !== previewScale) return { shrink: factor, sigma: 0 };
  if (kind === 'rgb') return factor === 2 ? { shrink: 2, sigma: 0 } : null;
  return { shrink: factor, sigma: factor === 2 ? 0.8 : 0 };
}

/** `read` of the file at 1/`factor` (DCT-scaled), null when the file route cannot be trusted for it. */
async function fromFile<T extends { width: number; height: number }>(disk: JpegOnDisk, route: DctRoute, width: number, height: number, read: (img: Sharp) => Promise<T>): Promise<T | null> {
  try {
    const opened = openJpegShrunk(disk.file, route.shrink);
    const img = await read(route.sigma > 0 ? opened.blur(route.sigma) : opened);
    if (img.width !== Math.floor(width / route.shrink) || img.height !== Math.floor(height / route.shrink)) return null;
    // after the decode only: any write to the file since its bytes were read moved its mtime or
    // ctime (or size, inode), a write during the decode too; one stat a raster
    const after = await currentStamp(disk.file);
    return after && sameStamp(after, disk.stamp) ? img : null;
  } catch {
    return null; // the bytes' route says what is wrong, if anything is
  }
}

/**
 * `width` × `height`: the JPEG's own size (its header's, no EXIF turn applied); `disk`: its file,
 * when it is one (a PDF's image is decoded from its bytes alone).
 */
export function jpegReaders(bytes: Uint8Array, width: number, height: number, components: number, label: string, disk?: JpegOnDisk): JpegReaders {
  const route = (kind: 'gray' | 'rgb', f: number) => (disk !== undefined && Math.floor(width / f) >= 1 && Math.floor(height / f) >= 1 ? dctRoute(kind, f, disk.previewScale) : null);
  const fileRoute = async <T extends { width: number; height: number }>(kind: 'gray' | 'rgb', f: number, read: (img: Sharp) => Promise<T>): Promise<T | null> => {
    const r = route(kind, f);
    return r ? fromFile(disk!, r, width, height, read) : null;
  };
  return {
    gray: async (f) => (await fileRoute('gray', f, (img) => toGray(img, width, 1, label))) ?? toGray(openEncoded(bytes), width, f, label),
    grayArea: (r) => toGrayArea(openEncoded(bytes), r, label),
    rgb: components >= 3
      ? async (f) => (await fileRoute('rgb', f, (img) => toRgb(img, width, 1, label))) ?? toRgb(openEncoded(bytes), width, f, label)
      : undefined,
  };
}
