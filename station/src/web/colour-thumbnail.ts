/**
 * A page's thumbnail from what the decode stage already made (no second decode): a colour page
 * (one with the decode's RGB preview) gets a colour thumbnail — the same integer box reduction and
 * quarter turn as the gray one, on three channels — any other page the gray one.
 */
import type { ColourPreview, DecodedPage } from '../pipeline/page-types.ts';
import { orientPixels } from '../imaging/orientation.ts';
import { encodePng, reducePixels, thumbnailPng } from './gray-thumbnail.ts';

interface Rgb { data: Uint8Array; width: number; height: number }

/** Box-averages an RGB raster by an integer factor so the result is about `width` pixels wide. */
export function reduceRgb(img: Rgb, width: number): Rgb {
  return reducePixels(img, width, 3);
}

/** Turns an RGB raster clockwise by 0, 90, 180 or 270 degrees (the EXIF orientation mover, 3 channels). */
export function turnRgb(img: Rgb, degrees: number): Rgb {
  const orientation = degrees === 90 ? 6 : degrees === 180 ? 3 : degrees === 270 ? 8 : 0;
  return orientation ? orientPixels(img.data, img.width, img.height, 3, orientation) : img;
}

export function colourThumbnailPng(preview: ColourPreview, rotation: number, width: number): Buffer {
  const t = turnRgb(reduceRgb(preview, width), rotation);
  return encodePng(t.data, t.width, t.height, 3);
}

/** The thumbnail of a decoded page: in colour when the decode kept a colour preview, else gray. */
export function pageThumbnailPng(page: Pick<DecodedPage, 'preview' | 'colourPreview' | 'rotation'>, width: number): Buffer {
  return page.colourPreview ? colourThumbnailPng(page.colourPreview, page.rotation, width) : thumbnailPng(page.preview, page.rotation, width);
}
