import type { PDFContext } from 'pdf-lib';
import type { DrawnImage } from './analyze-page-content.ts';
import { readImageParams } from './image-params.ts';
import type { PageBox } from './page-geometry.ts';

/** How a page that is not one plain image is rendered so that it looks the same and loses nothing. */
export interface RenderPlan {
  /** The highest resolution of the images it draws (undefined: no image, or none with a real size). */
  imageDpi: number | undefined;
  /** Every image it draws is black and white (stencil masks, 1-bit gray, CCITT, JBIG2). */
  bitonalImages: boolean;
}

const BITONAL_CODECS = new Set(['CCITTFaxDecode', 'JBIG2Decode']);

export function renderPlan(context: PDFContext, images: DrawnImage[], box: PageBox): RenderPlan {
  let imageDpi: number | undefined;
  let bitonalImages = images.length > 0;
  for (const { image, ctm } of images) {
    let p: ReturnType<typeof readImageParams>;
    try {
      p = readImageParams(context, image);
    } catch {
      bitonalImages = false; // a broken image: the renderer decides what it shows
      continue;
    }
    const codec = p.filters.at(-1)?.name ?? '';
    const gray = p.colorSpace.kind === 'gray' || p.colorSpace.kind === 'indexed';
    if (!(p.imageMask || (p.bitsPerComponent === 1 && gray) || BITONAL_CODECS.has(codec))) bitonalImages = false;
    const [a, b, c, d] = ctm;
    const drawnX = Math.hypot(a, b) * box.userUnit;
    const drawnY = Math.hypot(c, d) * box.userUnit;
    if (drawnX <= 1 || drawnY <= 1) continue; // drawn without a real transform: its size tells nothing
    const dpi = Math.max((p.width * 72) / drawnX, (p.height * 72) / drawnY);
    imageDpi = Math.max(imageDpi ?? 0, dpi);
  }
  return { imageDpi, bitonalImages };
}
