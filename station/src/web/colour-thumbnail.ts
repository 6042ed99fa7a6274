/**
 * A page's thumbnail from what the decode stage already made (no second decode): a colour page
 * (one with the decode's RGB preview) gets a colour thumbnail — the same integer box reduction and
 * quarter turn as the gray one, on three channels — any other page the gray one.
 */
import type { ColourPreview, DecodedPage } from '../pipeline/page-types.ts';
import { orientPixels } from '../imaging/orientation.ts';
import { encodePng, thumbnailPng } from './gray-thumbnail.ts';

interface Rgb { data: Uint8Array; width: number; height: number }

/** Box-averages an RGB raster by an integer factor so the result is about `width` pixels wide. */
export function reduceRgb(img: Rgb, width: number): Rgb {
  const f = Math.max(1, Math.floor(img.width / width));
  if (f === 1) return img;
  const ow = Math.floor(img.width / f);
  const oh = Math.max(1, Math.floor(img.height / f));
  const out = new Uint8Array(ow * oh * 3);
  const n = f * f;
  const src = img.data;
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      for (let dy = 0; dy < f; dy++) {
        let i = ((y * f + dy) * img.width + x * f) * 3;
        for (let dx = 0; dx < f; dx++, i += 3) {
          r += src[i]!;
          g += src[i + 1]!;
          b += src[i + 2]!;
        }
      }
      const o = (y * ow + x) * 3;
      out[o] = (r / n) | 0;
      out[o + 1] = (g / n) | 0;
      out[o + 2] = (b / n) | 0;
    }
  }
  return { data: out, width: ow, height: oh };
}

/** Turns an RGB raster clockwise by 0, 90, 180 or 270 degrees (the EXIF orientation mover, 3 channels). */
export function turnRgb(img: Rgb, degrees: number): Rgb {
  const orientation = degrees === 90 ? 6 : degrees === 180 ? 3 : degrees === 270 ? 8 : 0;
  return orientation ? orientPixels(img.data, img.width, img.height, 3, orientation) : img;
}

function colourThumbnailPng(preview: ColourPreview, rotation: number, width: number): Buffer {
  const t = turnRgb(reduceRgb(preview, width), rotation);
  return encodePng(t.data, t.width, t.height, 3);
}

/** The thumbnail of a decoded page: in colour when the decode kept a colour preview, else gray. */
export function pageThumbnailPng(page: Pick<DecodedPage, 'preview' | 'colourPreview' | 'rotation'>, width: number): Buffer {
  return page.colourPreview ? colourThumbnailPng(page.colourPreview, page.rotation, width) : thumbnailPng(page.preview, page.rotation, width);
}
