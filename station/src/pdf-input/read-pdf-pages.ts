import type { PDFContext, PDFPage } from 'pdf-lib';
import { analyzePageContent } from './analyze-page-content.ts';
import { decodeImageXObject } from './decode-image.ts';
import { DEFAULT_RENDER_DPI, MAX_RENDER_DPI, MIN_RENDER_DPI } from './limits.ts';
import { openPdfDocument } from './open-pdf-document.ts';
import { decodeContentStream, describePage } from './page-description.ts';
import { placeImage } from './page-geometry.ts';
import type { PdfPageImage } from './pdf-page-image.ts';
import { pageError, toStationError } from './pdf-input-problem.ts';
import { createPageRenderer, type PageRenderer } from './render-page.ts';

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
 * Opens a PDF made by a scanner. A page that draws exactly one image (an invisible OCR text layer
 * allowed) yields that image as stored: JPEG and CCITT data byte for byte, other encodings decoded
 * to samples. Any other page is rendered to gray so its barcodes can still be read.
 * Errors are StationError (INPUT_EMPTY, INPUT_CORRUPT, INPUT_UNSUPPORTED) naming the file and page.
 */
export async function openScannerPdf(bytes: Uint8Array, fileLabel: string, options: ScannerPdfOptions = {}): Promise<ScannerPdf> {
  const { doc, pages } = await openPdfDocument(bytes, fileLabel);
  const renderDpi = Math.min(MAX_RENDER_DPI, Math.max(MIN_RENDER_DPI, options.renderDpi ?? DEFAULT_RENDER_DPI));
  let renderer: PageRenderer | undefined;

  const render = async (index: number, reason: string): Promise<PdfPageImage> => {
    renderer ??= createPageRenderer(bytes);
    const raster = await renderer.render(index, renderDpi);
    return { kind: 'rendered', ...raster, reason };
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
        return 'image' in found ? found.image : await render(index, found.reason);
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

/** The page's single image with its geometry, or why the page is not one. */
function readScannedImage(context: PDFContext, page: PDFPage): { image: PdfPageImage } | { reason: string } {
  const description = describePage(context, page.node);
  if (description.drawnAnnotations > 0) return { reason: 'annotations drawn over the page' };
  const content = analyzePageContent(context, description.content, description.resources, (s) => decodeContentStream(context, s));
  if (content.kind === 'complex') return { reason: content.reason };
  const outcome = decodeImageXObject(context, content.image);
  if ('render' in outcome) return { reason: outcome.render };
  const placement = placeImage(content.ctm, outcome.image.width, outcome.image.height, description.box);
  if (!placement) return { reason: 'image skewed or mirrored on the page' };
  return { image: { ...outcome.image, ...placement } };
}
