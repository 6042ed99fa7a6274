/**
 * The patch-code reader on rendered patterns, the cases patch-code.test.ts leaves out: every code fed
 * both ways at 150–600 dpi (400 and 600 included), colour scans (coloured toner on tinted paper, made
 * gray as the station decodes them), bitonal scans, heavy JPEG artefacts on every code, faded and soft
 * toner on every code, skew of a few degrees in both feed directions; and more pages that must not read
 * as a patch: a form's double border, a letterhead's double rule, a table with a filled header and a
 * thick column rule at 400 and 600 dpi.
 */
import sharp, { type Sharp } from 'sharp';
import { describe, expect, it } from 'vitest';
import { PATCH_PATTERNS as PATTERNS } from '../../../fixtures/lib/patch-sheet.ts';
import { readPatchCode, type PatchCode } from '../../../station/src/barcode/patch-code.ts';
import { bitonal, GrayCanvas, INK, textBlock } from '../../support/make-pages.ts';

const CODES = Object.keys(PATTERNS) as PatchCode[];

/** The pattern as printed, parallel to the top edge 0.5″ below it; `skewDeg` turns the bars. */
function drawPatch(c: GrayCanvas, code: PatchCode, o: { skewDeg?: number; ink?: number } = {}): GrayCanvas {
  const dpi = c.dpi;
  const slope = Math.tan(((o.skewDeg ?? 0) * Math.PI) / 180);
  let y = 0.5 * dpi;
  for (const ch of PATTERNS[code]) {
    const h = (ch === 'W' ? 0.2 : 0.08) * dpi;
    for (let x = Math.round(0.5 * dpi); x < c.width - 0.5 * dpi; x++) c.darken(x, y + (x - c.width / 2) * slope, 1, h, o.ink ?? INK);
    y += h + 0.08 * dpi;
  }
  return c;
}

function page(dpi: number, lines = 10): GrayCanvas {
  const c = GrayCanvas.a4(dpi);
  textBlock(c, 11, lines, { top: 0.45 });
  return c;
}

const read = (c: GrayCanvas) => readPatchCode({ data: c.data, width: c.width, height: c.height }, c.dpi);
/** Fed head first: the pattern leads; fed upside down: the scanner sees the sheet turned 180°. */
const fed = (c: GrayCanvas, way: 'head' | 'upside-down') => (way === 'head' ? c : c.rotated(180));
const edgeOf = (way: 'head' | 'upside-down') => (way === 'head' ? 'leading' : 'trailing');

const rawOf = (c: GrayCanvas) => sharp(Buffer.from(c.data), { raw: { width: c.width, height: c.height, channels: 1 } });
async function canvasOf(image: Sharp, dpi: number): Promise<GrayCanvas> {
  const { data, info } = await image.toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const out = new GrayCanvas(info.width, info.height, dpi);
  out.data.set(data.subarray(0, out.data.length));
  return out;
}
const viaJpeg = async (c: GrayCanvas, quality: number) => canvasOf(sharp(await rawOf(c).jpeg({ quality }).toBuffer()), c.dpi);
const soft = (c: GrayCanvas, sigma: number) => canvasOf(rawOf(c).blur(sigma), c.dpi);

describe('readPatchCode: every code, both feed directions, 150–600 dpi', () => {
  for (const dpi of [150, 400, 600]) {
    it(`${dpi} dpi`, () => {
      const blank = page(dpi, dpi >= 400 ? 4 : 10);
      for (const code of CODES) {
        for (const way of ['head', 'upside-down'] as const) {
          const c = new GrayCanvas(blank.width, blank.height, dpi);
          c.data.set(blank.data);
          expect(read(fed(drawPatch(c, code), way)), `Patch ${code} fed ${way}`).toEqual({ code, edge: edgeOf(way) });
        }
      }
    }, 120_000);
  }
});

describe('readPatchCode: colour and bitonal scans', () => {
  /** Coloured toner on tinted paper, made gray the way the station decodes a colour JPEG (sharp, b-w). */
  async function colourScan(code: PatchCode, dpi: number, ink: [number, number, number], paper: [number, number, number]): Promise<GrayCanvas> {
    const mask = drawPatch(page(dpi), code);
    const rgb = Buffer.alloc(mask.width * mask.height * 3);
    for (let i = 0; i < mask.data.length; i++) {
      const t = (255 - mask.data[i]!) / 255; // 0 paper … 1 full ink
      for (let k = 0; k < 3; k++) rgb[i * 3 + k] = Math.round(paper[k]! * (1 - t) + ink[k]! * t);
    }
    return canvasOf(sharp(await sharp(rgb, { raw: { width: mask.width, height: mask.height, channels: 3 } }).jpeg({ quality: 85 }).toBuffer()), dpi);
  }

  it('dark blue toner on yellow paper, red on white: read, both ways', async () => {
    for (const [ink, paper] of [[[31, 58, 147], [244, 232, 160]], [[170, 20, 20], [250, 250, 250]]] as const) {
      for (const code of ['T', '3', '4'] as const) {
        const c = await colourScan(code, 200, [...ink], [...paper]);
        for (const way of ['head', 'upside-down'] as const) expect(read(fed(c, way)), `Patch ${code} rgb(${ink}) fed ${way}`).toEqual({ code, edge: edgeOf(way) });
      }
    }
  }, 120_000);

  it('bitonal (a black-and-white scan), every code both ways, at 200 and 300 dpi, skewed too', () => {
    for (const dpi of [200, 300]) {
      for (const code of CODES) {
        for (const way of ['head', 'upside-down'] as const) {
          const c = bitonal(fed(drawPatch(page(dpi).noise(dpi, 20), code, { skewDeg: code === 'T' ? 2.5 : 0 }), way));
          expect(read(c), `Patch ${code} ${dpi} dpi fed ${way}`).toEqual({ code, edge: edgeOf(way) });
        }
      }
    }
  }, 120_000);
});

describe('readPatchCode: damage', () => {
  it('heavy JPEG artefacts (quality 25) on every code, both ways', async () => {
    for (const code of CODES) {
      for (const way of ['head', 'upside-down'] as const) {
        const c = await viaJpeg(fed(drawPatch(page(200), code, { skewDeg: 1 }).noise(5, 6), way), 25);
        expect(read(c), `Patch ${code} fed ${way}`).toEqual({ code, edge: edgeOf(way) });
      }
    }
  }, 120_000);

  it('faded, soft toner (ink 170 on paper 246, blurred) on every code, both ways', async () => {
    for (const code of CODES) {
      for (const way of ['head', 'upside-down'] as const) {
        const c = await soft(fed(drawPatch(page(300), code, { ink: 170 }).noise(9, 4), way), 1.2);
        expect(read(c), `Patch ${code} fed ${way}`).toEqual({ code, edge: edgeOf(way) });
      }
    }
  }, 120_000);

  it('skew of a few degrees either way, fed either way, at 150 and 400 dpi', () => {
    for (const dpi of [150, 400]) {
      for (const [code, skewDeg] of [['T', 3.5], ['T', -3.5], ['3', 3], ['1', -3], ['6', 2.5], ['2', -2], ['4', 3]] as const) {
        for (const way of ['head', 'upside-down'] as const) {
          expect(read(fed(drawPatch(page(dpi, 4), code, { skewDeg }), way)), `Patch ${code} ${skewDeg}° ${dpi} dpi fed ${way}`).toEqual({ code, edge: edgeOf(way) });
        }
      }
    }
  }, 120_000);
});

describe('readPatchCode: more pages that are not patches', () => {
  it('a form\'s double border (1.6 mm and 0.3 mm frames) on every edge, 200 and 600 dpi', () => {
    for (const dpi of [200, 600]) {
      const c = page(dpi, 6);
      const mm = c.ppmm;
      for (const [inset, t] of [[8, 1.6], [10.5, 0.3]] as const) {
        c.rect(inset * mm, inset * mm, c.width - 2 * inset * mm, t * mm, INK).rect(inset * mm, c.height - (inset + t) * mm, c.width - 2 * inset * mm, t * mm, INK);
        c.rect(inset * mm, inset * mm, t * mm, c.height - 2 * inset * mm, INK).rect(c.width - (inset + t) * mm, inset * mm, t * mm, c.height - 2 * inset * mm, INK);
      }
      expect(read(c), `${dpi} dpi`).toBeNull();
      expect(read(c.rotated(180)), `${dpi} dpi upside down`).toBeNull();
    }
  }, 120_000);

  it('a letterhead\'s double rule and a double underline under the title', () => {
    for (const dpi of [200, 400]) {
      const c = page(dpi);
      const mm = c.ppmm;
      for (const [y, t] of [[16.5, 2], [20.5, 0.6], [50, 1.2], [53, 1.2]] as const) c.rect(15 * mm, y * mm, 180 * mm, t * mm, INK);
      expect(read(c), `${dpi} dpi`).toBeNull();
    }
  }, 120_000);

  it('a ruled table with a filled header row and a thick first column rule, at 400 and 600 dpi', () => {
    for (const dpi of [400, 600]) {
      const c = page(dpi, 4);
      const mm = c.ppmm;
      c.rect(20 * mm, 36 * mm, 170 * mm, 7 * mm, INK);
      for (let i = 1; i <= 10; i++) c.rect(20 * mm, (43 + i * 6.2) * mm, 170 * mm, 0.3 * mm, INK);
      for (const [x, w] of [[20, 1.5], [32, 0.3], [80, 0.3], [130, 0.3], [189.7, 0.3]] as const) c.rect(x * mm, 36 * mm, w * mm, 69 * mm, INK);
      expect(read(c), `${dpi} dpi`).toBeNull();
    }
  }, 120_000);
});

describe('readPatchCode: the committed generic-patcht sample', () => {
  it('its Patch T bars run parallel to the leading edge (Kodak A-61599): read from the top, and from the bottom on the sheet fed upside down', async () => {
    const { loadTruth, readScanImage } = await import('../../../fixtures/lib/read-scan.ts');
    const dir = new URL('../../../fixtures/samples/generic-patcht/', import.meta.url).pathname;
    const truth = await loadTruth(dir);
    const reads = [];
    for (const image of truth.images.filter((i) => i.role === 'separator')) {
      const r = await readScanImage(dir, image, truth.dpi);
      reads.push([image.separator?.look.rotate ?? 0, readPatchCode({ data: r.data, width: r.width, height: r.height }, truth.dpi)]);
    }
    expect(reads).toEqual([[0, { code: 'T', edge: 'leading' }], [0, { code: 'T', edge: 'leading' }], [180, { code: 'T', edge: 'trailing' }]]);
  });
});
