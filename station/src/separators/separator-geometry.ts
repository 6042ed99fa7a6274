/**
 * Geometry of a separator sheet, in PDF points measured from the TOP of an A4 page.
 * The Code 128 module is a whole multiple of 0.01″ (2 dots at 200 dpi, 3 at 300, 6 at 600) and never
 * narrower than 0.02″ = 0.508 mm, so the bars survive a faded print read at 200 dpi.
 * Patch T follows Kodak A-61599: four bars parallel to the leading edge, pattern 0101 (wide = 1),
 * narrow 0.08″, wide 0.20″, 0.80″ in all, bars much longer than the 2″ minimum, a quiet zone of ten
 * narrow widths, within 3.75″ of the leading edge.
 */
import { StationError } from '../../../shared/src/errors.ts';

export const PT_PER_INCH = 72;
export const PT_PER_MM = 72 / 25.4;
export const A4 = { width: 595.28, height: 841.89 } as const;

export const SIDE_MARGIN = 15 * PT_PER_MM;
/** Quiet zone each side of the Code 128 symbol, in modules (the standard asks for at least 10). */
export const QUIET_MODULES = 12;
export const MODULE_STEP_IN = 0.01;
export const MAX_MODULE_IN = 0.03;
export const MIN_MODULE_IN = 0.02;
export const BARCODE_HEIGHT = 32 * PT_PER_MM;

export interface BarcodeBox {
  /** Width of one module in points. */
  module: number;
  /** Left edge of the first bar (quiet zone excluded). */
  x: number;
  width: number;
  /** Quiet zone width each side, in points. */
  quiet: number;
}

/** Largest module (a multiple of 0.01″, at most 0.03″) that fits the symbol and its quiet zones between the margins. */
export function fitBarcode(moduleCount: number, pageWidth: number = A4.width): BarcodeBox {
  const available = pageWidth - 2 * SIDE_MARGIN;
  const fitIn = available / PT_PER_INCH / (moduleCount + 2 * QUIET_MODULES);
  const steps = Math.floor(fitIn / MODULE_STEP_IN + 1e-9);
  const moduleIn = Math.min(MAX_MODULE_IN, steps * MODULE_STEP_IN);
  if (moduleIn < MIN_MODULE_IN - 1e-9) {
    throw new StationError('INTERNAL', 'Codul de bare este prea lung pentru o pagină A4.', { moduleCount });
  }
  const module = moduleIn * PT_PER_INCH;
  const width = moduleCount * module;
  return { module, x: (pageWidth - width) / 2, width, quiet: QUIET_MODULES * module };
}

export const PATCH = {
  narrow: 0.08 * PT_PER_INCH,
  wide: 0.2 * PT_PER_INCH,
  /** Distance of the pattern from the leading edge (the spec asks for at least 0.25″, at most 3.75″ to its end). */
  offset: 0.5 * PT_PER_INCH,
  /** Bars run across the page between these side margins (the spec asks for at least 0.25″). */
  side: 0.5 * PT_PER_INCH,
  pattern: [false, true, false, true] as const, // Patch T: 0101, wide = 1
} as const;

/** Height reserved at an edge for a patch: offset, pattern, then a quiet zone of ten narrow widths. */
export const PATCH_ZONE = PATCH.offset + 2 * PATCH.wide + 5 * PATCH.narrow + 10 * PATCH.narrow;

export interface Rect {
  x: number;
  /** Top edge, measured from the top of the page. */
  top: number;
  width: number;
  height: number;
}

/**
 * Patch T bars. `edge: 'top'` reads 0101 from the top edge (sheet fed head first); `'bottom'` mirrors
 * it so that a sheet fed upside down still shows 0101 from its leading edge.
 */
export function patchTBars(edge: 'top' | 'bottom', page: { width: number; height: number } = A4): Rect[] {
  const rects: Rect[] = [];
  let distance = PATCH.offset; // from the edge, growing into the page
  PATCH.pattern.forEach((wide, i) => {
    if (i > 0) distance += PATCH.narrow; // the space between bars is always narrow
    const thickness = wide ? PATCH.wide : PATCH.narrow;
    const top = edge === 'top' ? distance : page.height - distance - thickness;
    rects.push({ x: PATCH.side, top, width: page.width - 2 * PATCH.side, height: thickness });
    distance += thickness;
  });
  return rects;
}
