/**
 * The bench's label and Patch T batches (issue 13), made from the sheet batch so the three hold the
 * same document pages in the same order:
 *   - label: no separator sheets; each document's first page carries a registration label (a Code 128
 *     of its number, module 0.25–0.35 mm — 3–4 px at 300 dpi —, near a top corner, upright or sideways,
 *     crooked by up to 3°, some printed faint), split with `--separation label`;
 *   - patch-t: every separator sheet is a Kodak Patch T sheet (its four bars, «PATCH T» and a line of
 *     text, no barcode), split with `--separator PATCHT`; its documents get sequential ids.
 * Every other page is the sheet batch's own file, copied. Each batch has its truth; made once, cached.
 */
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { labelSvg, type LabelLook } from '../fixtures/lib/label-sticker.ts';
import { patchSheetBody } from '../fixtures/lib/patch-sheet.ts';
import { rasterizeSvg, sharpOf } from '../fixtures/lib/raster.ts';
import { a4Pixels, A4_HEIGHT_MM, A4_WIDTH_MM } from '../fixtures/lib/geometry.ts';
import { grayHex, svgPage } from '../fixtures/lib/svg-page.ts';
import type { Truth, TruthDocument, TruthImage } from '../fixtures/lib/truth.ts';

export type SeparationKind = 'label' | 'patch-t';

/** The looks labels are stuck with, one per document in turn: corners, sideways, crooked, module sizes, faint. */
const LOOKS: LabelLook[] = [
  { corner: 'right', moduleMm: 0.3 },
  { corner: 'left', moduleMm: 0.25, tiltDeg: 1.5 },
  { corner: 'right', moduleMm: 0.35, rotate: 90 },
  { corner: 'right', moduleMm: 0.25, tiltDeg: -2 },
  { corner: 'left', moduleMm: 0.3, rotate: 270, tiltDeg: 1 },
  { corner: 'right', moduleMm: 0.3, lowContrast: true },
  { corner: 'left', moduleMm: 0.35, tiltDeg: 3 },
];
const QUALITY = 85;
/** The version of what this file makes: a cached batch of another version is made again. */
const VERSION = 1;

/** The `kind` batch made from the sheet batch in `sheetDir`, cached under `cacheRoot`; returns its folder. */
export async function separationBatch(sheetDir: string, cacheRoot: string, kind: SeparationKind): Promise<string> {
  const sheet = JSON.parse(await readFile(path.join(sheetDir, 'truth.json'), 'utf8')) as Truth;
  const dir = path.join(cacheRoot, `${kind}-v${VERSION}-${path.basename(sheetDir)}`);
  if (existsSync(path.join(dir, 'truth.json'))) return dir;
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const truth = kind === 'label' ? await makeLabelBatch(sheet, sheetDir, dir) : await makePatchBatch(sheet, sheetDir, dir);
  await writeFile(path.join(dir, 'truth.json'), `${JSON.stringify(truth, null, 2)}\n`);
  return dir;
}

async function makeLabelBatch(sheet: Truth, from: string, to: string): Promise<Truth> {
  const images: TruthImage[] = [];
  const byDoc = new Map(sheet.documents.map((d) => [d.index, d]));
  for (const img of sheet.images) {
    if (img.role !== 'content' || !img.mark) continue;
    const index = images.length + 1;
    const file = `page-${String(index).padStart(5, '0')}.jpg`;
    const doc = byDoc.get(img.mark.doc)!;
    if (img.mark.page === 1) {
      const look = LOOKS[(doc.index - 1) % LOOKS.length]!;
      await writeFile(path.join(to, file), await withLabel(await readFile(path.join(from, img.file)), doc.separator, look, sheet.dpi));
      images.push({ ...img, index, file, sheet: index, label: { value: doc.separator, look } });
    } else {
      await copyFile(path.join(from, img.file), path.join(to, file));
      images.push({ ...img, index, file, sheet: index });
    }
  }
  const documents: TruthDocument[] = sheet.documents.map((d) => ({ ...d, startedBy: 'label' }));
  const documentPages = images.length;
  return {
    ...sheet,
    scenario: 'bench-label',
    description: `${sheet.description} The same document pages without separator sheets: each document's first page carries a registration label (split with --separation label).`,
    options: { ...sheet.options, separation: 'label' },
    images,
    documents,
    totals: { ...sheet.totals, pagesIn: images.length, separatorPages: 0, documentPages, sheetsIn: images.length },
    expects: { ...sheet.expects, warnings: [] },
  };
}

async function makePatchBatch(sheet: Truth, from: string, to: string): Promise<Truth> {
  const patch = await patchSheetJpeg(sheet.dpi);
  const images: TruthImage[] = [];
  for (const img of sheet.images) {
    if (img.role === 'separator') {
      await writeFile(path.join(to, img.file), patch);
      const { separator: _s, ...rest } = img;
      images.push({ ...rest, patch: { code: 'T', look: {} } });
    } else {
      await copyFile(path.join(from, img.file), path.join(to, img.file));
      images.push(img);
    }
  }
  let sequence = 0;
  const documents: TruthDocument[] = sheet.documents.map((d) => ({ ...d, id: null, separator: 'PATCHT', sequence: ++sequence, startedBy: 'sheet' }));
  return {
    ...sheet,
    scenario: 'bench-patch-t',
    description: `${sheet.description} Every separator sheet is a Kodak Patch T sheet (bars only, no barcode; split with --separator PATCHT).`,
    options: { ...sheet.options, separators: ['PATCHT'], separation: 'sheet' },
    images,
    documents,
    expects: { ...sheet.expects, duplicateIds: [] },
  };
}

/** The page (a gray JPEG) with the label drawn over it, as a new gray JPEG at the same resolution. */
async function withLabel(jpeg: Buffer, value: string, look: LabelLook, dpi: number): Promise<Buffer> {
  const { width, height } = a4Pixels(dpi);
  const overlay = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${A4_WIDTH_MM} ${A4_HEIGHT_MM}">${await labelSvg(value, look, dpi)}</svg>`;
  const page = await sharp(jpeg).composite([{ input: Buffer.from(overlay), top: 0, left: 0 }]).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  return sharpOf({ data: page.data, width: page.info.width, height: page.info.height, channels: 1, dpi }).toColourspace('b-w').jpeg({ quality: QUALITY }).withDensity(dpi).toBuffer();
}

async function patchSheetJpeg(dpi: number): Promise<Buffer> {
  const raster = await rasterizeSvg(svgPage(patchSheetBody('T', '#111111'), dpi, grayHex(0xf5)), dpi, 1);
  return sharpOf(raster).toColourspace('b-w').jpeg({ quality: QUALITY }).withDensity(dpi).toBuffer();
}
