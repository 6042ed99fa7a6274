/**
 * A page's pixel work beside the decode, on its preview: the gray preview of a colour page (from its
 * colour preview), the colour measure (stage «colour-check») and the ink measure (stage
 * «blank-check»). The same function runs in the calling thread or in a preview worker
 * (`preview-workers.ts`), so the figures are the same either way.
 */
import { DEFAULT_COLOUR_SETTINGS, measureColour, type ColourSettings } from '../imaging/colour-content.ts';
import { measureInk, type InkOptions } from '../imaging/ink-measure.ts';
import { grayOfRgb } from '../imaging/gray-of-rgb.ts';
import { sharingPreviews } from '../imaging/raster-hold.ts';
import { smoothedPreview } from '../imaging/preview-memory.ts';
import type { GrayImage } from '../barcode/zxing-reader.ts';
import type { PageColour } from './page-types.ts';

export interface PreviewInput {
  /** A colour page's RGB preview (the gray preview is made from it; `sharp`: see `ColourPreview`), or */
  rgb?: { data: Uint8Array; width: number; height: number; sharp?: true };
  /** a gray or bitonal page's gray preview. */
  gray?: GrayImage;
  /** The preview's pixels a millimetre. */
  pxPerMm: number;
  ink: InkOptions;
}

export interface PreviewMeasures {
  /** The gray preview made from `rgb` (absent when the input was gray). */
  preview?: GrayImage;
  colour: PageColour;
  inkRatio: number;
}

/** The measures, and the pixels that were sent (the worker's copy, handed back: the caller uses it in place of its own). */
export type MeasuredPreview = PreviewMeasures & { pixels: Uint8Array };

/**
 * The colour of a colour preview (a plain Uint8Array, as `toRgb` hands out: V8 reads a Buffer slower
 * in these loops). A `sharp` preview (libjpeg's DCT scaling) is measured smoothed by the 3 × 3
 * binomial kernel: raw, the chroma its scaled IDCT leaves at a black stroke's edges raised a gray
 * page's measure into the colour check's margin; smoothed, it measures as the resize's preview did.
 * (Smoothed where the colour kernels hold the preview, over the copy the gray preview was made from:
 * `smoothedPreview`.)
 */
export function colourOfPreview(rgb: { data: Uint8Array; width: number; height: number; sharp?: true }, pxPerMm: number, s: ColourSettings = DEFAULT_COLOUR_SETTINGS): PageColour {
  const plain = { data: rgb.data, width: rgb.width, height: rgb.height };
  const m = measureColour(rgb.sharp ? smoothedPreview(plain) : plain, pxPerMm, s);
  return { decision: m.colour ? 'colour' : 'gray', measure: { areaMm2: m.areaMm2, peakChroma: m.peakChroma, paper: m.paper } };
}

export function measurePreview(input: PreviewInput): PreviewMeasures {
  // the gray preview and the colour measure read one copy of the RGB preview (`preview-memory.ts`)
  return sharingPreviews(() => {
    const preview = input.rgb ? grayOfRgb(input.rgb) : undefined;
    const gray = preview ?? input.gray;
    if (!gray) throw new Error('measurePreview: no preview');
    const colour: PageColour = input.rgb ? colourOfPreview(input.rgb, input.pxPerMm) : { decision: 'gray' };
    return { ...(preview ? { preview } : {}), colour, inkRatio: measureInk(gray, input.ink).inkRatio };
  });
}
