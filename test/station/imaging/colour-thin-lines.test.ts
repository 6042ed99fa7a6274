import { describe, expect, it } from 'vitest';
import { DEFAULT_COLOUR_SETTINGS, measureColour, type RgbRaster } from '../../../station/src/imaging/colour-content.ts';
import { measureColourWholePage } from '../../support/colour-reference.ts';
import { rng } from '../../support/make-pages.ts';

// Thin coloured strokes (a ruled line, an underline, a signature's stroke) can be narrower than a
// colour cell of the preview and lie anywhere within it. The measure must find their clusters at
// every position, exactly as the whole-page computation does: under `storage: auto` a page called
// gray loses its colour.

const MM_W = 100;
const MM_H = 140;

interface Line { ink: [number, number, number]; vertical: boolean; thickPx: number; phase: number }

/** A noisy off-white preview with black text bars and six 60 mm lines, `phase` px past a cell's start. */
function page(dpi: number, line: Line): RgbRaster {
  const pxmm = dpi / 25.4;
  const width = Math.round((MM_W / 25.4) * dpi), height = Math.round((MM_H / 25.4) * dpi);
  const data = new Uint8Array(width * height * 3);
  const next = rng(7);
  for (let i = 0; i < width * height; i++) {
    const n = (next() - 0.5) * 6;
    data[i * 3] = Math.round(246 + n); data[i * 3 + 1] = Math.round(244 + n); data[i * 3 + 2] = Math.round(238 + n);
  }
  const set = (x: number, y: number, colour: readonly number[], cover: number) => {
    const i = (y * width + x) * 3;
    for (let c = 0; c < 3; c++) data[i + c] = Math.round(data[i + c]! * (1 - cover) + colour[c]! * cover);
  };
  // black «text»: bars 2 mm high every 5 mm, broken into strokes
  for (let y = Math.round(height * 0.1); y < height * 0.9; y += Math.round(5 * pxmm)) {
    for (let yy = y; yy < y + Math.round(2 * pxmm); yy++) for (let x = Math.round(width * 0.1); x < width * 0.9; x++) if ((x >> 2) % 3) set(x, yy, [20, 20, 22], 1);
  }
  // the lines, across (horizontal) or down (vertical), their edges partly covering a pixel
  const cell = Math.ceil(pxmm * 0.6);
  const start = Math.max(Math.floor((line.vertical ? width : height) * DEFAULT_COLOUR_SETTINGS.margin), 2);
  const along = Math.round(60 * pxmm), from = Math.round(10 * pxmm);
  for (let k = 0; k < 6; k++) {
    const top = start + (12 + k * 11) * cell + line.phase;
    for (let p = Math.floor(top); p < Math.ceil(top + line.thickPx); p++) {
      const cover = Math.min(p + 1, top + line.thickPx) - Math.max(p, top);
      for (let q = from; q < from + along; q++) line.vertical ? set(p, q, line.ink, cover) : set(q, p, line.ink, cover);
    }
  }
  return { data, width, height };
}

const INKS: Record<string, [number, number, number]> = { red: [200, 30, 40], blue: [30, 60, 190] };

describe('thin coloured lines at every position within a colour cell', () => {
  for (const [dpi, thicknesses] of [[100, [1, 1.5, 2]], [75, [0.8, 1, 1.5]]] as const) {
    const cell = Math.ceil((dpi / 25.4) * 0.6);
    for (const [name, ink] of Object.entries(INKS)) {
      for (const vertical of [false, true]) {
        it(`${name} ${vertical ? 'vertical' : 'horizontal'} lines at ${dpi} dpi: decision and figures as the whole-page computation`, () => {
          const pxPerMm = dpi / 25.4;
          let colourPages = 0;
          for (const thickPx of thicknesses) {
            for (let phase = 0; phase < cell; phase += 0.5) {
              const img = page(dpi, { ink, vertical, thickPx, phase });
              const expected = measureColourWholePage(img, pxPerMm);
              expect({ thickPx, phase, ...measureColour(img, pxPerMm) }).toEqual({ thickPx, phase, ...expected });
              if (expected.colour) colourPages++;
            }
          }
          // the set covers both sides of the decision: some lines are colour, the thinnest not
          expect(colourPages).toBeGreaterThan(0);
        });
      }
    }
  }
});
