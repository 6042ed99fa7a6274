/**
 * The colour previews of the colour cases and dense colour letters at 200 and 300 dpi, as the
 * colour imaging tests read them: a cached fixture of JPEG pages, decoded page by page.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { generateBenchBatch } from '../../fixtures/lib/bench-batch.ts';
import { colourCases, colourPageJpeg } from '../../fixtures/lib/colour-page.ts';
import type { RgbRaster } from '../../station/src/imaging/colour-content.ts';
import { decodePage } from '../../station/src/pipeline/stages/decode.ts';
import { cachedFixture } from './fixture-cache.ts';

/** The cached folder `name`: `cases-<dpi>` (every colour case) and `dense-<dpi>` (`letters` dense colour letters). */
export function colourPreviewPages(name: string, letters: number): Promise<string> {
  return cachedFixture(name, { dpis: [200, 300], letters }, async (into) => {
    for (const dpi of [200, 300]) {
      await mkdir(path.join(into, `cases-${dpi}`));
      for (const [i, c] of colourCases().entries()) {
        await writeFile(path.join(into, `cases-${dpi}`, `p${String(i + 1).padStart(2, '0')}-${c.name}.jpg`), await colourPageJpeg({ ...c.spec, dpi, seed: `${c.name}-${dpi}` }));
      }
      await generateBenchBatch(path.join(into, `dense-${dpi}`), { pages: letters, dpi, colour: true, dense: true, every: 10 });
    }
  });
}

/** Each page of `dir`'s `cases-*` and `dense-*` folders, in order, decoded; pages with no colour preview are skipped. */
export async function* colourPreviews(dir: string) {
  for (const sub of (await readdir(dir)).filter((d) => /^(cases|dense)-/.test(d)).sort()) {
    const files = (await readdir(path.join(dir, sub))).filter((f) => f.endsWith('.jpg')).sort();
    for (const [seq, file] of files.entries()) {
      const page = await decodePage({ seq, origin: { file, pageInFile: 0, pagesInFile: 1, fileSha256: '' }, label: file, source: { format: 'jpeg', bytes: await readFile(path.join(dir, sub, file)) } }, { jpegQuality: 90, lossless: false, assumedDpi: 300 });
      const rgb = page.colourPreview;
      if (!rgb) continue;
      const img: RgbRaster = { data: rgb.data, width: rgb.width, height: rgb.height };
      yield { sub, file, page, img };
    }
  }
}
