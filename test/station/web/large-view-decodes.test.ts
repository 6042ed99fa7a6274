/**
 * The review page's large view of a JPEG page decodes the scan once, at the view's size: not once
 * for the page's previews and again for the view. Every libvips run over an encoded JPEG is
 * counted (sharp wrapped); reading a header (metadata) is not a decode. The view itself is the one
 * large-view-colour.test.ts checks in Chromium: colour stays colour, gray stays gray, upright, ~150 dpi.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { colourCases, colourPageJpeg } from '../../../fixtures/lib/colour-page.ts';
import { largeViewOf } from '../../../station/src/web/page-images.ts';
import { contentPage, toJpeg } from '../../support/make-pages.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const decodes = vi.hoisted(() => ({ jpeg: 0 }));
vi.mock('sharp', async (importOriginal) => {
  const real = (await importOriginal<typeof import('sharp')>()).default;
  const wrapped = ((input?: unknown, options?: unknown) => {
    const img = real(input as never, options as never);
    if (input instanceof Uint8Array && input[0] === 0xff && input[1] === 0xd8) {
      const toBuffer = img.toBuffer.bind(img);
      img.toBuffer = ((...args: unknown[]) => {
        decodes.jpeg++;
        return (toBuffer as (...a: unknown[]) => unknown)(...args);
      }) as typeof img.toBuffer;
    }
    return img;
  }) as typeof real;
  return { default: Object.assign(wrapped, real) };
});

const SETTINGS = { jpegQuality: 85, lossless: false, assumedDpi: 0 };
let root: string;
let cleanup: () => Promise<void>;
const files: Record<string, string> = {};

beforeAll(async () => {
  ({ dir: root, cleanup } = await makeTempDir('large-decodes-'));
  const c = colourCases().find((x) => x.name === 'red-stamp')!;
  const stamp = await colourPageJpeg({ ...c.spec, dpi: 300, seed: 'large-decodes' });
  const sideways = await sharp(await sharp(stamp).rotate(-90).jpeg({ quality: 85 }).toBuffer()).withMetadata({ orientation: 6, density: 300 }).jpeg({ quality: 85 }).toBuffer();
  const bodies = { colour: stamp, sideways, gray: await toJpeg(await contentPage(300, 3), 85) };
  for (const [name, body] of Object.entries(bodies)) {
    files[name] = path.join(root, `${name}.jpg`);
    await writeFile(files[name]!, body);
  }
});
afterAll(() => cleanup());

async function view(name: string): Promise<{ decodes: number; width: number; height: number; channels: number }> {
  decodes.jpeg = 0;
  const jpeg = await largeViewOf({ seq: 0, path: files[name]!, pageInFile: 0 }, SETTINGS);
  const counted = decodes.jpeg; // before the check below reads the view back
  const meta = await sharp(jpeg).metadata();
  return { decodes: counted, width: meta.width!, height: meta.height!, channels: meta.channels! };
}

describe('the large view of a JPEG page', () => {
  it('decodes a colour scan once, in colour at the detail scale', async () => {
    const v = await view('colour');
    expect(v.decodes).toBe(1); // the old code: the decode stage's colour preview, then the view
    expect(v.channels).toBe(3);
    expect(v.width).toBe(1240); // A4 at 300 dpi is 2480 px wide: half, ~150 dpi
    expect(v.height).toBeGreaterThan(v.width);
  });

  it('decodes an EXIF-turned colour scan once and shows it upright', async () => {
    const v = await view('sideways');
    expect(v.decodes).toBe(1);
    expect([v.width, v.channels]).toEqual([1240, 3]);
    expect(v.height).toBeGreaterThan(v.width);
  });

  it('decodes a gray scan once and keeps it gray', async () => {
    const v = await view('gray');
    expect(v.decodes).toBe(1);
    expect(v.channels).toBe(1);
    expect(v.width).toBe(1240);
  });
});
