/** Stage «blank-check» (per page): measures ink on the preview and says whether the page is blank. */
import { measureInk } from '../../imaging/ink-measure.ts';
import type { DecodedPage } from '../page-types.ts';

export interface BlankSettings {
  maxInkRatio: number;
  inkContrast: number;
  margin: number;
}

export type CheckedPage = DecodedPage & { blank: { inkRatio: number; isBlank: boolean } };

export async function checkBlank(page: DecodedPage, s: BlankSettings): Promise<CheckedPage> {
  const inkRatio = page.measured?.inkRatio ?? measureInk(page.preview, s).inkRatio; // measured in a preview worker, with these settings
  return { ...page, blank: { inkRatio, isBlank: inkRatio < s.maxInkRatio } };
}
