/**
 * The closer look at one window of a page: where bars were seen on the preview (or a symbol zxing
 * located but could not decode), cut from the full-resolution raster (`fullWindows`) with room for the symbol's ends
 * and quiet zones, turned a quarter when its bars run across (so the symbol reads left to right),
 * and read thoroughly. A 0.25 mm Code 128 on a page of text costs a read of a few square centimetres
 * instead of two whole-page reads at 150 dpi and full resolution. Pure.
 */
import type { ReadInputBarcodeFormat } from 'zxing-wasm';
import { LOCATOR_BLOCK } from './barcode-locator.ts';
import { turnQuarter, type GrayWindow } from './gray-crop.ts';
import type { CloserWindow } from './preview-look.ts';
import type { PatchBox } from './dense-patch.ts';
import type { BarcodeReadOptions } from './zxing-reader.ts';

/** Room added along the symbol (mm): its quiet zone, and bars at its ends the preview blurred away. */
export const ALONG_MARGIN_MM = 6;
/** Room added along the bars (mm). */
export const ACROSS_MARGIN_MM = 3;
/** Windows read at most on one page: a table's hatching or a photograph costs a few small reads, no more. */
export const MAX_WINDOWS = 4;

/**
 * The window's box in the pixels of a raster `scale` times the preview's, at `dpi` (not clipped): the
 * preview's box grown by the margins plus one locator block (`LOCATOR_BLOCK` preview pixels: a patch's edge
 * blocks may miss part of the bars).
 */
export function closerBox(w: CloserWindow, scale: number, dpi: number): PatchBox {
  const mm = dpi / 25.4;
  const grow = LOCATOR_BLOCK * scale;
  const along = grow + ALONG_MARGIN_MM * mm;
  const across = grow + ACROSS_MARGIN_MM * mm;
  const box = { x: w.x * scale, y: w.y * scale, width: w.width * scale, height: w.height * scale };
  // vertical bars: the symbol runs along x; horizontal bars: along y; either: both ways
  const mx = w.bars === 'horizontal' ? across : along;
  const my = w.bars === 'vertical' ? across : along;
  return { x: box.x - mx, y: box.y - my, width: box.width + 2 * mx, height: box.height + 2 * my };
}

/** A cut window turned a quarter when its bars run across, so the symbol reads left to right. */
export function turnedIfAcross(cut: GrayWindow, w: CloserWindow): GrayWindow {
  return w.bars === 'horizontal' ? turnQuarter(cut) : cut;
}

/** How a window is read: thoroughly; turned only when which way its bars run is not known. */
export function windowReadOptions(formats: readonly ReadInputBarcodeFormat[], w: CloserWindow, maxSymbols: number): BarcodeReadOptions {
  return { formats, tryHarder: true, tryRotate: w.bars === 'either', maxSymbols };
}
