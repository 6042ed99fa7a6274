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

export interface BarcodeSettings {
  reader: BarcodeReader;
  rule: SeparatorRule;
  formats: readonly ReadInputBarcodeFormat[];
  /** Pages with less ink than this may be separator sheets and get a closer look. */
  closerLookMaxInk: number;
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

/** Whether a page that showed no separator on its preview deserves a higher-resolution look. */
export function needsCloserLook(page: CheckedPage, previewFound: FoundBarcode[], s: BarcodeSettings): boolean {
  if (page.blank.isBlank) return false;
  if (previewFound.length > 0) return false; // a readable non-separator barcode: the page is content
  return page.blank.inkRatio <= s.closerLookMaxInk;
}

export async function readSeparator(page: CheckedPage, s: BarcodeSettings): Promise<BarcodePage> {
  const read = (img: GrayImage) => s.reader.read(img, { formats: s.formats, tryHarder: true, maxSymbols: 8 });
  let found = read(page.preview);
  let hit = firstSeparator(found, s.rule);
  if (!hit && needsCloserLook(page, found, s)) {
    found = read(await page.detail());
    hit = firstSeparator(found, s.rule);
  }
  const notes: PageNote[] = found
    .filter((b) => !isPlausibleValue(b.text))
    .map((b) => ({ code: 'IGNORED_BARCODE' as const, message: `${page.label}: cod de bare ignorat, valoare nepermisă „${previewValue(b.text)}”.` }));
  const barcode: BarcodeOutcome = found.length > 0 ? { state: 'found', barcodes: found } : { state: 'none' };
  const { preview: _p, detail: _d, previewScale: _s, ...rest } = page;
  return { ...rest, barcode, separator: hit?.match ?? null, notes };
}
