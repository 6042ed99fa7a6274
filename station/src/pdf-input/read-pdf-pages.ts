import type { PDFContext, PDFPage } from 'pdf-lib';
import { analyzePageContent } from './analyze-page-content.ts';
import { decodeImageXObject, type ImageOutcome } from './decode-image.ts';
import { DEFAULT_RENDER_DPI, MAX_RENDER_DPI, MIN_RENDER_DPI } from './limits.ts';
import { openPdfDocument } from './open-pdf-document.ts';
import { decodeContentStream, describePage } from './page-description.ts';
import { fillsPage, placeImage, type Placement } from './page-geometry.ts';
import type { PdfPageImage } from './pdf-page-image.ts';
import { pageError, toStationError } from './pdf-input-problem.ts';
import { createPageRenderer, type PageRenderer } from './render-page.ts';
import { renderPlan, type RenderPlan } from './render-plan.ts';

export type { PdfPageImage } from './pdf-page-image.ts';

export interface ScannerPdfOptions {
  /** Resolution for pages that must be rendered (clamped to 72–600); default 200. */
  renderDpi?: number;
}

export interface ScannerPdf {
  pageCount: number;
  /** Page `index` (0-based), read when asked for: only that page's pixels are held. */
  page(index: number): Promise<PdfPageImage>;
  /** Frees the renderer, if a page needed it. The document can no longer be read after. */
  close(): Promise<void>;
}

/**
 * Opens a PDF made by a scanner. A page that draws exactly one image over the whole page (an
 * invisible OCR text layer allowed) yields that image as stored: JPEG, CCITT G4 and JBIG2 data byte
 * for byte; other encodings decoded to samples at the image's own size (CCITT G3 by
 * imaging/ccitt-g3-decode, JPEG 2000 and JBIG2 that cannot be kept by pdf.js). Any other page (vector content, several images, a stencil mask painted
 * in colour, an image that does not fill the page) is rendered as a viewer shows it, at the
 * resolution of its images (at least `renderDpi`), the input page's size: in colour when it is in
 * colour, bitonal when it is made of bitonal images.
 * Errors are StationError (INPUT_EMPTY, INPUT_CORRUPT, INPUT_UNSUPPORTED) naming the file and page.
 */
export async function openScannerPdf(bytes: Uint8Array, fileLabel: string, options: ScannerPdfOptions = {}): Promise<ScannerPdf> {
  const { doc, pages } = await openPdfDocument(bytes, fileLabel);
  const clampDpi = (dpi: number): number => Math.min(MAX_RENDER_DPI, Math.max(MIN_RENDER_DPI, dpi));
  const renderDpi = clampDpi(options.renderDpi ?? DEFAULT_RENDER_DPI);
  let renderer: PageRenderer | undefined;
  const pageRenderer = (): PageRenderer => (renderer ??= createPageRenderer(bytes));

  const render = async (index: number, reason: string, plan: RenderPlan): Promise<PdfPageImage> => {
    const dpi = clampDpi(Math.max(renderDpi, Math.round(plan.imageDpi ?? 0)));
    const raster = await pageRenderer().render(index, dpi, plan.bitonalImages);
    return { kind: 'rendered', ...raster, rotation: 0, reason };
  };

  const decodeByPdfjs = async (index: number, found: ToDecode): Promise<PdfPageImage | undefined> => {
    const native = await pageRenderer().decodedImage(index);
    if (!native || native.width !== found.width || native.height !== found.height) return undefined;
    const { width, height } = native;
    if (found.jbig2 && native.bitsPerComponent === 1) return { kind: 'jbig2', ...found.jbig2, bitmap: native.data, width, height, ...found.placement };
    return { kind: 'pixels', data: native.data, width, height, channels: native.channels, bitsPerComponent: native.bitsPerComponent, ...found.placement };
  };

  return {
    pageCount: pages.length,
    async page(index) {
      const page = pages[index];
      if (!Number.isInteger(index) || !page) {
        throw pageError('INTERNAL', fileLabel, index + 1, `pagina nu există (ultima pagină este ${pages.length})`, { pageCount: pages.length });
      }
      try {
        const found = readScannedImage(doc.context, page);
        if ('image' in found) return found.image;
        if ('decodeBy' in found) return (await decodeByPdfjs(index, found)) ?? (await render(index, `${found.decodeBy}: not one decoded image`, found.plan));
        return await render(index, found.reason, found.plan);
      } catch (err) {
        throw toStationError(err, fileLabel, index + 1);
      }
    },
    async close() {
      await renderer?.close();
      renderer = undefined;
    },
  };
}

type ToDecode = Extract<ImageOutcome, { decodeBy: string }> & { placement: Placement; plan: RenderPlan };
type Found = { image: PdfPageImage } | ToDecode | { reason: string; plan: RenderPlan };

/** The page's single image with its geometry, an image pdf.js must decode, or why the page is to be rendered. */
function readScannedImage(context: PDFContext, page: PDFPage): Found {
  const description = describePage(context, page.node);
  const content = analyzePageContent(context, description.content, description.resources, (s) => decodeContentStream(context, s));
  if (content.kind === 'complex') return { reason: content.reason, plan: renderPlan(context, content.images, description.box) };
  const plan = renderPlan(context, [content], description.box);
  if (description.drawnAnnotations > 0) return { reason: 'annotations drawn over the page', plan };
  const outcome = decodeImageXObject(context, content.image);
  if ('render' in outcome) return { reason: outcome.render, plan };
  const { width, height } = 'image' in outcome ? outcome.image : outcome;
  const placement = placeImage(content.ctm, width, height, description.box);
  if (!placement) return { reason: 'image skewed or mirrored on the page', plan };
  // a page bigger than its image keeps its size: rendered, the image where it was drawn
  if (!fillsPage(content.ctm, description.box)) return { reason: 'image does not fill the page', plan };
  if ('image' in outcome) return { image: { ...outcome.image, ...placement } };
  return { ...outcome, placement, plan };
}
