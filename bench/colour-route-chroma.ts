/**
 * How the colour measure sees each preview route of a colour JPEG file (`pipeline/stages/jpeg-readers.ts`):
 * the page's strongest chroma in a cluster (`peakChroma`, the colour check's threshold is 13) on the
 * resize of its bytes, on libjpeg's DCT-scaled raster as it is, and on that raster smoothed by the
 * 3 × 3 binomial kernel (`ColourPreview.sharp`: the route a 300 dpi colour page takes since 2 Dec
 * 2026). The pages are the colour cases of `colour-storage.test.ts` (`fixtures/lib/colour-page.ts`:
 * gray pages on white, pink, yellow, recycled and blue paper with a colour sensor's noise; stamps,
 * signatures, a logo, highlighter), made here at 200 and 300 dpi. A gray page should stay well below
 * 13, a colour page well above.
 *
 *   node --import tsx bench/colour-route-chroma.ts
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { colourCases, colourPageJpeg } from '../fixtures/lib/colour-page.ts';
import { openEncoded, openJpegShrunk, toRgb } from '../station/src/imaging/sharp-adapter.ts';
import { previewFactor } from '../station/src/pipeline/stages/decode.ts';
import { colourOfPreview } from '../station/src/pipeline/preview-look.ts';

const dir = await mkdtemp(path.join(tmpdir(), 'colour-route-chroma-'));
try {
  process.stdout.write('dpi  page                              colour?  resize   DCT  DCT + binomial   (peak chroma; threshold 13)\n');
  for (const dpi of [200, 300]) {
    const f = previewFactor(dpi) as 2 | 4;
    const pxPerMm = dpi / f / 25.4;
    for (const c of colourCases()) {
      const bytes = await colourPageJpeg({ ...c.spec, dpi, seed: `${c.name}-${dpi}` });
      const file = path.join(dir, `${c.name}-${dpi}.jpg`);
      await writeFile(file, bytes);
      const { width } = await openEncoded(bytes).metadata();
      const resize = await toRgb(openEncoded(bytes), width!, f, c.name);
      const dct = await toRgb(openJpegShrunk(file, f), width!, 1, c.name);
      const peak = (p: Parameters<typeof colourOfPreview>[0]) => (colourOfPreview(p, pxPerMm).measure?.peakChroma ?? 0).toFixed(1).padStart(6);
      process.stdout.write(`${dpi}  ${c.name.padEnd(32)}  ${c.colour ? 'yes' : 'no '}    ${peak(resize)} ${peak(dct)}  ${peak({ ...dct, sharp: true })}\n`);
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
