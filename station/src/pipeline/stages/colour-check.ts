/**
 * Stage «colour-check» (per page): does a colour scan carry colour worth keeping (a stamp, a logo,
 * a signature, highlighter) or only its paper's tint and the scanner's noise? Measured on the
 * colour preview the decode stage already made (`imaging/colour-content.ts`); the page is never
 * decoded again. A page scanned in gray or black and white has no colour preview: gray, unmeasured.
 */
import type { SummaryPageColour } from '../../../../shared/src/split-summary.ts';
import { DEFAULT_COLOUR_SETTINGS, measureColour, type ColourSettings } from '../../imaging/colour-content.ts';
import { previewDpi, type DecodedPage } from '../page-types.ts';

export type PageColour = Pick<SummaryPageColour, 'decision' | 'measure'>;

export type ColourCheckedPage = DecodedPage & { colour: PageColour };

export function checkColour(page: DecodedPage, s: ColourSettings = DEFAULT_COLOUR_SETTINGS): ColourCheckedPage {
  const rgb = page.colourPreview;
  if (!rgb) return { ...page, colour: { decision: 'gray' } };
  const pxPerMm = previewDpi(page) / 25.4;
  // read through a plain Uint8Array view of sharp's Buffer (V8 reads a Buffer slower in these loops)
  const data = new Uint8Array(rgb.data.buffer, rgb.data.byteOffset, rgb.data.length);
  const m = measureColour({ data, width: rgb.width, height: rgb.height }, pxPerMm, s);
  return { ...page, colour: { decision: m.colour ? 'colour' : 'gray', measure: { areaMm2: m.areaMm2, peakChroma: m.peakChroma, paper: m.paper } } };
}
