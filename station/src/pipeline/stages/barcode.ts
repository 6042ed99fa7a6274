/**
 * Stage «barcode» (per page): looks for a separator barcode on the small preview first and at a
 * higher resolution only when the page looks like it may carry one. Values that do not match the
 * separator rule never split a document; implausible values (control characters, huge strings)
 * are reported and ignored.
 */
import type { ReadInputBarcodeFormat } from 'zxing-wasm';
import { hadSpacesTrimmed, isPlausibleValue, matchSeparator, previewValue, separatorValue, type SeparatorMatch, type SeparatorRule } from '../../barcode/separator-rule.ts';
import type { FoundBarcode, GrayImage } from '../../barcode/zxing-reader.ts';
import type { BarcodeEngine } from '../../barcode/barcode-engine.ts';
import { MAX_SYMBOLS, PATCH_MARGIN_MM, type CloserWindow } from '../../barcode/preview-look.ts';
import { closerBox, MAX_WINDOWS, turnedIfAcross, windowReadOptions } from '../../barcode/closer-window.ts';
import { fromWindow, scaleBox } from '../../barcode/gray-crop.ts';
import { fullWindows, type FullBox } from '../../barcode/full-windows.ts';
import { previewDpi, type AnalyzedPage, type BarcodeOutcome } from '../page-types.ts';
import type { CheckedPage } from './blank-check.ts';
import type { LocatorOptions } from '../../barcode/barcode-locator.ts';
import { lookBesideSymbol } from '../../barcode/ink-beside-symbol.ts';
import { readPatchCode } from '../../barcode/patch-code.ts';
import type { InkOptions } from '../../imaging/ink-measure.ts';

/** Boxes read on `img` (or a window of it) moved into the preview's pixels (every box findBarcodes returns is in the preview's). */
function onPreview(found: FoundBarcode[], img: Pick<GrayImage, 'width'>, preview: GrayImage): FoundBarcode[] {
  const s = preview.width / img.width;
  if (s === 1) return found;
  return found.map((b) => ({ ...b, box: { x: b.box.x * s, y: b.box.y * s, width: b.box.width * s, height: b.box.height * s } }));
}

export interface BarcodeSettings {
  engine: BarcodeEngine;
  rule: SeparatorRule;
  formats: readonly ReadInputBarcodeFormat[];
  locator: LocatorOptions;
  /** Counts of the work done, when given (the bench prints them; tests check a page's cost). */
  stats?: BarcodeStats;
  /** How ink is measured beside a separator symbol (the blank check's settings); absent: not measured (only `separation: auto` decides by it). */
  ink?: InkOptions;
}

/** How many pages needed more than the look at their preview, and why. */
export interface BarcodeStats {
  pages: number;
  /** Pages whose dense patches were read again at full resolution (an otherwise almost empty sheet). */
  patchReads: number;
  /** Pages whose windows (bars or a symbol located on the preview) were read at full resolution. */
  windowReads: number;
  /** Pages read again whole at a higher resolution: the windows read nothing at all (the last resort). */
  closerReads: number;
}

export function newBarcodeStats(): BarcodeStats {
  return { pages: 0, patchReads: 0, windowReads: 0, closerReads: 0 };
}

export interface PageNote {
  code: 'IGNORED_BARCODE' | 'TRIMMED_BARCODE' | 'CONFLICTING_SEPARATOR';
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
 *   1. the preview (~75–100 dpi): see `lookAtPreview`;
 *   2. only if no separator was read there, and the page is otherwise almost empty but for a dense
 *      patch the preview could not read (a small 2D code, short fine bars): each patch alone, cut
 *      from the full image, thoroughly and light-dark swapped too;
 *   3. only if the preview shows windows worth a closer look (a patch of parallel bars, a symbol zxing
 *      located but could not decode): each window alone, cut from the full image, turned so its bars
 *      run down, read thoroughly (`closer-window.ts`); bars that are the page's patch code are not read;
 *   4. the last resort, only when those windows read nothing at all and no patch code is the page's
 *      separator: the detail image (~150 dpi) fast, then thorough; then the full image, fast, then thorough.
 * A page without bars or located symbols is never read again whole. A patch code (`PATCHT`, …) read
 * from the preview's bars comes first in the list when it is a separator and no barcode is.
 * Without a separator, the fullest list of barcodes seen is returned (they are reported, never split).
 * Every box returned is in the preview's pixels.
 */
export async function findBarcodes(page: CheckedPage, s: BarcodeSettings): Promise<FoundBarcode[]> {
  if (s.stats) s.stats.pages++;
  // taken already when a page worker measured the preview (`page-work.ts`), with these same options
  const look = page.measured?.look ?? await s.engine.lookAtPreview(page.preview, {
    formats: s.formats,
    locator: s.locator,
    thorough: page.previewScale === 1,
    blank: page.blank.isBlank,
    dpi: previewDpi(page),
    separator: s.rule,
  }, page.label);
  if (firstSeparator(look.found, s.rule)) return look.found;
  let best = look.found;
  const worth = look.windows.filter((w) => couldBeSymbol(w, previewDpi(page)));
  // the windows read at full resolution: the worth ones but a patch code's own bars, at most MAX_WINDOWS
  const toRead = (patch: FoundBarcode | null) => worth.filter((w) => !(patch && isPatchBars(w, patch, page.preview))).slice(0, MAX_WINDOWS);
  let patchRead: { found: FoundBarcode | null } | undefined;
  const patchOf = () => (patchRead ??= { found: readPatch(page, s.rule) }).found;
  const windowBoxes = (ws: readonly CloserWindow[], scale: number): FullBox[] => ws.map((w) => ({ box: closerBox(w, scale, Math.min(page.dpiX, page.dpiY)), margin: 0 }));
  if (look.patches.length > 0) {
    if (s.stats) s.stats.patchReads++;
    // the full raster's width is the page's (decode.ts decodes every page's full() at it): no decode to learn it
    const scale = page.width / page.preview.width;
    const margin = (PATCH_MARGIN_MM * Math.min(page.dpiX, page.dpiY)) / 25.4;
    // only the area the patches span is decoded (`full-windows.ts`), and that of the windows read next, when they may be: one area for both
    const next = look.closer ? windowBoxes(toRead(patchOf()), scale) : [];
    const cuts = await fullWindows(page, look.patches.map((p) => ({ box: scaleBox(p, scale), margin })), next);
    const got: FoundBarcode[] = [];
    for (const w of cuts.windows) {
      got.push(...onPreview(fromWindow(await s.engine.read(w.img, { formats: s.formats, tryHarder: true, tryInvert: true, maxSymbols: MAX_SYMBOLS }, page.label), w), cuts, page.preview));
      if (firstSeparator(got, s.rule)) return got;
    }
    if (got.length > 0) best = [...best, ...got];
  }
  // read only now (unless the patches' area needed it): a patch read above may have been the separator already
  const patch = patchOf();
  const withPatch = (found: FoundBarcode[]) => (patch && !firstSeparator(found, s.rule) ? [patch, ...found] : found);
  // a page whose only «symbols» are shapes no symbol has (finder-pattern look-alikes in text) is no separator candidate: no full decode
  if (!look.closer || worth.length === 0) return withPatch(best);
  const windows = toRead(patch);
  let windowsRead = 0;
  if (windows.length > 0) {
    if (s.stats) s.stats.windowReads++;
    const scale = page.width / page.preview.width;
    // only the area the windows span is decoded (`full-windows.ts`), once for all of them (none when the patches' area holds it)
    const cuts = await fullWindows(page, windowBoxes(windows, scale));
    for (const [i, w] of windows.entries()) {
      const cut = turnedIfAcross(cuts.windows[i]!, w);
      const got = onPreview(fromWindow(await s.engine.read(cut.img, windowReadOptions(s.formats, w, MAX_SYMBOLS), page.label), cut), cuts, page.preview);
      if (firstSeparator(got, s.rule)) return got;
      windowsRead += got.length;
      best = [...best, ...got];
    }
  }
  if (windowsRead > 0 || patch) return withPatch(best);
  if (s.stats) s.stats.closerReads++;
  const seen = new Set<GrayImage>([page.preview]);
  for (const next of [page.detail, page.full]) {
    const img = await next();
    if (seen.has(img)) continue;
    seen.add(img);
    for (const tryHarder of [false, true]) {
      const got = onPreview(await s.engine.read(img, { formats: s.formats, tryHarder, maxSymbols: MAX_SYMBOLS }, page.label), img, page.preview);
      if (firstSeparator(got, s.rule)) return got;
      if (got.length > best.length) best = got;
    }
  }
  return best;
}

/**
 * A Kodak patch code read from the preview's bars, as the generic value `PATCHT`, `PATCH2`, …: only
 * when such a value is a separator. About a millisecond on a preview; nothing at all otherwise.
 * Its box is the band of the page along the edge it was read from.
 */
function readPatch(page: CheckedPage, rule: SeparatorRule): FoundBarcode | null {
  if (![...rule.genericValues].some((v) => v.startsWith('PATCH'))) return null;
  const dpi = previewDpi(page);
  const got = readPatchCode(page.preview, dpi);
  if (!got || !rule.genericValues.has(`PATCH${got.code}`)) return null;
  const { width, height } = page.preview;
  const band = Math.min(Math.round(PATCH_ZONE_IN * dpi), got.edge === 'left' || got.edge === 'right' ? width : height);
  const box =
    got.edge === 'leading' ? { x: 0, y: 0, width, height: band }
    : got.edge === 'trailing' ? { x: 0, y: height - band, width, height: band }
    : got.edge === 'left' ? { x: 0, y: 0, width: band, height }
    : { x: width - band, y: 0, width: band, height };
  return { text: `PATCH${got.code}`, format: 'PatchCode', box };
}

/** Largest short side (mm) of a located-but-undecoded symbol's box that is not square: a rectangular Data Matrix is at most 16 modules across. */
const MAX_OBLONG_SYMBOL_MM = 20;

/**
 * Whether a window could hold a symbol. Bars the locator saw always could. A symbol zxing located
 * but could not decode could when its box is a symbol's: square-ish (a QR code or a square Data Matrix,
 * turned any way), or narrow on one side — a 1D symbol's line, a rectangular Data Matrix (16 modules
 * across: under 20 mm when its modules were too fine for the preview). A box both wide and tall and
 * far from square (139 × 76 mm on a dense letter: three finder-like blobs of text) is none.
 */
export function couldBeSymbol(w: CloserWindow, previewDpi: number): boolean {
  if (w.bars !== 'either') return true;
  const mm = previewDpi / 25.4;
  const short = Math.min(w.width, w.height) / mm;
  const long = Math.max(w.width, w.height) / mm;
  return short <= MAX_OBLONG_SYMBOL_MM || long <= 1.5 * short;
}

/** Where a patch code's bars may lie, from the edge it was read at (inches, `patch-code.ts` looks as deep). */
const PATCH_ZONE_IN = 4;

/** A window of bars parallel to the patch code's edge, in its band: the patch's own bars, not a symbol. */
function isPatchBars(w: CloserWindow, patch: FoundBarcode, preview: GrayImage): boolean {
  const sideways = patch.box.height === preview.height && patch.box.width < preview.width;
  if (w.bars !== (sideways ? 'vertical' : 'horizontal')) return false;
  const b = patch.box;
  return w.x >= b.x && w.y >= b.y && w.x + w.width <= b.x + b.width && w.y + w.height <= b.y + b.height;
}

export async function readSeparator(page: CheckedPage, s: BarcodeSettings): Promise<BarcodePage> {
  const found = await findBarcodes(page, s);
  const hit = firstSeparator(found, s.rule);
  const notes: PageNote[] = found
    .filter((b) => !isPlausibleValue(b.text))
    .map((b) => ({ code: 'IGNORED_BARCODE' as const, message: `${page.label}: cod de bare ignorat, valoare nepermisă „${previewValue(b.text)}”.` }));
  const id = hit ? separatorValue(hit.match) : '';
  if (hit && hadSpacesTrimmed(hit.barcode.text)) {
    notes.push({ code: 'TRIMMED_BARCODE', message: `${page.label}: codul de bare „${previewValue(hit.barcode.text)}” avea spații la început sau la sfârșit; au fost eliminate, separatorul este „${id}”.` });
  }
  // a second, different separator value on the page (a label of another document stuck on a separator sheet): the first read decides, the clerk is told
  const other = hit ? found.find((b) => { const m = matchSeparator(s.rule, b.text); return m !== null && separatorValue(m) !== id; }) : undefined;
  if (other) {
    notes.push({ code: 'CONFLICTING_SEPARATOR', message: `${page.label}: pagina are două coduri de separator diferite, „${id}” și „${previewValue(other.text)}”; s-a folosit „${id}”. Verificați separarea.` });
  }
  const barcode: BarcodeOutcome = found.length > 0 ? { state: 'found', barcodes: found } : { state: 'none' };
  const beside = hit && s.ink ? lookBesideSymbol(page.preview, hit.barcode.box, previewDpi(page), s.ink) : undefined;
  const { preview: _p, colourPreview: _c, detail: _d, full: _f, fullArea: _a, previewScale: _s, ...rest } = page;
  return { ...rest, barcode, separator: hit?.match ?? null, notes, ...(beside ? { beside } : {}) };
}
