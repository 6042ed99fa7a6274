/**
 * Colour thumbnails from the decode stage's own colour preview (no second decode): the RGB box
 * reduction and quarter turns, the PNG, a colour JPEG page through the pipeline's decode (colour
 * thumbnail) beside a gray one (gray thumbnail), and the review page in real Chromium showing the
 * red stamp of a colour page in red. Screenshot in test-artifacts/.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodePage } from '../../../station/src/pipeline/stages/decode.ts';
import { readPages } from '../../../station/src/pipeline/stages/read-pages.ts';
import { pageThumbnailPng, reduceRgb, turnRgb } from '../../../station/src/web/colour-thumbnail.ts';
import { contentPage, toJpeg } from '../../support/make-pages.ts';
import { runSplit } from '../../support/split-run.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { ARTIFACTS, launchChromium, startUi } from '../../support/ui-harness.ts';

let root: string;
let cleanup: () => Promise<void>;
let colourJpeg: string;
let grayJpeg: string;
const DECODE = { jpegQuality: 90, lossless: false, assumedDpi: 0 };

/** An A4 page at 150 dpi: black text lines and a red stamp (top left), JPEG as a scanner writes it. */
async function page(colour: boolean): Promise<Buffer> {
  const w = 1240;
  const h = 1754;
  const lines = Array.from({ length: 30 }, (_, i) => ({ input: { create: { width: 900, height: 8, channels: 3 as const, background: '#111' } }, left: 170, top: 600 + i * 30 }));
  const stamp = { input: { create: { width: 300, height: 300, channels: 3 as const, background: colour ? '#d01010' : '#777' } }, left: 150, top: 150 };
  const img = sharp({ create: { width: w, height: h, channels: 3, background: '#ffffff' } }).composite([stamp, ...lines]).withMetadata({ density: 150 });
  return colour ? img.jpeg({ quality: 88 }).toBuffer() : toJpeg(await contentPage(150, 2)); // a one-component gray JPEG
}

async function decoded(file: string) {
  for await (const raw of readPages([file])) return decodePage(raw, DECODE);
  throw new Error('no page');
}

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('colour-thumbs-'));
  await mkdir(path.join(root, 'in'), { recursive: true });
  colourJpeg = path.join(root, 'in', 'p1.jpg');
  grayJpeg = path.join(root, 'in', 'p2.jpg');
  await writeFile(colourJpeg, await page(true));
  await writeFile(grayJpeg, await page(false));
});
afterAll(() => cleanup());

describe('colour thumbnails', () => {
  it('box-reduces each channel and turns like the gray ones', () => {
    const data = new Uint8Array(4 * 2 * 3);
    for (let i = 0; i < 8; i++) data.set(i % 2 ? [200, 100, 0] : [0, 100, 200], i * 3);
    const r = reduceRgb({ data, width: 4, height: 2 }, 2);
    expect([r.width, r.height, ...r.data]).toEqual([2, 1, 100, 100, 100, 100, 100, 100]);
    const img = { data: new Uint8Array([1, 2, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]), width: 3, height: 2 };
    const t90 = turnRgb(img, 90);
    expect([t90.width, t90.height, ...t90.data.subarray(3, 6)]).toEqual([2, 3, 1, 2, 3]); // top-left goes top-right
    expect([...turnRgb(img, 270).data.subarray(12, 15)]).toEqual([1, 2, 3]); // … bottom-left
    expect([...turnRgb(img, 180).data.subarray(15, 18)]).toEqual([1, 2, 3]); // … bottom-right
  });

  it('a colour page gets a colour thumbnail from the decode stage preview, a gray page a gray one', async () => {
    const colour = await decoded(colourJpeg);
    expect(colour.colourPreview).toBeDefined();
    const png = pageThumbnailPng(colour, 150);
    const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
    expect(info.channels).toBe(3);
    expect(info.width).toBeGreaterThanOrEqual(150); // an integer reduction of the preview: about 150 wide
    const at = (x: number, y: number) => [...data.subarray((y * info.width + x) * 3, (y * info.width + x) * 3 + 3)];
    const [r, g, b] = at(Math.round(info.width * 0.24), Math.round(info.height * 0.17)); // inside the stamp
    expect(r).toBeGreaterThan(150);
    expect(g).toBeLessThan(80);
    expect(b).toBeLessThan(80);
    const gray = await decoded(grayJpeg);
    expect(gray.colourPreview).toBeUndefined();
    expect((await sharp(pageThumbnailPng(gray, 150)).metadata()).channels).toBe(1);
  });

  it('the review page shows the colour page with its red stamp (real Chromium)', async () => {
    const dataDir = path.join(root, 'data');
    const r = await runSplit([path.join(root, 'in'), '--out', path.join(root, 'out'), '--batch-id', 'lot-color'], { cwd: root, dataDir });
    expect(r.code).toBe(0);
    const ui = await startUi(dataDir);
    const browser = await launchChromium();
    try {
      const tab = await browser.newPage({ viewport: { width: 1100, height: 800 }, locale: 'ro-RO' });
      await tab.goto(`${ui.base}/#cheie=${ui.secret}`);
      await tab.evaluate(() => void (location.hash = '#/lot/lot-color'));
      const thumb = tab.getByRole('button', { name: 'Pagina 1', exact: true }).locator('img');
      await expect.poll(() => thumb.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(100);
      const rgb = await thumb.evaluate((img) => {
        const el = img as HTMLImageElement;
        const c = document.createElement('canvas');
        c.width = el.naturalWidth;
        c.height = el.naturalHeight;
        const ctx = c.getContext('2d')!;
        ctx.drawImage(el, 0, 0);
        return [...ctx.getImageData(Math.round(c.width * 0.24), Math.round(c.height * 0.17), 1, 1).data.slice(0, 3)];
      });
      expect(rgb[0]).toBeGreaterThan(150);
      expect(rgb[1]).toBeLessThan(80);
      await tab.screenshot({ path: path.join(ARTIFACTS, 'station-review-colour.png') });
    } finally {
      await browser.close();
      await ui.close();
    }
  }, 120_000);
});
