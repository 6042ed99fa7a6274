/**
 * The records that travel through the page pipeline. Each stage returns a new record
 * (copy with the fields it adds); nothing is mutated in place.
 */
import type { FoundBarcode, GrayImage } from '../barcode/zxing-reader.ts';
import type { SeparatorMatch } from '../barcode/separator-rule.ts';
import type { SymbolLook } from '../barcode/ink-beside-symbol.ts';
import type { PreviewLook } from '../barcode/preview-look.ts';
import type { FullArea } from '../barcode/full-windows.ts';
import type { SummaryPageColour } from '../../../shared/src/split-summary.ts';

/** Where a page came from, for messages and the journal. */
export interface PageOrigin {
  /** Absolute path of the input file. */
  file: string;
  /** 0-based page within a multi-page file (TIFF, PDF); 0 for single images. */
  pageInFile: number;
  pagesInFile: number;
  /** SHA-256 of the whole input file. */
  fileSha256: string;
}

/** An image as it will be stored in the output PDF (already compressed). */
export type EmbedImage =
  | { filter: 'DCTDecode'; data: Uint8Array; width: number; height: number; components: 1 | 3 | 4; /** Adobe CMYK/YCCK: samples stored inverted, the PDF says /Decode [1 0 1 0 1 0 1 0] */ invertedCmyk?: boolean }
  | { filter: 'CCITTFaxDecode'; data: Uint8Array; width: number; height: number; k: number; /** the PDF /BlackIs1 value: false = ordinary fax polarity */ blackIs1: boolean; encodedByteAlign?: boolean }
  | { filter: 'FlateDecode'; data: Uint8Array; width: number; height: number; components: 1 | 3; bitsPerComponent: 1 | 8 }
  | { filter: 'JBIG2Decode'; data: Uint8Array; /** the /JBIG2Globals stream's data */ globals: Uint8Array | undefined; /** /Decode [1 0] */ inverted: boolean; width: number; height: number };

/** A page's colour decision and its measure (stage «colour-check»). */
export type PageColour = Pick<SummaryPageColour, 'decision' | 'measure'>;

/** An RGB raster, 3 bytes a pixel, rows top to bottom. */
export interface ColourPreview {
  width: number;
  height: number;
  channels: 3;
  /** A plain Uint8Array (`toRgb`), not sharp's Buffer: the pixel loops read it faster. */
  data: Uint8Array;
  /**
   * Decoded by libjpeg's DCT scaling where the resize's smoother preview was what the colour measure
   * was tuned on: the measure smooths it first (`pipeline/preview-look.ts`); the gray preview, the
   * barcode look and the thumbnails take it as it is (`stages/jpeg-readers.ts` says where and why).
   */
  sharp?: true;
}

/** A page after decoding: a small grayscale preview for analysis plus what goes into the PDF. */
export interface DecodedPage {
  seq: number;
  origin: PageOrigin;
  label: string;
  width: number;
  height: number;
  dpiX: number;
  dpiY: number;
  /** Clockwise quarter turns (degrees) a viewer must apply to show the page upright (scanner PDFs). */
  rotation: 0 | 90 | 180 | 270;
  /** Downscaled 8-bit grayscale raster (~75–100 dpi) used by the blank and barcode stages. */
  preview: GrayImage;
  previewScale: number;
  /**
   * Multi-channel inputs only (RGB, CMYK, colour PDF images): the same reduced-scale decode as
   * `preview`, in colour (RGB, ~75–100 dpi) — the one decode the gray preview was made from, for
   * per-page colour detection. Absent for gray and bitonal inputs. Not carried past the barcode stage.
   */
  colourPreview?: ColourPreview;
  /**
   * Worked out beside the decode, in a page worker (`preview-look.ts`): stages «colour-check» and
   * «blank-check» take them from here, and stage «barcode» its first look at the preview when taken there.
   */
  measured?: { colour: PageColour; inkRatio: number; look?: PreviewLook };
  /** Produces a higher-resolution grayscale raster (~150 dpi) on demand, for a second barcode look. */
  detail: () => Promise<GrayImage>;
  /** The full-resolution grayscale raster, for the last barcode attempt on a likely separator. */
  full: () => Promise<GrayImage>;
  /**
   * JPEG pages (libvips decodes them from the top): the full raster's size, and the pixels of one
   * rectangle of it (inside it, not empty) — the same as `full()` holds there, that area decoded alone
   * (`full-area-reader.ts`). Absent (PNG, TIFF, …): windows are cut from `full()`.
   */
  fullArea?: FullArea;
  embed: EmbedImage;
}

/** The preview's resolution, dots per inch (the page's lower one, divided by the preview's scale). */
export function previewDpi(page: Pick<DecodedPage, 'dpiX' | 'dpiY' | 'previewScale'>): number {
  return Math.min(page.dpiX, page.dpiY) / page.previewScale;
}

export type BarcodeOutcome =
  | { state: 'not-attempted' }
  | { state: 'none' }
  | { state: 'found'; barcodes: FoundBarcode[] };

export interface AnalyzedPage {
  seq: number;
  origin: PageOrigin;
  label: string;
  width: number;
  height: number;
  dpiX: number;
  dpiY: number;
  rotation: 0 | 90 | 180 | 270;
  embed: EmbedImage;
  blank: { inkRatio: number; isBlank: boolean } | null;
  barcode: BarcodeOutcome;
  separator: SeparatorMatch | null;
  /** The colour decision (stage «colour-check»): what `storage: auto` stores the page by; absent only where a stage was skipped (tests). */
  colour?: Pick<SummaryPageColour, 'decision' | 'measure'>;
  /** On a page with a separator: the ink beside its symbol (see ink-beside-symbol.ts), what `separation: auto` decides by. */
  beside?: SymbolLook;
}
