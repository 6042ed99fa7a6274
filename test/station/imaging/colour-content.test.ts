import { describe, expect, it } from 'vitest';
import { DEFAULT_COLOUR_SETTINGS, measureColour, type RgbRaster } from '../../../station/src/imaging/colour-content.ts';
import { measureColourWholePage } from '../../support/colour-reference.ts';
import { rng } from '../../support/make-pages.ts';

/** A small RGB raster at `dpi` (a preview), filled with `paper`. */
function raster(dpi: number, paper: [number, number, number], mmW = 100, mmH = 140): RgbRaster & { dpi: number } {
  const width = Math.round((mmW / 25.4) * dpi);
  const height = Math.round((mmH / 25.4) * dpi);
  const data = new Uint8Array(width * height * 3);
  for (let i = 0; i < data.length; i += 3) data.set(paper, i);
  return { data, width, height, dpi };
}

/** Ink laid over the paper (multiply) on a rectangle given in mm, `cover` 0..1. */
function ink(r: RgbRaster & { dpi: number }, mm: { x: number; y: number; w: number; h: number }, colour: [number, number, number], cover = 1): void {
  const k = r.dpi / 25.4;
  for (let y = Math.round(mm.y * k); y < Math.round((mm.y + mm.h) * k); y++) {
    for (let x = Math.round(mm.x * k); x < Math.round((mm.x + mm.w) * k); x++) {
      const i = (y * r.width + x) * 3;
      for (let c = 0; c < 3; c++) r.data[i + c] = Math.round(r.data[i + c]! * (1 - cover + (cover * colour[c]!) / 255));
    }
  }
}

/** Lines of black «text» strokes, 0.3 mm wide, some half-covered (their blurred edges). */
function text(r: RgbRaster & { dpi: number }, lines = 12): void {
  for (let l = 0; l < lines; l++) {
    for (let x = 10; x < 90; x += 1.6) {
      ink(r, { x, y: 15 + l * 8, w: 0.3, h: 3 }, [30, 30, 30]);
      ink(r, { x: x + 0.3, y: 15 + l * 8, w: 0.3, h: 3 }, [30, 30, 30], 0.5);
    }
    ink(r, { x: 10, y: 18 + l * 8, w: 80, h: 0.35 }, [30, 30, 30]);
  }
}

function noise(r: RgbRaster, seed: number, amplitude: number): void {
  const next = rng(seed);
  for (let i = 0; i < r.data.length; i++) r.data[i] = Math.max(0, Math.min(255, Math.round(r.data[i]! + (next() * 2 - 1) * amplitude)));
}

const measure = (r: RgbRaster & { dpi: number }) => measureColour(r, r.dpi / 25.4);

describe('measureColour: the paper is not colour', () => {
  const papers: [string, [number, number, number]][] = [
    ['white', [245, 244, 240]], ['pink', [250, 220, 226]], ['yellow', [252, 243, 186]], ['recycled beige', [224, 217, 200]], ['light blue', [222, 234, 246]],
  ];
  for (const [name, paper] of papers) {
    it(`${name} paper with black text and sensor noise is gray; its paper is found`, () => {
      const r = raster(75, paper);
      text(r);
      noise(r, 7, 6);
      const m = measure(r);
      expect(m.colour).toBe(false);
      expect(m.areaMm2).toBe(0);
      for (let c = 0; c < 3; c++) expect(Math.abs(m.paper[c]! - paper[c]!)).toBeLessThanOrEqual(3);
    });
  }

  it('red/blue fringes on both sides of black strokes (channels a pixel apart) are not colour', () => {
    const r = raster(100, [245, 244, 240]);
    text(r);
    // red read one row lower, blue one row higher than green
    const { width, height, data } = r;
    const copy = Uint8Array.from(data);
    for (let y = 1; y < height - 1; y++) {
      for (let x = 0; x < width; x++) {
        data[(y * width + x) * 3] = copy[((y - 1) * width + x) * 3]!;
        data[(y * width + x) * 3 + 2] = copy[((y + 1) * width + x) * 3 + 2]!;
      }
    }
    expect(measure(r).colour).toBe(false);
  });

  it('coloured fibres and specks smaller than a cluster are not colour', () => {
    const r = raster(75, [224, 217, 200]);
    text(r, 6);
    const next = rng(11);
    for (let i = 0; i < 40; i++) ink(r, { x: 5 + next() * 90, y: 5 + next() * 130, w: 0.5, h: 0.5 }, [200, 60, 60]);
    expect(measure(r).colour).toBe(false);
  });

  it('a gray photocopy area (neutral, any darkness) is not colour', () => {
    const r = raster(75, [252, 243, 186]);
    ink(r, { x: 20, y: 20, w: 50, h: 40 }, [128, 128, 128]);
    ink(r, { x: 20, y: 70, w: 50, h: 20 }, [60, 60, 60]);
    expect(measure(r).colour).toBe(false);
  });
});

describe('measureColour: colour that carries information', () => {
  it('a red stamp ring on white paper is colour', () => {
    const r = raster(75, [245, 244, 240]);
    text(r);
    for (let a = 0; a < 360; a += 4) {
      const x = 60 + 18 * Math.cos((a * Math.PI) / 180);
      const y = 100 + 18 * Math.sin((a * Math.PI) / 180);
      ink(r, { x, y, w: 1.2, h: 1.2 }, [200, 40, 55], 0.8);
    }
    noise(r, 3, 5);
    const m = measure(r);
    expect(m.colour).toBe(true);
    expect(m.areaMm2).toBeGreaterThan(DEFAULT_COLOUR_SETTINGS.minAreaMm2);
    expect(m.peakChroma).toBeGreaterThan(DEFAULT_COLOUR_SETTINGS.peakChroma);
  });

  it('a blue line (a signature stroke) on pink paper is colour, the paper is not', () => {
    const r = raster(75, [250, 220, 226]);
    text(r);
    ink(r, { x: 20, y: 120, w: 45, h: 0.5 }, [38, 58, 160], 0.85);
    expect(measure(r).colour).toBe(true);
  });

  it('a dark blue logo stays colour even when it is the darkest thing on the page', () => {
    const r = raster(75, [245, 244, 240]);
    ink(r, { x: 10, y: 10, w: 15, h: 15 }, [10, 30, 90]);
    expect(measure(r).colour).toBe(true);
  });

  it('yellow highlighter on yellow paper is colour', () => {
    const r = raster(75, [252, 243, 186]);
    text(r);
    ink(r, { x: 10, y: 30, w: 60, h: 4 }, [255, 236, 60], 0.85);
    expect(measure(r).colour).toBe(true);
  });

  it('survives a raster too small to measure', () => {
    expect(measureColour({ data: new Uint8Array(3), width: 1, height: 1 }, 3).colour).toBe(false);
    expect(measureColour({ data: new Uint8Array(0), width: 0, height: 0 }, 3).colour).toBe(false);
  });
});

// Scanned-looking pages (textured paper, fringes, banding, JPEG 75–90) at 200 and 300 dpi go through
// the real decode stage's colour preview in test/station/pipeline/colour-storage.test.ts.

describe('measureColour: the whole-page computation\'s figures', () => {
  it('finds the same paper and figures on tinted, noisy pages whose inner part is an odd or even number of pixels wide', () => {
    const papers: [number, number, number][] = [[246, 244, 240], [250, 222, 228], [247, 240, 196]];
    for (const [j, paper] of papers.entries()) {
      for (const [dpi, mmW] of [[75, 100], [75, 101], [100, 99], [100, 100.3]] as const) {
        const r = raster(dpi, paper, mmW, 60);
        text(r, 5);
        ink(r, { x: 60, y: 30, w: 12, h: 9 }, [200, 40, 40], 0.7);
        noise(r, 40 + j, 6);
        const ours = measure(r);
        expect({ paper, dpi, width: r.width, ours }).toEqual({ paper, dpi, width: r.width, ours: measureColourWholePage(r, r.dpi / 25.4) });
      }
    }
  });
});
