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
 * Only where the analysis, tuned on the resize's smoother previews, decides as before (`dctScaled`).
 *
 * The file is read again only while its stamp holds, checked before and after the decode, and its
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

/** The JPEG's file and its stamp when its bytes were read. */
export interface JpegOnDisk {
  file: string;
  stamp: FileStamp;
}

/**
 * Whether the `kind` raster at 1/`factor` of a page whose preview is at 1/`previewScale` is taken
 * DCT-scaled (measured 1 Dec 2026 on the bench's dense letters and the colour cases):
 *   - yes: the RGB preview at 1/2 (colour 200 dpi); the gray preview at 1/4 (gray 300 dpi); a gray
 *     raster that is no preview (the 300 dpi detail at 1/2, read only by barcode's last resort);
 *   - no, the resize: the RGB at 1/4 (colour 300 dpi: a gray page's colour measure, paper noise less
 *     smoothed, rises to 11–12.6, inside the colour check's margin round its threshold 13, where the
 *     resize leaves it below 11: `colour-storage.test.ts`); the gray preview at 1/2 (gray 200 dpi: a
 *     letter's bold title, its strokes sharper than the reduce leaves them, looks like bars to the
 *     locator: 25 of 200 letters read again at full resolution, barcode 16 ms a page instead of 2).
 * Making those two right means tuning the colour threshold and the locator on DCT-scaled previews.
 */
export function dctScaled(kind: 'gray' | 'rgb', factor: number, previewScale: number): boolean {
  if (factor !== 2 && factor !== 4 && factor !== 8) return false;
  if (kind === 'rgb') return factor === 2;
  return factor !== previewScale || factor === 4;
}

/** `read` of the file at 1/`factor` (DCT-scaled), null when the file route cannot be trusted for it. */
async function fromFile<T extends { width: number; height: number }>(disk: JpegOnDisk, factor: number, width: number, height: number, read: (img: Sharp) => Promise<T>): Promise<T | null> {
  try {
    const before = await currentStamp(disk.file);
    if (!before || !sameStamp(before, disk.stamp)) return null;
    const img = await read(openJpegShrunk(disk.file, factor as 2 | 4 | 8));
    if (img.width !== Math.floor(width / factor) || img.height !== Math.floor(height / factor)) return null;
    const after = await currentStamp(disk.file);
    return after && sameStamp(after, disk.stamp) ? img : null;
  } catch {
    return null; // the bytes' route says what is wrong, if anything is
  }
}

/**
 * `width` × `height`: the JPEG's own size (its header's, no EXIF turn applied); `previewScale`: the
 * page's preview factor (`previewFactor`); `disk`: its file, when it is one.
 */
export function jpegReaders(bytes: Uint8Array, width: number, height: number, components: number, label: string, previewScale: number, disk?: JpegOnDisk): JpegReaders {
  const dct = (kind: 'gray' | 'rgb', f: number) => disk !== undefined && dctScaled(kind, f, previewScale) && Math.floor(width / f) >= 1 && Math.floor(height / f) >= 1;
  return {
    gray: async (f) => (dct('gray', f) && (await fromFile(disk!, f, width, height, (img) => toGray(img, width, 1, label)))) || toGray(openEncoded(bytes), width, f, label),
    grayArea: (r) => toGrayArea(openEncoded(bytes), r, label),
    rgb: components >= 3
      ? async (f) => (dct('rgb', f) && (await fromFile(disk!, f, width, height, (img) => toRgb(img, width, 1, label)))) || toRgb(openEncoded(bytes), width, f, label)
      : undefined,
  };
}
