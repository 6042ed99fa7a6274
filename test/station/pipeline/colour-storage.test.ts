/**
 * Issue 16, storage: `station split --storage original|auto|auto-bitonal` on colour scans generated
 * like a scanner writes them (textured white, pink, yellow, recycled and blue paper; red, blue and
 * faded stamps, a blue signature, a colour logo, highlighter; colour fringes, banding, chroma
 * noise, JPEG 75–90) at 200 and 300 dpi. Every page gets the right colour decision in summary.json;
 * colour pages stay the scanner's bytes, gray ones become one-component gray; every output page
 * still looks like its scan (size, orientation, tone, likeness) and keeps the colour it carried.
 */
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SplitSummary, StorageMode } from '../../../shared/src/split-summary.ts';
import { colourCases, colourPageJpeg } from '../../../fixtures/lib/colour-page.ts';
import { colourBeyondPaper, compareRendered, grayOfRendered, renderPdfPagesRgb, rgbOf, type Gray } from '../../support/page-likeness.ts';
import { pdfImagesExtract, pdfImagesList } from '../../support/pdf-tools.ts';
import { cachedFixture } from '../../support/fixture-cache.ts';
import { runSplit, writeInputs } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let root: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir: root, cleanup } = await makeTempDir('colour-storage-')));
afterAll(() => cleanup());

interface Page { name: string; file: string; bytes: Buffer; colour: boolean }

const made = new Map<number, Promise<{ dir: string; pages: Page[] }>>();
const pagesAt = (dpi: number) => made.get(dpi) ?? made.set(dpi, makePages(dpi)).get(dpi)!;

/**
 * Every colour case at `dpi`, then a gray page on pink paper stored sideways (EXIF Orientation 6);
 * made once (kept between runs while the page generators are unchanged).
 */
async function makePages(dpi: number): Promise<{ dir: string; pages: Page[] }> {
  const cached = await cachedFixture('colour-storage-pages', { dpi }, async (into) => {
    const inputs: [string, Buffer][] = [];
    for (const [i, c] of colourCases().entries()) {
      inputs.push([`p${String(i + 1).padStart(2, '0')}-${c.name}.jpg`, await colourPageJpeg({ ...c.spec, dpi, seed: `${c.name}-${dpi}` })]);
    }
    const pink = inputs.find(([file]) => file.endsWith('-gray-pink.jpg'))![1];
    // the pixels turned a quarter counter-clockwise, the EXIF tag says turn them back
    const sideways = await sharp(await sharp(pink).rotate(-90).jpeg({ quality: 85 }).toBuffer()).withMetadata({ orientation: 6, density: dpi }).jpeg({ quality: 85 }).toBuffer();
    inputs.push(['p99-gray-pink-exif-turned.jpg', sideways]);
    await mkdir(path.join(into, 'pages'));
    await writeInputs(path.join(into, 'pages'), inputs);
  });
  const dir = path.join(cached, 'pages');
  const cases = [...colourCases().map((c) => ({ name: c.name, colour: c.colour })), { name: 'gray-pink-exif-turned', colour: false }];
  const files = (await readdir(dir)).sort();
  expect(files.map((f) => f.replace(/^p\d+-|\.jpg$/g, ''))).toEqual(cases.map((c) => c.name));
  const pages = await Promise.all(cases.map(async (c, i) => ({ ...c, file: files[i]!, bytes: await readFile(path.join(dir, files[i]!)) })));
  return { dir, pages };
}

async function split(inDir: string, name: string, storage: StorageMode): Promise<{ out: string; summary: SplitSummary }> {
  const out = path.join(root, name, 'out');
  await mkdir(path.join(root, name), { recursive: true });
  const res = await runSplit([inDir, '--out', out, '--json', '--storage', storage], { cwd: path.join(root, name), dataDir: path.join(root, name, 'data') });
  expect(res.stderr).toBe('');
  expect(res.code).toBe(0);
  return { out, summary: JSON.parse(res.stdout) as SplitSummary };
}

async function grayOf(bytes: Uint8Array): Promise<Gray> {
  const { data, info } = await sharp(bytes).rotate().grayscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** `fn` over `items`, `limit` at a time (a few pages decoded at once: both cores busy, memory bounded). */
async function eachLimited<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) await fn(items[i]!, i);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}

/**
 * Every output page against its scan: size, orientation, tone, likeness, and the colour beyond the
 * paper. `changedOnly`: only the pages re-encoded (gray, bitonal); the caller has checked that the
 * others are the scanner's own bytes, and the auto test renders such pages. The PDF is rendered
 * once, in colour (the gray view weighs the channels as poppler's gray rendering does).
 */
async function expectLikeScans(pdf: string, pages: Page[], dpi: number, stored: (string | undefined)[], changedOnly = false): Promise<void> {
  const rendered = await renderPdfPagesRgb(pdf, 40);
  expect(rendered.length).toBe(pages.length);
  await eachLimited(pages, 3, async (p, i) => {
    if (changedOnly && stored[i] === 'original') return;
    const input = await grayOf(p.bytes);
    const like = await compareRendered(grayOfRendered(rendered[i]!), input);
    const at = `${p.name} (page ${i + 1})`;
    expect({ at, widthPt: Math.round(like.widthPt), heightPt: Math.round(like.heightPt) }).toEqual({ at, widthPt: Math.round((input.width * 72) / dpi), heightPt: Math.round((input.height * 72) / dpi) });
    // black and white whitens the paper a little (only near-white paper is made bitonal)
    const tolerance = stored[i] === 'bitonal' ? 12 : 4;
    expect({ at, tone: Math.abs(like.tone.output - like.tone.input) < tolerance }).toEqual({ at, tone: true });
    expect({ at, like: like.correlation > 0.9, upright: like.correlation > like.otherWays }).toEqual({ at, like: true, upright: true });
    // a colour page keeps its colour (a gray page's output has none, and may not: its scan had only
    // paper tint and noise), measured at the widest channel spread its scan shows on some 30 pixels
    // (a faded stamp or a thin signature stays under 0.3 at 40 dpi): a gray output page fails
    if (!p.colour) return;
    const out = rendered[i]!.rgb;
    const scan = await rgbOf(p.bytes, out.width, out.height);
    const spread = [0.3, 0.2, 0.15, 0.1].find((s) => colourBeyondPaper(scan, s) * scan.width * scan.height >= 30) ?? 0.1;
    const scanned = colourBeyondPaper(scan, spread);
    expect({ at, scanned: scanned * scan.width * scan.height >= 30, kept: colourBeyondPaper(out, spread) >= scanned * 0.6 }).toEqual({ at, scanned: true, kept: true });
  });
}

for (const dpi of [200, 300]) {
  describe(`${dpi} dpi colour scans`, () => {
    let pages: Page[];
    let inDir: string;
    beforeAll(async () => ({ dir: inDir, pages } = await pagesAt(dpi)), 600_000);

    it('--storage auto: every page decided right and recorded; colour pages untouched, gray ones one-component gray; all look like their scans', { timeout: 600_000 }, async () => {
      const { out, summary } = await split(inDir, `auto-${dpi}`, 'auto');
      expect(summary.options.storage).toBe('auto');
      expect(summary.pagesIn).toBe(pages.length);
      const rows = summary.pageColour!;
      expect(rows.map((r) => ({ page: r.page, decision: r.decision, stored: r.stored }))).toEqual(
        pages.map((p) => ({ page: p.file, decision: p.colour ? 'colour' : 'gray', stored: p.colour ? 'original' : 'gray' })),
      );
      for (const r of rows) {
        expect(r.measure).toBeDefined();
        expect(r.measure!.peakChroma >= 13 + 3 || r.measure!.peakChroma <= 13 - 2).toBe(true); // never a coin toss
      }
      const pdf = path.join(out, summary.unassigned!.file);
      const images = await pdfImagesList(pdf);
      expect(images.map((im) => ({ color: im.color, comp: im.comp, enc: im.enc }))).toEqual(
        pages.map((p) => (p.colour ? { color: 'rgb', comp: 3, enc: 'jpeg' } : { color: 'gray', comp: 1, enc: 'jpeg' })),
      );
      // the colour pages are the scanner's own bytes
      const extracted = await pdfImagesExtract(pdf, ['-j']);
      pages.forEach((p, i) => {
        if (p.colour) expect(extracted[i]!.bytes.equals(p.bytes)).toBe(true);
        else expect(extracted[i]!.bytes.length).toBeLessThan(p.bytes.length * 0.95);
      });
      await expectLikeScans(pdf, pages, dpi, rows.map((r) => r.stored));
    });
  });
}

describe('the other modes', () => {
  // the storage mode does not depend on the resolution: the smaller pages prove it as well
  it('--storage original keeps every page the scanner\'s bytes (and still records each decision)', { timeout: 600_000 }, async () => {
    const { dir: inDir, pages } = await pagesAt(200);
    const { out, summary } = await split(inDir, 'original-200', 'original');
    expect(summary.pageColour!.map((r) => r.decision)).toEqual(pages.map((p) => (p.colour ? 'colour' : 'gray')));
    expect(summary.pageColour!.every((r) => r.stored === 'original')).toBe(true);
    const extracted = await pdfImagesExtract(path.join(out, summary.unassigned!.file), ['-j']);
    pages.forEach((p, i) => expect(extracted[i]!.bytes.equals(p.bytes)).toBe(true));
  });

  it('--storage auto-bitonal at 300 dpi: text on white paper as G4, tinted paper stays gray, colour stays colour; all look like their scans', { timeout: 600_000 }, async () => {
    const { dir: inDir, pages } = await pagesAt(300);
    const { out, summary } = await split(inDir, 'bitonal-300', 'auto-bitonal');
    const stored = Object.fromEntries(summary.pageColour!.map((r) => [r.page.replace(/^p\d+-|\.jpg$/g, ''), r.stored]));
    expect(stored['gray-white']).toBe('bitonal');
    expect(stored['gray-pink']).toBe('gray');
    expect(stored['gray-recycled']).toBe('gray');
    expect(stored['red-stamp']).toBe('original');
    const pdf = path.join(out, summary.unassigned!.file);
    const images = await pdfImagesList(pdf);
    summary.pageColour!.forEach((r, i) => expect(images[i]!.enc).toBe(r.stored === 'bitonal' ? 'ccitt' : 'jpeg'));
    // the pages kept as scanned are the scanner's bytes; the re-encoded ones are rendered and compared
    const extracted = await pdfImagesExtract(pdf, ['-j']);
    summary.pageColour!.forEach((r, i) => {
      if (r.stored === 'original') expect({ at: r.page, same: extracted[i]!.bytes.equals(pages[i]!.bytes) }).toEqual({ at: r.page, same: true });
    });
    await expectLikeScans(pdf, pages, 300, summary.pageColour!.map((r) => r.stored), true);
    expect((await readFile(pdf)).length).toBeGreaterThan(0);
  });
});
