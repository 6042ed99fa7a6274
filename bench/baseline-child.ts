/**
 * «The usual method», for comparison: each page of a scanner PDF rendered at 300 dpi (pdf.js on
 * a Skia canvas, the renderer the station itself uses for non-image pages) and zxing run on the
 * whole page in its thorough mode, one page after the other. Every `step`-th page is measured.
 * Usage: node --import tsx bench/baseline-child.ts <file.pdf> <step>
 */
import { readFile } from 'node:fs/promises';
import { BarcodeReader } from '../station/src/barcode/zxing-reader.ts';
import { createPageRenderer } from '../station/src/pdf-input/render-page.ts';
import { PDFDocument } from 'pdf-lib';

const [file, stepArg] = process.argv.slice(2);
if (!file) throw new Error('usage: baseline-child <file.pdf> <step>');
const step = Number(stepArg ?? 1);
const bytes = await readFile(file);
const pageCount = (await PDFDocument.load(bytes, { updateMetadata: false })).getPageCount();
const renderer = createPageRenderer(bytes);
const reader = await BarcodeReader.create();
const formats = ['Code128', 'Code39', 'QRCode', 'DataMatrix'] as const;
let renderMs = 0;
let zxingMs = 0;
let pages = 0;
const found: { page: number; values: string[] }[] = [];
for (let i = 0; i < pageCount; i += step) {
  const t0 = performance.now();
  const img = await renderer.render(i, 300);
  const t1 = performance.now();
  const res = reader.read(img, { formats, tryHarder: true, maxSymbols: 8 });
  const t2 = performance.now();
  renderMs += t1 - t0;
  zxingMs += t2 - t1;
  pages++;
  if (res.length > 0) found.push({ page: i + 1, values: res.map((r) => r.text) });
}
await renderer.close();
const ms = renderMs + zxingMs;
process.stdout.write(`${JSON.stringify({ ms, pages, pageCount, renderMs, zxingMs, found })}\n`);
