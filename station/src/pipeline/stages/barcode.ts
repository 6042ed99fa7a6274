/**
 * Stage «barcode» (per page): looks for a separator barcode on the small preview first and at a
 * higher resolution only when the page looks like it may carry one. Values that do not match the
 * separator rule never split a document; implausible values (control characters, huge strings)
 * are reported and ignored.
 */
import type { ReadInputBarcodeFormat } from 'zxing-wasm';
import { isPlausibleValue, matchSeparator, previewValue, type SeparatorMatch, type SeparatorRule } from '../../barcode/separator-rule.ts';
import type { BarcodeReader, FoundBarcode, GrayImage } from '../../barcode/zxing-reader.ts';
import type { AnalyzedPage, BarcodeOutcome } from '../page-types.ts';
import type { CheckedPage } from './blank-check.ts';
import { locateBarcodeLike, type LocatorOptions } from '../../barcode/barcode-locator.ts';

export interface BarcodeSettings {
  reader: BarcodeReader;
  rule: SeparatorRule;
  formats: readonly ReadInputBarcodeFormat[];
  locator: LocatorOptions;
}

export interface PageNote {
  code: 'IGNORED_BARCODE';
  message: string;
}

export type BarcodePage = AnalyzedPage & { notes: PageNote[] };

function firstSeparator(found: FoundBarcode[], rule: SeparatorRule): { match: SeparatorMatch; barcode: FoundBarcode } | null {
  for (const b of found) {
    const match = matchSeparator(rule, b.text);
    if (match) return { match, barcode: b };
  }
  return null;
}

/**
 * Looks at a page in steps, cheapest first, and stops at the first separator:
 *   1. the preview (~75–100 dpi), fast mode (a scan at preview resolution gets the thorough
 *      read at once: there is no sharper image);
 *   2. only if the preview shows a barcode-like patch (parallel bars) or a symbol zxing located
 *      but could not decode: the detail image
 *      (~150–200 dpi) fast, then thorough; 3. the full image, thorough.
 * A page whose preview already read a barcode that is not a separator is a content page.
 */
export async function findBarcodes(page: CheckedPage, s: BarcodeSettings): Promise<FoundBarcode[]> {
  const read = (img: GrayImage, tryHarder: boolean) => s.reader.read(img, { formats: s.formats, tryHarder, maxSymbols: 8 });
  const preview = s.reader.readDetailed(page.preview, { formats: s.formats, tryHarder: false, maxSymbols: 8, returnErrors: true });
  const first = preview.found;
  if (first.length > 0 || page.blank.isBlank) return first;
  // A low-resolution scan has nothing sharper to look at: its one image gets the thorough read.
  if (page.previewScale === 1) return read(page.preview, true);
  // zxing's fast mode does not look for Data Matrix finder patterns at all; its thorough mode,
  // limited to Data Matrix, costs a few milliseconds on the preview.
  if (s.formats.includes('DataMatrix')) {
    const dm = s.reader.read(page.preview, { formats: ['DataMatrix'], tryHarder: true, maxSymbols: 8 });
    if (dm.length > 0) return dm;
  }
  if (preview.undecoded === 0 && !locateBarcodeLike(page.preview, s.locator).candidate) return first;
  let last = first;
  const seen = new Set<GrayImage>();
  for (const next of [page.detail, page.full]) {
    const img = await next();
    if (seen.has(img)) continue;
    seen.add(img);
    if (img !== page.preview) {
      last = read(img, false);
      if (firstSeparator(last, s.rule)) return last;
    }
    last = read(img, true);
    if (last.length > 0) return last;
  }
  return last;
}

export async function readSeparator(page: CheckedPage, s: BarcodeSettings): Promise<BarcodePage> {
  const found = await findBarcodes(page, s);
  const hit = firstSeparator(found, s.rule);
  const notes: PageNote[] = found
    .filter((b) => !isPlausibleValue(b.text))
    .map((b) => ({ code: 'IGNORED_BARCODE' as const, message: `${page.label}: cod de bare ignorat, valoare nepermisă „${previewValue(b.text)}”.` }));
  const barcode: BarcodeOutcome = found.length > 0 ? { state: 'found', barcodes: found } : { state: 'none' };
  const { preview: _p, detail: _d, full: _f, previewScale: _s, ...rest } = page;
  return { ...rest, barcode, separator: hit?.match ?? null, notes };
}
