import { createRequire } from 'node:module';
import path from 'node:path';
import type { PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { MAX_RENDER_PIXELS, MAX_RENDER_SIDE } from './limits.ts';
import { PdfInputProblem } from './pdf-input-problem.ts';

/**
 * Renders pages that are not a single scanned image to 8-bit gray, with pdf.js (Apache-2.0) drawing
 * on @napi-rs/canvas (MIT, Skia, prebuilt for Windows/Linux/macOS inside npm packages). Both are
 * loaded on the first page that needs them; fonts, CMaps and wasm decoders are read from
 * node_modules, never fetched.
 */
export interface GrayRaster {
  data: Uint8Array;
  width: number;
  height: number;
  dpi: number;
}

export interface PageRenderer {
  render(pageIndex: number, dpi: number): Promise<GrayRaster>;
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

  return {
    async render(pageIndex, dpi) {
      doc ??= open();
      let pdf: PDFDocumentProxy;
      try {
        pdf = await doc;
      } catch (err) {
        if (err instanceof PdfInputProblem) throw err;
        throw new PdfInputProblem('INPUT_CORRUPT', 'pagina nu a putut fi redată ca imagine', {}, { cause: err });
      }
      const { canvas: canvasModule } = await loadModules();
      try {
        return await renderGray(pdf, canvasModule, pageIndex, dpi);
      } catch (err) {
        throw new PdfInputProblem('INPUT_CORRUPT', 'pagina nu a putut fi redată ca imagine', { dpi }, { cause: err });
      }
    },
    async close() {
      const pending = doc;
      doc = undefined;
      if (pending) await pending.then((pdf) => pdf.destroy()).catch(() => undefined);
    },
  };
}

async function renderGray(pdf: PDFDocumentProxy, canvasModule: CanvasModule, pageIndex: number, dpi: number): Promise<GrayRaster> {
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
    const rgba = ctx.getImageData(0, 0, width, height).data;
    return { data: toGray(rgba, width * height), width, height, dpi: Math.round(scale * 72 * 100) / 100 };
  } finally {
    page.cleanup();
  }
}

const littleEndian = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** RGBA (opaque, drawn over white) to 8-bit luma, BT.601 weights. */
function toGray(rgba: Uint8ClampedArray, pixels: number): Uint8Array {
  const gray = new Uint8Array(pixels);
  const aligned = rgba.byteOffset % 4 === 0 ? rgba : rgba.slice();
  const words = new Uint32Array(aligned.buffer, aligned.byteOffset, pixels);
  for (let i = 0; i < pixels; i++) {
    const v = words[i]!;
    const r = littleEndian ? v & 0xff : v >>> 24;
    const g = littleEndian ? (v >>> 8) & 0xff : (v >>> 16) & 0xff;
    const b = littleEndian ? (v >>> 16) & 0xff : (v >>> 8) & 0xff;
    gray[i] = (r * 77 + g * 150 + b * 29 + 128) >> 8;
  }
  return gray;
}
