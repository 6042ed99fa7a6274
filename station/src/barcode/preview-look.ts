/**
 * The first, cheap look at a page for barcodes, on its small preview (pure and synchronous, so it
 * runs the same in a worker thread or in the calling thread):
 *   - one fast zxing read of every enabled format, counting symbols located but not decoded;
 *   - zxing's fast mode does not search for Data Matrix finder patterns off-centre, so a thorough
 *     read limited to Data Matrix follows (a few milliseconds on a 75–100 dpi preview);
 *   - a page whose preview is its full resolution gets the thorough read of every format at once.
 * It says whether a closer look (higher resolution) is worth it: a located-but-undecoded symbol or
 * a patch of parallel bars.
 */
import type { ReadInputBarcodeFormat } from 'zxing-wasm';
import { locateBarcodeLike, type LocatorOptions } from './barcode-locator.ts';
import type { BarcodeReader, FoundBarcode, GrayImage } from './zxing-reader.ts';

export interface PreviewLookOptions {
  formats: readonly ReadInputBarcodeFormat[];
  locator: LocatorOptions;
  /** The preview is the page at full resolution: read it thoroughly now. */
  thorough: boolean;
  /** The page was found blank: read what is there, never look closer. */
  blank: boolean;
}

export interface PreviewLook {
  found: FoundBarcode[];
  /** Worth reading again at a higher resolution, unless what was found is already a separator. */
  closer: boolean;
}

export const MAX_SYMBOLS = 8;

export function lookAtPreview(reader: BarcodeReader, img: GrayImage, o: PreviewLookOptions): PreviewLook {
  const fast = reader.readDetailed(img, { formats: o.formats, tryHarder: false, maxSymbols: MAX_SYMBOLS, returnErrors: true });
  if (o.blank) return { found: fast.found, closer: false };
  let found = fast.found;
  if (found.length === 0 && o.thorough) found = reader.read(img, { formats: o.formats, tryHarder: true, maxSymbols: MAX_SYMBOLS });
  if (found.length === 0 && !o.thorough && o.formats.includes('DataMatrix')) {
    // the preview is small already: smaller copies would only cost time (6 ms → 4 ms a page);
    // turning stays on (without it a sheet fed sideways is missed)
    const dm = reader.read(img, { formats: ['DataMatrix'], tryHarder: true, maxSymbols: MAX_SYMBOLS, tryDownscale: false });
    if (dm.length > 0) return { found: dm, closer: false };
  }
  // Asked even when something was read: a sheet may carry a small QR code that reads at this scale
  // beside a separator barcode that does not (the caller looks closer only if nothing read is a separator).
  const closer = !o.thorough && (fast.undecoded > 0 || locateBarcodeLike(img, o.locator).candidate);
  return { found, closer };
}
