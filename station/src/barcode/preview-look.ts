/**
 * The first, cheap look at a page for barcodes, on its small preview (pure and synchronous, so it
 * runs the same in a worker thread or in the calling thread). Given the separator rule, a page's
 * largest patches of bars are read first, each in its band of the preview: a separator sheet's Code 128
 * read there ends the look (no dense patches, no whole read). Most other pages get the whole preview read:
 *   - one fast zxing read of every enabled format, counting symbols located but not decoded;
 *   - zxing's fast mode does not search for Data Matrix finder patterns off-centre, so a thorough
 *     read limited to Data Matrix follows (a few milliseconds on a 75–100 dpi preview);
 *   - a page whose preview is its full resolution gets the thorough read of every format at once;
 *   - dense patches of ink (see `dense-patch.ts`): each is read alone, light and dark swapped too,
 *     so a white-on-black QR or Data Matrix is read; on an otherwise almost empty sheet, a patch
 *     that does not read at this scale is handed back for a read at full resolution (a symbol with
 *     0.25 mm modules is a gray smudge here).
 * A page full of text (a letter: no separator sheet is) is never read whole: only its patches of bars,
 * its blocks of ink shaped like a 2D symbol and the symbols set tight in its text, each alone (`lookAtBusyPreview`).
 * It says whether a closer look (higher resolution) is worth it, and where: the windows of the
 * preview holding a patch of parallel bars or a symbol zxing located but could not decode (a window
 * that a barcode read here already spans is left out: it is explained).
 */
import './box-shapes.ts';
import { matrixBarcodeFormats, type ReadInputBarcodeFormat } from 'zxing-wasm';
import { LOCATOR_BLOCK, locateBarcodeLike, texturedPatches, type BarRegion, type LocatorOptions, type LocatorResult } from './barcode-locator.ts';
import { findDensePatches, inkOutside, overlaps, type DensePatch, type DensePatches, type PatchBox } from './dense-patch.ts';
import { ACROSS_MARGIN_MM } from './closer-window.ts';
import { cropAround, fromWindow, turnQuarter } from './gray-crop.ts';
import { matchSeparator, type SeparatorRule } from './separator-rule.ts';
import { SYMBOL_CHANGES, symbolChanges, symbolCores, turnsInBox } from './symbol-cores.ts';
import type { BarcodeReader, FoundBarcode, GrayImage } from './zxing-reader.ts';
import { sharingPreviews } from '../imaging/raster-hold.ts';

export interface PreviewLookOptions {
  formats: readonly ReadInputBarcodeFormat[];
  locator: LocatorOptions;
  /** The preview is the page at full resolution: read it thoroughly now. */
  thorough: boolean;
  /** The page was found blank: read what is there, never look closer. */
  blank: boolean;
  /** Resolution of the preview, dots per inch. */
  dpi: number;
  /**
   * The separator rule, when the caller stops at a separator: the look stops too, at the first
   * barcode that is one (a sheet's bars read alone first; no dense patches or bars looked for after it).
   */
  separator?: SeparatorRule;
}

export interface PreviewLook {
  found: FoundBarcode[];
  /** Worth reading again at a higher resolution, unless what was found is already a separator. */
  closer: boolean;
  /** Where to look closer (preview pixels), most promising first; empty when `closer` is false. */
  windows: CloserWindow[];
  /**
   * Dense patches (preview pixels) on an otherwise almost empty page that did not read here:
   * each deserves a read of its own at full resolution, unless what was found is already a separator.
   */
  patches: PatchBox[];
}

/** A window worth a read at full resolution: bars seen running one way, or a symbol located but not decoded (`either`: any way round). */
export type CloserWindow = PatchBox & { bars: BarRegion['bars'] | 'either' };

export const MAX_SYMBOLS = 8;
/** A barcode read on the preview explains a bar region when it spans this share of the region's length. */
const SPANS = 0.6;
/**
 * A page is «otherwise almost empty» when at most this share of its cells (~1.3 mm) has ink outside
 * the printed patches shaped like a symbol: a sheet with only a label measures 0, a separator sheet with a
 * printed title, large number and department 0.03–0.046, a page of text 0.06–0.18 (the bench batch
 * and the fixtures, gray and bitonal). A short page (a few lines) costs one full-resolution decode.
 */
export const ALMOST_EMPTY = 0.05;
/** On a page with other ink, only dense patches this large (mm) are read again alone: a symbol readable at preview scale. */
const BUSY_PAGE_MIN_PATCH_MM = 5;
const BUSY_PAGE_MIN_DENSITY = 0.5;
/**
 * Patches read alone at most: a page of bold headings or a photograph costs a few small reads, no
 * more. On an almost empty sheet the patches shaped like a symbol are read (squarest first), not
 * the densest: density alone does not tell a crisp symbol from bold print.
 */
const MAX_PATCHES = 3;
const MAX_LONE_PATCHES = 6;
/** A symbol is printed: its darkest pixel is well below the paper even on the preview (bleed-through from the back is not). */
const MIN_PATCH_PEAK = 50;
/** A patch this dense is solid ink (a filled box, a bullet, a mark), not modules with paper between them. */
const SOLID = 0.9;
/** Room around a patch when it is read alone (mm): the symbol's quiet zone and the blob's soft edges. */
export const PATCH_MARGIN_MM = 4;

export function lookAtPreview(reader: BarcodeReader, img: GrayImage, o: PreviewLookOptions): PreviewLook {
  // the locator, the dense patches and the ink beside a symbol read one copy of the preview (`gray-passes.ts`)
  const same = sameShapes(img, o);
  return sharingPreviews(() => lookAt(reader, same.img, same.o));
}

/**
 * The preview and the options as objects made here, the same fields in the same order whoever
 * made them: a page worker receives its options copied from the main thread (a structured clone,
 * whose hidden class the collector may drop between pages and make anew), the warm-up makes its
 * own, an engine in the calling thread passes the config's. Each new class met made the look's
 * optimised functions deoptimise («wrong map») and compile again; one class each, nothing to
 * recompile. The pixels are not copied.
 */
function sameShapes(img: GrayImage, o: PreviewLookOptions): { img: GrayImage; o: PreviewLookOptions } {
  const l = o.locator;
  // every field, the optional ones too (`AllFields`): a field added to the options and not copied here does not compile
  const copy: AllFields<PreviewLookOptions> = {
    formats: o.formats,
    locator: { minEdge: l.minEdge, ratio: l.ratio, minBlocks: l.minBlocks } satisfies AllFields<LocatorOptions>,
    thorough: o.thorough,
    blank: o.blank,
    dpi: o.dpi,
    separator: o.separator,
  };
  return { img: { data: img.data, width: img.width, height: img.height } satisfies AllFields<GrayImage>, o: copy };
}

/** `T` with its optional fields required (each may still be undefined): a copy written field by field misses none. */
type AllFields<T> = { [K in keyof Required<T>]: T[K] };

function lookAt(reader: BarcodeReader, img: GrayImage, o: PreviewLookOptions): PreviewLook {
  if (o.blank || o.thorough) return lookAtWholePreview(reader, img, o, null, [], NO_BANDS);
  const locator = locateBarcodeLike(img, o.locator);
  const located = locator.regions;
  // a separator sheet's bars read in their own band first: no whole read, no fine patches when they are a separator
  const bands = o.separator ? readBarWindows(reader, img, located, o) : NO_BANDS;
  if (isSeparator(bands.found, o)) return { found: restOfSheet(reader, img, o, locator, bands), closer: false, windows: [], patches: [] };
  const dense = findDensePatches(img, { dpi: o.dpi });
  return inkShare(dense) >= FULL_PAGE_INK ? lookAtBusyPreview(reader, img, o, dense, located, bands) : lookAtWholePreview(reader, img, o, dense, located, bands);
}

/** The bar regions read in their bands (`readBarWindows`), and what those reads found. */
interface BandReads {
  found: FoundBarcode[];
  read: readonly BarRegion[];
}
const NO_BANDS: BandReads = { found: [], read: [] };

/** Other bar regions read in their bands on a separator sheet at most. */
const MAX_SHEET_BARS = 2;

/**
 * The rest of a sheet whose separator was read in its band: the other symbols it carries are
 * reported too (a hostile value's note, a second registration number), read only where the
 * preview shows one, so a plain separator sheet costs next to nothing more: the other bar regions
 * in their bands, and the locator's patches of blocks changing both ways that are shaped like a 2D
 * symbol and turn between ink and paper as often as one (`SYMBOL_CHANGES`; a sheet's title and
 * large number are flat strokes), each alone. No whole read, no full-resolution read.
 */
function restOfSheet(reader: BarcodeReader, img: GrayImage, o: PreviewLookOptions, locator: LocatorResult, bands: BandReads): FoundBarcode[] {
  const found = [...bands.found];
  const bars = locator.regions.filter((r) => !bands.read.includes(r) && !found.some((b) => spansRegion(b.box, r))).slice(0, MAX_SHEET_BARS);
  for (const r of bars) addNew(found, readBand(reader, img, r, o) ?? []);
  const mm = o.dpi / 25.4;
  const shaped = texturedPatches(locator).filter((p) => {
    const short = Math.min(p.width, p.height);
    const long = Math.max(p.width, p.height);
    return short >= SHEET_SYMBOL_MIN_MM * mm && long <= BLOCK_MAX_MM * mm && long <= SHEET_SYMBOL_ASPECT * short && !found.some((b) => overlaps(b.box, p));
  });
  for (const box of shaped.filter((p) => turnsInBox(img, p) >= SYMBOL_CHANGES).slice(0, MAX_BLOCKS)) {
    const w = cropAround(img, box, PATCH_MARGIN_MM * mm + LOCATOR_BLOCK);
    addNew(found, fromWindow(reader.read(w.img, { formats: o.formats, tryHarder: true, tryRotate: false, tryInvert: true, maxSymbols: MAX_SYMBOLS }), w));
  }
  return found;
}

/** A 2D symbol on a separator sheet read on the preview is at least this large (mm): the locator's blocks are 2–3 mm. */
const SHEET_SYMBOL_MIN_MM = 5;
/** Long side to short side at most: a rectangular Data Matrix. */
const SHEET_SYMBOL_ASPECT = 4;

function withBands(found: FoundBarcode[], bands: BandReads): FoundBarcode[] {
  if (bands.found.length === 0) return found;
  const all = [...found];
  addNew(all, bands.found);
  return all;
}

/** Adds to `found` each barcode of `more` not already in it (same value and format, boxes overlapping). */
function addNew(found: FoundBarcode[], more: readonly FoundBarcode[]): void {
  for (const b of more) if (!found.some((f) => f.text === b.text && f.format === b.format && overlaps(f.box, b.box))) found.push(b);
}

/**
 * A page this full of ink (share of its ~1.3 mm cells) is a page of running text: a letter of about
 * 40 lines measures 0.27–0.31 (the bench's dense batches, 200 and 300 dpi), a separator sheet
 * 0.07–0.12, a page with a label or a distractor barcode and a few paragraphs 0.06–0.22 (the fixtures).
 */
const FULL_PAGE_INK = 0.25;

function inkShare(d: DensePatches): number {
  return d.totalCells > 0 ? d.inkedCells / d.totalCells : 0;
}

/**
 * A page full of text: zxing reads only where a symbol can be, never the whole preview (its Data
 * Matrix search alone costs 5–9 ms a page at 75–100 dpi): the patches of bars the locator sees,
 * the compact blocks of ink shaped like a 2D symbol and the symbols set tight in the text (their ink
 * joined to the lines', `symbol-cores.ts`), each cut out with its quiet zone and read
 * thoroughly (a Data Matrix off-centre on the page is at the centre of its window), light and dark
 * swapped too. Symbols located there but not decoded are windows for a closer look, as on the whole preview.
 */
function lookAtBusyPreview(reader: BarcodeReader, img: GrayImage, o: PreviewLookOptions, dense: DensePatches, regions: readonly BarRegion[], bands: BandReads): PreviewLook {
  const mm = o.dpi / 25.4;
  const blocks = symbolBlocks(img, dense.patches, mm);
  // a symbol set tight in the text: its ink joined the lines' into one blob, no block of its own
  const cores = dense.grid ? symbolCores(img, dense.grid, o.dpi).filter((c) => !blocks.some((b) => overlaps(b, c))).slice(0, MAX_CORES) : [];
  // what the bands read already: a region a band read explains is not read again
  const found: FoundBarcode[] = [...bands.found];
  const undecoded: PatchBox[] = [];
  const unexplained = regions.filter((r) => !bands.found.some((b) => spansRegion(b.box, r)));
  // bars may run either way; a 2D symbol reads any way round without turning the window
  const reads = [...unexplained.map((box) => ({ box, turn: true })), ...[...blocks, ...cores].map((box) => ({ box, turn: false }))];
  for (const { box, turn } of reads) {
    const w = cropAround(img, box, PATCH_MARGIN_MM * mm + LOCATOR_BLOCK);
    const got = reader.readDetailed(w.img, { formats: o.formats, tryHarder: true, tryRotate: turn, tryInvert: true, maxSymbols: MAX_SYMBOLS, returnErrors: true });
    addNew(found, fromWindow(got.found, w));
    // boxes written whole, not `{ ...u, x }` (`fromWindow` in `gray-crop.ts`, `box-shapes.ts`)
    for (const u of got.undecoded) undecoded.push({ x: u.x + w.x, y: u.y + w.y, width: u.width, height: u.height });
  }
  const bars = regions.filter((r) => !found.some((b) => spansRegion(b.box, r)));
  const located = undecoded.filter((u) => !found.some((b) => overlaps(b.box, u)));
  const windows: CloserWindow[] = [...bars.map(({ x, y, width, height, bars: b }) => ({ x, y, width, height, bars: b })), ...located.map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height, bars: 'either' as const }))];
  return { found, closer: windows.length > 0, windows, patches: [] };
}

/** Symbols set tight in the text read alone at most (`symbol-cores.ts`): none on the bench's letters, their logo and marks included. */
const MAX_CORES = 2;
/** Blocks of ink read alone on a page full of text at most: a logo, a stamp or bold headings cost a few small reads, no more. */
const MAX_BLOCKS = 4;
/**
 * A block shaped like a 2D symbol readable on the preview: square or nearly (a rectangular Data Matrix
 * up to 1:2 here), 6–40 mm — at least 10 modules of 0.6 mm, about two preview pixels; a symbol finer
 * than that does not read here anyway. Lines of text are 2.5–3.5 mm high, a bold word 5 mm. Its
 * pixels turn between ink and paper as often as a symbol's modules do (`SYMBOL_CHANGES`, whatever
 * their size): a flat-filled logo (the bench letter's: 2.5 turns) is no symbol and costs no read (about 1 ms a page).
 */
const BLOCK_MIN_MM = 6;
const BLOCK_MAX_MM = 40;
const BLOCK_ASPECT = 2;

function symbolBlocks(img: GrayImage, all: readonly DensePatch[], mm: number): DensePatch[] {
  const aspect = (p: DensePatch) => Math.max(p.width, p.height) / Math.min(p.width, p.height);
  return all
    .filter((p) => p.peak >= MIN_PATCH_PEAK && p.density < SOLID && Math.min(p.width, p.height) >= BLOCK_MIN_MM * mm && Math.max(p.width, p.height) <= BLOCK_MAX_MM * mm && aspect(p) <= BLOCK_ASPECT)
    .filter((p) => symbolChanges(img, p, p.peak) >= SYMBOL_CHANGES)
    .sort((a, b) => aspect(a) - aspect(b) || b.density - a.density)
    .slice(0, MAX_BLOCKS);
}

/** The whole preview read: every page but one full of text (a separator sheet's symbol may lie anywhere, any size, any way round). */
function lookAtWholePreview(reader: BarcodeReader, img: GrayImage, o: PreviewLookOptions, dense: DensePatches | null, located: readonly BarRegion[], bands: BandReads): PreviewLook {
  const fast = reader.readDetailed(img, { formats: o.formats, tryHarder: false, maxSymbols: MAX_SYMBOLS, returnErrors: true });
  let found = fast.found;
  if (isSeparator(found, o)) return { found, closer: false, windows: [], patches: [] };
  if (!o.blank && found.length === 0 && o.thorough) found = reader.read(img, { formats: o.formats, tryHarder: true, maxSymbols: MAX_SYMBOLS });
  if (!o.blank && found.length === 0 && !o.thorough && o.formats.includes('DataMatrix')) {
    // the preview is small already: smaller copies would only cost time (6 ms → 4 ms a page);
    // turning stays on (without it a sheet fed sideways is missed)
    const dm = reader.read(img, { formats: ['DataMatrix'], tryHarder: true, maxSymbols: MAX_SYMBOLS, tryDownscale: false });
    if (dm.length > 0) return { found: withBands(dm, bands), closer: false, windows: [], patches: [] };
  }
  // a symbol a band read (no separator) and the whole read missed is kept
  const { found: all, unread } = readDensePatches(reader, img, withBands(found, bands), o, dense);
  if (o.blank || o.thorough) return { found: all, closer: false, windows: [], patches: unread };
  // Asked even when something was read: a sheet may carry a small QR code that reads at this scale
  // beside a separator barcode that does not (the caller looks closer only if nothing read is a separator).
  const bars = located.filter((r) => !all.some((b) => spansRegion(b.box, r)));
  const windows: CloserWindow[] = [...bars.map(({ x, y, width, height, bars: b }) => ({ x, y, width, height, bars: b })), ...fast.undecoded.map((b) => ({ x: b.x, y: b.y, width: b.width, height: b.height, bars: 'either' as const }))];
  return { found: all, closer: windows.length > 0, windows, patches: unread };
}

/** Formats that are no row of bars: zxing's own list (its names: RMQRCode, MicroPDF417, AztecRune, …) and the meta format for them. */
const MATRIX_FORMATS: ReadonlySet<string> = new Set<string>([...matrixBarcodeFormats, 'AllMatrix']);
/** Bar patches read on the preview in their own band at most. */
const MAX_BAR_WINDOWS = 2;

/**
 * The largest bar patches read alone on the preview, each in the band of the page across its bars
 * (the page's whole width for bars running down, turned a quarter for bars running across): zxing's
 * fast read misses a 75 dpi Code 128 in a window cut close round it, not in its band (19 of 20 bench
 * separator sheets at 75 dpi, 20 of 20 at 100), at a tenth of the whole preview's cost. Stops at the first separator.
 */
function readBarWindows(reader: BarcodeReader, img: GrayImage, located: readonly BarRegion[], o: PreviewLookOptions): BandReads {
  const found: FoundBarcode[] = [];
  const read: BarRegion[] = [];
  for (const r of located.slice(0, MAX_BAR_WINDOWS)) {
    const got = readBand(reader, img, r, o);
    if (got === null) break;
    read.push(r);
    found.push(...got);
    if (isSeparator(found, o)) break;
  }
  return { found, read };
}

/** The 1D symbols read in the band of the page across a bar region (null: no 1D format is enabled). */
function readBand(reader: BarcodeReader, img: GrayImage, r: BarRegion, o: PreviewLookOptions): FoundBarcode[] | null {
  const linear = o.formats.filter((f) => !MATRIX_FORMATS.has(f));
  if (linear.length === 0) return null;
  const m = (ACROSS_MARGIN_MM * o.dpi) / 25.4 + LOCATOR_BLOCK;
  const band = r.bars === 'vertical' ? cropAround(img, { x: 0, y: r.y - m, width: img.width, height: r.height + 2 * m }, 0) : turnQuarter(cropAround(img, { x: r.x - m, y: 0, width: r.width + 2 * m, height: img.height }, 0));
  // bars are a 1D symbol's: its formats only, a fast read, no smaller copies (the band is small already)
  return fromWindow(reader.read(band.img, { formats: linear, tryHarder: false, tryRotate: false, tryDownscale: false, maxSymbols: MAX_SYMBOLS }), band);
}

function isSeparator(found: readonly FoundBarcode[], o: PreviewLookOptions): boolean {
  const rule = o.separator;
  return rule !== undefined && found.some((b) => matchSeparator(rule, b.text) !== null);
}

/** A barcode's box (often a thin line along a 1D symbol) lies across the region and covers most of its length. */
function spansRegion(box: PatchBox, r: BarRegion): boolean {
  const overlap = (a0: number, a1: number, b0: number, b1: number) => Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
  const alongX = overlap(box.x, box.x + box.width, r.x, r.x + r.width);
  const alongY = overlap(box.y, box.y + box.height, r.y, r.y + r.height);
  const meets = box.x <= r.x + r.width && box.x + box.width >= r.x && box.y <= r.y + r.height && box.y + box.height >= r.y;
  if (!meets) return false;
  return r.bars === 'vertical' ? alongX >= SPANS * r.width : alongY >= SPANS * r.height;
}

/**
 * Patches shaped like a symbol, squarest first: a 2D symbol is square or nearly (a rectangular
 * Data Matrix is up to 1:4), 2.5–30 mm; bars are at least 4.5 mm high. Lines of body text (3–4 mm
 * high, far wider than high) are neither.
 */
function symbolShaped(all: readonly DensePatch[], mm: number): DensePatch[] {
  const patches = all.filter((p) => p.peak >= MIN_PATCH_PEAK && p.density < SOLID);
  const square = (p: DensePatch) => Math.max(p.width, p.height) <= 4.5 * Math.min(p.width, p.height) && Math.max(p.width, p.height) <= 30 * mm;
  const bars = (p: DensePatch) => Math.min(p.width, p.height) >= 4.5 * mm && Math.max(p.width, p.height) <= 15 * Math.min(p.width, p.height);
  const aspect = (p: DensePatch) => Math.max(p.width, p.height) / Math.min(p.width, p.height);
  return [...patches.filter(square).sort((a, b) => aspect(a) - aspect(b) || b.density - a.density), ...patches.filter((p) => !square(p) && bars(p))];
}

/** Reads each dense patch alone (light and dark swapped too); returns what it read and the patches worth a full-resolution read. */
function readDensePatches(reader: BarcodeReader, img: GrayImage, found: FoundBarcode[], o: PreviewLookOptions, measured: DensePatches | null): { found: FoundBarcode[]; unread: PatchBox[] } {
  // the patches already measured, less those a barcode read covers (as findDensePatches' `known` leaves them out)
  const dense = measured ? { ...measured, patches: measured.patches.filter((p) => !found.some((b) => overlaps(b.box, p))) } : findDensePatches(img, { dpi: o.dpi, known: found.map((b) => b.box) });
  const mm = o.dpi / 25.4;
  const candidates = symbolShaped(dense.patches, mm).slice(0, MAX_LONE_PATCHES);
  const lone = inkOutside(dense, candidates) <= ALMOST_EMPTY;
  const worth = lone ? candidates : dense.patches.filter((p) => p.peak >= MIN_PATCH_PEAK && p.density >= BUSY_PAGE_MIN_DENSITY && Math.min(p.width, p.height) >= BUSY_PAGE_MIN_PATCH_MM * mm).slice(0, MAX_PATCHES);
  const all = [...found];
  const unread: PatchBox[] = [];
  for (const p of worth) {
    const w = cropAround(img, p, PATCH_MARGIN_MM * mm);
    const got = reader.read(w.img, { formats: o.formats, tryHarder: true, tryInvert: true, maxSymbols: MAX_SYMBOLS });
    if (got.length > 0) all.push(...fromWindow(got, w));
    else if (lone && !o.thorough) unread.push({ x: p.x, y: p.y, width: p.width, height: p.height });
  }
  return { found: all, unread };
}
