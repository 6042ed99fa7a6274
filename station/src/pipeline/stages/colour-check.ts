/**
 * Stage «colour-check» (per page): does a colour scan carry colour worth keeping (a stamp, a logo,
 * a signature, highlighter) or only its paper's tint and the scanner's noise? Measured on the
 * colour preview the decode stage already made (`imaging/colour-content.ts`); the page is never
 * decoded again. A page scanned in gray or black and white has no colour preview: gray, unmeasured.
 */
import { DEFAULT_COLOUR_SETTINGS, type ColourSettings } from '../../imaging/colour-content.ts';
import { colourOfPreview } from '../preview-look.ts';
import { previewDpi, type DecodedPage, type PageColour } from '../page-types.ts';

export type ColourCheckedPage = DecodedPage & { colour: PageColour };

export function checkColour(page: DecodedPage, s: ColourSettings = DEFAULT_COLOUR_SETTINGS): ColourCheckedPage {
  if (page.measured) return { ...page, colour: page.measured.colour }; // measured in a preview worker
  const rgb = page.colourPreview;
  if (!rgb) return { ...page, colour: { decision: 'gray' } };
  return { ...page, colour: colourOfPreview(rgb, previewDpi(page) / 25.4, s) };
}
