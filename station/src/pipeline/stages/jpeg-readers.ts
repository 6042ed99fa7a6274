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
 * and the full decode 12.3; colour 300 dpi 1/4 12.7 where the resize took 16.4.
 *
 * Only where the analysis, tuned on the resize's smoother previews, decides as before, smoothed
 * where it must be (`dctRoute`).
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
import { smoothInPlace } from '../../imaging/smooth-binomial.ts';
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

/**
 * How a raster is taken from the file: DCT-scaled at 1/`shrink`, then, when `smooth`, smoothed by the
 * 3 × 3 binomial kernel (`imaging/smooth-binomial.ts`); `sharpColour`: an RGB preview handed out as it
 * is and marked `sharp`, so that the colour measure alone smooths it (`ColourPreview.sharp`).
 */
export interface DctRoute {
  shrink: 2 | 4 | 8;
  smooth: boolean;
  sharpColour?: true;
}

/**
 * How the `kind` raster at 1/`factor` of a page whose preview is at 1/`previewScale` is taken from the
 * file, or null: decoded from the bytes and resized. Measured (1 and 2 Dec 2026, the bench's dense
 * letters at 10 % and 25 % separators, the colour cases of `colour-storage.test.ts`):
 *   - a raster that is no preview (the 300 dpi detail at 1/2, read by barcode's last resort for its
 *     fine strokes): DCT-scaled as it is;
 *   - the RGB preview at 1/2 (colour 200 dpi), the gray preview at 1/4 (gray 300 dpi): DCT-scaled as
 *     they are, the page's first look decides as on the resize's previews;
 *   - the gray preview at 1/2 (gray 200 dpi): smoothed by the 3 × 3 binomial kernel (σ ≈ 0.71).
 *     libjpeg's scaled IDCT keeps each block's lowest frequencies, sharper at strokes than the
 *     resize's linear kernel, and a letter's bold title looked like bars to the locator (25 of 200
 *     letters read again at full resolution); smoothed, none is (libvips' Gaussian σ 0.8 did the same
 *     until 2 Dec, for 2.5–4 ms more CPU a page than the binomial's ~0.5: its small masks are slow);
 *   - the RGB preview at 1/4 (colour 300 dpi): DCT-scaled as it is and marked `sharp`: the gray
 *     preview and the barcode look take it as it is (smoothed, the barcode look read the window round
 *     a separator's bars again on 20–54 of 200 pages; raw, on 1, as on the resize's), the colour
 *     measure smooths it first (raw, a gray page measured 9.3–12.6, inside the colour check's margin
 *     round its threshold 13; smoothed, gray pages ≤ 7.2 and colour ones ≥ 21.7, where the resize's
 *     gave ≤ 8.5 and ≥ 23.2: the colour cases of `colour-storage.test.ts`, 2 Dec). The resize cost
 *     30–34 ms a page on one thread, this route 23–25 with the smoothing.
 */
export function dctRoute(kind: 'gray' | 'rgb', factor: number, previewScale: number): DctRoute | null {
  if (factor !== 2 && factor !== 4 && factor !== 8) return null;
  if (factor !== previewScale) return { shrink: factor, smooth: false };
  if (kind === 'rgb') return factor === 2 ? { shrink: 2, smooth: false } : { shrink: factor, smooth: false, sharpColour: true };
  return { shrink: factor, smooth: factor === 2 };
}

/** `read` of the file at 1/`factor` (DCT-scaled), null when the file route cannot be trusted for it. */
async function fromFile<T extends { data: Uint8Array; width: number; height: number }>(disk: JpegOnDisk, route: DctRoute, channels: 1 | 3, width: number, height: number, read: (img: Sharp, route: DctRoute) => Promise<T>): Promise<T | null> {
  try {
    const img = await read(openJpegShrunk(disk.file, route.shrink), route);
    if (route.smooth) smoothInPlace(img, channels);
    if (img.width !== Math.floor(width / route.shrink) || img.height !== Math.floor(height / route.shrink)) return null;
    // after the decode only: any write to the file since its bytes were read moved its mtime or
    // ctime (or size, inode), a write during the decode too; one stat a raster
    const after = await currentStamp(disk.file);
    return after && sameStamp(after, disk.stamp) ? img : null;
  } catch {
    return null; // the bytes' route says what is wrong, if anything is
  }
}

/** An RGB preview marked `sharp` when its route says the colour measure smooths it. */
function withMark(p: ColourPreview, r: DctRoute): ColourPreview {
  return r.sharpColour ? { ...p, sharp: true } : p;
}

/**
 * `width` × `height`: the JPEG's own size (its header's, no EXIF turn applied); `disk`: its file,
 * when it is one (a PDF's image is decoded from its bytes alone).
 */
export function jpegReaders(bytes: Uint8Array, width: number, height: number, components: number, label: string, disk?: JpegOnDisk): JpegReaders {
  const route = (kind: 'gray' | 'rgb', f: number) => (disk !== undefined && Math.floor(width / f) >= 1 && Math.floor(height / f) >= 1 ? dctRoute(kind, f, disk.previewScale) : null);
  const fileRoute = async <T extends { data: Uint8Array; width: number; height: number }>(kind: 'gray' | 'rgb', f: number, read: (img: Sharp, r: DctRoute) => Promise<T>): Promise<T | null> => {
    const r = route(kind, f);
    return r ? fromFile(disk!, r, kind === 'gray' ? 1 : 3, width, height, read) : null;
  };
  return {
    gray: async (f) => (await fileRoute('gray', f, (img) => toGray(img, width, 1, label))) ?? toGray(openEncoded(bytes), width, f, label),
    grayArea: (r) => toGrayArea(openEncoded(bytes), r, label),
    rgb: components >= 3
      ? async (f) => (await fileRoute('rgb', f, async (img, r) => withMark(await toRgb(img, width, 1, label), r))) ?? toRgb(openEncoded(bytes), width, f, label)
      : undefined,
  };
}
