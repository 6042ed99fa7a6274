/**
 * The patch-code reader on rendered patterns: every kind, both feed directions (a sheet fed upside
 * down carries its pattern at the trailing edge, mirrored), skew, 150–300 dpi, JPEG, faded toner; and
 * pages that must not read as a patch: ruled tables, thick underlines, a black strip along the edge,
 * a sideways barcode's own bars, a page of text.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { PATCH_PATTERNS as PATTERNS } from '../../../fixtures/lib/patch-sheet.ts';
import { readPatchCode, type PatchCode } from '../../../station/src/barcode/patch-code.ts';
import { buildSeparatorsPdf } from '../../../station/src/separators/build-separators-pdf.ts';
import { GrayCanvas, INK, textBlock, textLine } from '../../support/make-pages.ts';
import { renderPdfPage } from '../../support/page-likeness.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';
import { barcodeSymbol } from '../../support/zxing-writer.ts';

const CODES = Object.keys(PATTERNS) as PatchCode[];

interface PatchOpts {
  /** Distance of the first bar from the edge (inches). */
  offset?: number;
  /** Bars run from x = side to width - side (inches). */
  side?: number;
  skewDeg?: number;
  ink?: number;
  /** Printed at the bottom, mirrored (as on a sheet meant to be read when fed upside down). */
  bottom?: boolean;
}

/** Draws a patch pattern as printed: bars parallel to the top edge, the first `offset` from it. */
function drawPatch(c: GrayCanvas, code: PatchCode, o: PatchOpts = {}): GrayCanvas {
  const dpi = c.dpi;
  const slope = Math.tan(((o.skewDeg ?? 0) * Math.PI) / 180);
  const x0 = (o.side ?? 0.5) * dpi;
  const x1 = c.width - x0;
  let y = (o.offset ?? 0.5) * dpi;
  for (const ch of PATTERNS[code]) {
    const h = (ch === 'W' ? 0.2 : 0.08) * dpi;
    for (let x = Math.round(x0); x < x1; x++) {
      const dy = (x - c.width / 2) * slope;
      const top = o.bottom ? c.height - (y + h) - dy : y + dy;
      c.darken(x, top, 1, h, o.ink ?? INK);
    }
    y += h + 0.08 * dpi;
  }
  return c;
}

/** The page turned upside down (what a scanner sees of a sheet fed the wrong way round). */
const upsideDown = (c: GrayCanvas) => c.rotated(180);

async function viaJpeg(c: GrayCanvas, quality = 70): Promise<GrayCanvas> {
  const { data } = await sharp(Buffer.from(c.data), { raw: { width: c.width, height: c.height, channels: 1 } }).jpeg({ quality }).toColourspace('b-w').raw().toBuffer({ resolveWithObject: true });
  const out = new GrayCanvas(c.width, c.height, c.dpi);
  out.data.set(data.subarray(0, out.data.length));
  return out;
}

const read = (c: GrayCanvas) => readPatchCode({ data: c.data, width: c.width, height: c.height }, c.dpi);

function page(dpi: number, seed = 1, lines = 12): GrayCanvas {
  const c = GrayCanvas.a4(dpi);
  textBlock(c, seed, lines, { top: 0.4 });
  return c;
}

describe('readPatchCode: every pattern', () => {
  for (const dpi of [75, 100, 150, 200, 300]) {
    it(`reads each code at the leading edge (${dpi} dpi)`, () => {
      for (const code of CODES) expect(read(drawPatch(page(dpi).noise(3), code)), `Patch ${code}`).toEqual({ code, edge: 'leading' });
    });
  }

  it('a sheet fed upside down: its pattern is at the trailing edge and read from it, so Patch T stays T (not 3)', () => {
    for (const code of CODES) {
      const printed = drawPatch(page(150), code);
      expect(read(upsideDown(printed).noise(2)), `Patch ${code} upside down`).toEqual({ code, edge: 'trailing' });
    }
  });

  it('a sheet fed sideways (or stored turned): the pattern along a side edge is read from that edge', () => {
    for (const code of CODES) {
      const printed = drawPatch(page(150), code);
      expect(read(printed.rotated(90)), `Patch ${code} turned right`).toEqual({ code, edge: 'right' });
      expect(read(printed.rotated(270)), `Patch ${code} turned left`).toEqual({ code, edge: 'left' });
    }
  });

  it('a pattern printed mirrored at the bottom (as `station separators` prints it) reads the same', () => {
    for (const code of CODES) expect(read(drawPatch(page(200), code, { bottom: true })), `Patch ${code}`).toEqual({ code, edge: 'trailing' });
  });

  it('skew of a few degrees, short bars (2″), JPEG artefacts, faded toner', async () => {
    for (const [code, skewDeg] of [['T', 3], ['3', -3], ['1', 2], ['6', -2], ['2', 1], ['4', 4]] as const) {
      expect(read(drawPatch(page(200), code, { skewDeg })), `Patch ${code} skewed ${skewDeg}°`).toEqual({ code, edge: 'leading' });
    }
    expect(read(drawPatch(page(200), 'T', { side: 3.1 })), 'bars 2″ long').toEqual({ code: 'T', edge: 'leading' });
    expect(read(await viaJpeg(drawPatch(page(150), '2', { skewDeg: 2 }).noise(4), 60)), 'JPEG').toEqual({ code: '2', edge: 'leading' });
    expect(read(drawPatch(page(300), 'T', { ink: 150 }).noise(3)), 'faded').toEqual({ code: 'T', edge: 'leading' });
  });
});

describe('readPatchCode: no false patches', () => {
  it('a page of text, a blank page', () => {
    expect(read(page(200, 3, 30).noise(3))).toBeNull();
    expect(read(GrayCanvas.a4(200).noise(3))).toBeNull();
  });

  it('a ruled table near the top (thin rules, a filled header row)', () => {
    const c = page(200);
    const d = c.dpi;
    c.rect(0.8 * d, 0.6 * d, 6.6 * d, 0.25 * d, INK); // header row, filled
    for (let i = 0; i < 10; i++) c.rect(0.8 * d, (0.85 + i * 0.25) * d, 6.6 * d, Math.max(1, Math.round(0.01 * d)), INK);
    // its columns: vertical rules, a thick one on the left
    for (const [x, w] of [[0.8, 0.08], [1.1, 0.01], [2.5, 0.01], [4.2, 0.01], [7.4, 0.01]] as const) c.rect(x * d, 0.6 * d, w * d, 2.8 * d, INK);
    expect(read(c)).toBeNull();
  });

  it('thick underlines under headings, two or three of them close together', () => {
    const c = page(200);
    const d = c.dpi;
    for (const [y, h] of [[0.6, 0.08], [0.76, 0.08], [0.92, 0.2], [1.5, 0.06]] as const) {
      textLine(c, 0.8 * d, (y - 0.2) * d, 30, 5);
      c.rect(0.8 * d, y * d, 6 * d, h * d, INK);
    }
    expect(read(c)).toBeNull();
  });

  it('a black strip along the leading edge (the scanner saw past the sheet)', () => {
    const c = page(200);
    c.rect(0, 0, c.width, 0.15 * c.dpi, 10);
    c.rect(0, 0, 0.12 * c.dpi, c.height, 10); // and along a side
    expect(read(c)).toBeNull();
    // the strip does not hide a real patch after it
    expect(read(drawPatch(c, 'T'))).toEqual({ code: 'T', edge: 'leading' });
  });

  it('a sideways barcode\'s own bars (horizontal, 0.5 mm modules) near the top', async () => {
    const sym = await barcodeSymbol('84512/27.09.2021', 'Code128');
    for (const dpi of [150, 300]) {
      const c = page(dpi);
      c.symbol(sym, c.width * 0.3, 0.4 * dpi, Math.round(0.5 * c.ppmm), { rotate: 90, barHeight: Math.round(32 * c.ppmm) });
      c.symbol(sym, c.width * 0.6, 0.4 * dpi, Math.round(1 * c.ppmm), { rotate: 90, barHeight: Math.round(60 * c.ppmm) });
      // and upright ones near a side edge (vertical bars)
      c.symbol(sym, 0.4 * dpi, c.height * 0.3, Math.round(0.5 * c.ppmm), { barHeight: Math.round(32 * c.ppmm) });
      c.symbol(sym, 0.4 * dpi, c.height * 0.6, Math.round(1 * c.ppmm), { barHeight: Math.round(40 * c.ppmm) });
      expect(read(c), `${dpi} dpi`).toBeNull();
    }
  });
});

describe('readPatchCode: the sheets `station separators --patch-t` prints', () => {
  it('read as Patch T at 150 dpi, fed either way round', async () => {
    const { dir, cleanup } = await makeTempDir('patch-sheet-');
    try {
      const pdf = path.join(dir, 'sep.pdf');
      await writeFile(pdf, (await buildSeparatorsPdf([{ registrationNumber: '84512/27.09.2021', department: 'Serviciul Stare Civilă', expectedSheets: 1, date: null, notes: null, line: 2 }], { patchT: true })).bytes);
      const { image } = await renderPdfPage(pdf, 1, 150);
      const c = new GrayCanvas(image.width, image.height, 150);
      c.data.set(image.data.subarray(0, c.data.length));
      expect(read(c)).toEqual({ code: 'T', edge: 'leading' });
      expect(read(upsideDown(c))).toEqual({ code: 'T', edge: 'leading' });
    } finally {
      await cleanup();
    }
  });
});
