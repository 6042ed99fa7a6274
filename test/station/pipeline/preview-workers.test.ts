/**
 * The preview work off the main thread (`preview-workers.ts`): the same gray preview, colour decision
 * and measure, and ink as in the calling thread, for colour and gray pages; the pixels come back; a
 * worker that dies fails only its own request.
 */
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { colourCases, colourPageJpeg } from '../../../fixtures/lib/colour-page.ts';
import { loadConfig } from '../../../station/src/config.ts';
import { PreviewWorkers } from '../../../station/src/pipeline/preview-workers.ts';
import { checkBlank } from '../../../station/src/pipeline/stages/blank-check.ts';
import { checkColour } from '../../../station/src/pipeline/stages/colour-check.ts';
import { decodePage, type PreviewLooker } from '../../../station/src/pipeline/stages/decode.ts';
import type { RawPage } from '../../../station/src/pipeline/stages/read-pages.ts';

const ink = loadConfig({ env: { STATION_DATA_DIR: '/nonexistent' } }).blank;
let pool: PreviewWorkers;
let looker: PreviewLooker;
beforeAll(async () => {
  pool = await PreviewWorkers.start(1);
  looker = { measure: (i) => pool.measure(i), ink };
});
afterAll(() => pool.close());

const raw = (bytes: Buffer, seq = 0): RawPage => ({ seq, origin: { file: `p${seq}.jpg`, pageInFile: 0, pagesInFile: 1, fileSha256: '' }, label: `p${seq}.jpg`, source: { format: 'jpeg', bytes } });

describe('preview workers', () => {
  it('work out the same preview, colour and ink as the calling thread, colour and gray pages alike', async () => {
    const cases = colourCases();
    const picked = [cases.find((c) => c.colour)!, cases.find((c) => !c.colour)!];
    const pages: Buffer[] = [];
    for (const c of picked) pages.push(await colourPageJpeg({ ...c.spec, dpi: 200, seed: `w-${c.name}` }));
    // a one-component gray JPEG: no colour preview, the gray one goes to the worker for the ink
    pages.push(await sharp(pages[0]!).greyscale().jpeg({ quality: 85 }).toBuffer());
    const decisions: string[] = [];
    for (const [i, bytes] of pages.entries()) {
      const here = checkColour(await decodePage(raw(bytes, i), { jpegQuality: 85, lossless: false, assumedDpi: 200 }));
      const mine = { ...here, ...(await checkBlank(here, ink)) };
      const there = checkColour(await decodePage(raw(bytes, i), { jpegQuality: 85, lossless: false, assumedDpi: 200 }, looker));
      expect(there.measured).toBeDefined();
      const away = { ...there, ...(await checkBlank(there, ink)) };
      expect(away.colour).toEqual(mine.colour);
      expect(away.blank).toEqual(mine.blank);
      expect(Buffer.from(away.preview.data).equals(Buffer.from(mine.preview.data))).toBe(true);
      expect([away.preview.width, away.preview.height]).toEqual([mine.preview.width, mine.preview.height]);
      expect(away.colourPreview === undefined).toBe(mine.colourPreview === undefined);
      if (mine.colourPreview) expect(Buffer.compare(away.colourPreview!.data, mine.colourPreview.data)).toBe(0);
      decisions.push(away.colour.decision);
    }
    expect(decisions).toEqual(['colour', 'gray', 'gray']);
  });

  it('the caller keeps its pixels; a worker that dies fails its request with INTERNAL, and the next one is answered', async () => {
    const rgb = { data: Buffer.alloc(300 * 400 * 3, 250), width: 300, height: 400 };
    const first = await pool.measure({ rgb, pxPerMm: 100 / 25.4, ink });
    expect(rgb.data.length).toBe(300 * 400 * 3);
    expect(first.pixels).not.toBe(rgb.data);
    expect(Buffer.from(first.pixels.buffer, first.pixels.byteOffset, first.pixels.length).equals(rgb.data)).toBe(true);
    expect(first.preview!.data.length).toBe(300 * 400);
    expect(first.colour.decision).toBe('gray');

    // a large preview: the worker is still at it when it is ended
    const lost = pool.measure({ rgb: { data: Buffer.alloc(3000 * 4000 * 3, 250), width: 3000, height: 4000 }, pxPerMm: 100 / 25.4, ink });
    await pool.crashOne();
    await expect(lost).rejects.toMatchObject({ code: 'INTERNAL' });
    const again = await pool.measure({ rgb, pxPerMm: 100 / 25.4, ink });
    expect(again.inkRatio).toBe(first.inkRatio);
  });
});
