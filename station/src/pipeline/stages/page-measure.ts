/**
 * A page's size from its file's header alone, nothing decoded: what the pipeline's memory budget
 * counts, and where a page too large to decode is refused (INPUT_TOO_LARGE).
 */
import { StationError } from '../../../../shared/src/errors.ts';
import { countRo, pixelSizeRo } from '../../../../shared/src/count-ro.ts';
import { readJpegColour } from '../../imaging/jpeg-markers.ts';
import { readPnmHeader } from '../../imaging/pnm.ts';
import { corruptImage, openEncoded } from '../../imaging/sharp-adapter.ts';
import { MAX_PAGE_PIXELS } from '../pixel-budget.ts';
import type { RawPage } from './read-pages.ts';

export interface PageSize {
  width: number;
  height: number;
  /** Channels the decoded page will have (a bound: 3 when unsure). */
  channels: number;
}

/** «900 de milioane», «15 milioane». */
function millions(pixels: number): string {
  return countRo(Math.round(pixels / 1e6), 'milion', 'milioane');
}

/**
 * The page's size from the file's header only, nothing decoded; a page too large to decode safely
 * is refused here with INPUT_TOO_LARGE (a 30000 × 30000 PNG costs no memory at all).
 */
export async function measurePage(raw: RawPage): Promise<PageSize> {
  const size = await headerSize(raw);
  if (size.width * size.height > MAX_PAGE_PIXELS) {
    throw new StationError(
      'INPUT_TOO_LARGE',
      `${raw.label}: pagina este prea mare (${pixelSizeRo(size.width, size.height)}, ${millions(size.width * size.height)}); se acceptă cel mult ${millions(MAX_PAGE_PIXELS)} de pixeli pe pagină.`,
      { page: raw.label, width: size.width, height: size.height, maxPixels: MAX_PAGE_PIXELS },
    );
  }
  return size;
}

async function headerSize(raw: RawPage): Promise<PageSize> {
  const { source, label } = raw;
  switch (source.format) {
    case 'jpeg': {
      const c = readJpegColour(source.bytes);
      if (c.width > 0 && c.height > 0) return { width: c.width, height: c.height, channels: Math.min(Math.max(c.components, 1), 4) };
      const m = await openEncoded(source.bytes).metadata().catch((e) => Promise.reject(corruptImage(label, e)));
      return { width: m.width ?? 0, height: m.height ?? 0, channels: Math.min(m.channels ?? 3, 4) };
    }
    case 'png': {
      const m = await openEncoded(source.bytes).metadata().catch((e) => Promise.reject(corruptImage(label, e)));
      return { width: m.width ?? 0, height: m.height ?? 0, channels: Math.min(m.channels ?? 3, 4) };
    }
    case 'tiff':
      return { width: source.ifd.width, height: source.ifd.height, channels: Math.min(source.ifd.samplesPerPixel, 4) };
    case 'pnm': {
      const h = readPnmHeader(source.bytes, label);
      return { width: h.width, height: h.height, channels: h.type === 3 || h.type === 6 ? 3 : 1 };
    }
    case 'pdf': {
      const im = source.image;
      return { width: im.width, height: im.height, channels: 'channels' in im ? im.channels : 3 };
    }
  }
}
