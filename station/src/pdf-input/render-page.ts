import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { MAX_RENDER_PIXELS, MAX_RENDER_SIDE } from './limits.ts';
import { rasterFromRgba, type PageRaster } from './page-raster.ts';
import { paintedImage, type NativeImage } from './pdfjs-native-image.ts';
import { PdfInputProblem } from './pdf-input-problem.ts';

/**
 * Renders pages that are not a single scanned image, with pdf.js (Apache-2.0) drawing on
 * @napi-rs/canvas (MIT, Skia, prebuilt for Windows/Linux/macOS inside npm packages), and decodes
 * the images this reader has no codec for (JBIG2, JPEG 2000) with pdf.js's own decoders.
 * Both are loaded on the first page that needs them; fonts, CMaps and wasm decoders are read from
 * node_modules, never fetched.
 */
export interface RenderedRaster extends PageRaster {
  /** Resolution along each axis that makes the raster exactly the page's size (CropBox, /Rotate applied). */
  dpiX: number;
  dpiY: number;
  /** The resolution asked for, after the size limits. */
  dpi: number;
}

export interface PageRenderer {
  /** The page as a viewer shows it; `bitonalImages`: the page is made of 1-bit images, so a black-and-white rendering is thresholded. */
  render(pageIndex: number, dpi: number, bitonalImages?: boolean): Promise<RenderedRaster>;
  /** The one image the page paints, decoded by pdf.js at its own size; undefined when pdf.js sees another picture. */
  decodedImage(pageIndex: number): Promise<NativeImage | undefined>;
  close(): Promise<void>;
}

type PdfjsModule = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type CanvasModule = typeof import('@napi-rs/canvas');

let modules: Promise<{ pdfjs: PdfjsModule; canvas: CanvasModule }> | undefined;

function loadModules(): Promise<{ pdfjs: PdfjsModule; canvas: CanvasModule }> {
  modules ??= Promise.all([import('pdfjs-dist/legacy/build/pdf.mjs'), import('@napi-rs/canvas')]).then(([pdfjs, canvas]) => ({ pdfjs, canvas }));
  modules.catch(() => (modules = undefined));
  return modules;
}

/** Directory of a pdf.js asset folder as pdf.js wants it: forward slashes and a trailing slash, also on Windows. */
function assetDir(name: string): string {
  const root = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
  return `${path.join(root, name).replaceAll('\\', '/')}/`;
}

export function createPageRenderer(bytes: Uint8Array): PageRenderer {
  let doc: Promise<PDFDocumentProxy> | undefined;

  const open = async (): Promise<PDFDocumentProxy> => {
    const { pdfjs } = await loadModules().catch((err: unknown) => {
      throw new PdfInputProblem('INPUT_UNSUPPORTED', 'pagina nu este o imagine scanată și nu poate fi redată (componenta de redare lipsește)', {}, { cause: err });
    });
    const task = pdfjs.getDocument({
      data: new Uint8Array(bytes), // a plain copy: pdf.js refuses a Buffer and detaches what it is given
      standardFontDataUrl: assetDir('standard_fonts'),
      cMapUrl: assetDir('cmaps'),
      cMapPacked: true,
      wasmUrl: assetDir('wasm'),
      iccUrl: assetDir('iccs'),
      useSystemFonts: false,
      disableFontFace: true,
      isEvalSupported: false,
      stopAtErrors: false,
      verbosity: pdfjs.VerbosityLevel.ERRORS,
    });
    return task.promise;
  };

  const opened = async (): Promise<PDFDocumentProxy> => {
    doc ??= open();
    try {
      return await doc;
    } catch (err) {
      if (err instanceof PdfInputProblem) throw err;
      throw new PdfInputProblem('INPUT_CORRUPT', 'pagina nu a putut fi redată ca imagine', {}, { cause: err });
    }
  };

  return {
    async render(pageIndex, dpi, bitonalImages = false) {
      const pdf = await opened();
      const { canvas: canvasModule } = await loadModules();
      try {
        return await renderPage(pdf, canvasModule, pageIndex, dpi, bitonalImages);
      } catch (err) {
        throw new PdfInputProblem('INPUT_CORRUPT', 'pagina nu a putut fi redată ca imagine', { dpi }, { cause: err });
      }
    },
    async decodedImage(pageIndex) {
      const pdf = await opened();
      const { pdfjs } = await loadModules();
      const page = await pdf.getPage(pageIndex + 1);
      try {
        return await paintedImage(page, pdfjs);
      } catch (err) {
        throw new PdfInputProblem('INPUT_CORRUPT', 'imaginea este deteriorată', {}, { cause: err });
      } finally {
        page.cleanup();
      }
    },
    async close() {
      const pending = doc;
      doc = undefined;
      if (pending) await pending.then((pdf) => pdf.destroy()).catch(() => undefined);
    },
  };
}

async function renderPage(pdf: PDFDocumentProxy, canvasModule: CanvasModule, pageIndex: number, dpi: number, bitonalImages: boolean): Promise<RenderedRaster> {
  const page = await pdf.getPage(pageIndex + 1);
  try {
    const unit = page.getViewport({ scale: 1 });
    let scale = dpi / 72;
    const limit = Math.min(MAX_RENDER_SIDE / Math.max(unit.width, unit.height), Math.sqrt(MAX_RENDER_PIXELS / (unit.width * unit.height)));
    if (scale > limit) scale = limit; // a huge page is rendered coarser rather than exhausting memory
    const viewport = page.getViewport({ scale });
    const width = Math.max(1, Math.round(viewport.width));
    const height = Math.max(1, Math.round(viewport.height));
    const canvas = canvasModule.createCanvas(width, height);
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, width, height);
    await page.render({
      canvas: canvas as unknown as HTMLCanvasElement,
      canvasContext: ctx as unknown as CanvasRenderingContext2D,
      viewport,
      background: '#ffffff',
    }).promise;
    const raster = rasterFromRgba(ctx.getImageData(0, 0, width, height).data, width, height, bitonalImages);
    return { ...raster, dpi: round2(scale * 72), dpiX: round2((width * 72) / unit.width), dpiY: round2((height * 72) / unit.height) };
  } finally {
    page.cleanup();
  }
}

const round2 = (v: number): number => Math.round(v * 100) / 100;
