/**
 * The gray preview's WebAssembly passes give, to the last unit, what the pixel-by-pixel loops give:
 * on decoded previews of dense letters and separator sheets (as the bench's), on random rasters of
 * every size around the kernel's 16-pixel vectors, and on rasters whose blocks and cells reach their
 * very last byte (the kernel reads 16 bytes at a time: nothing past the raster may count). The ink
 * count's and the paper histogram's exactness are checked in `ink-measure.test.ts`.
 */
import { describe, expect, it } from 'vitest';
import { locateBarcodeLike, DEFAULT_LOCATOR, LOCATOR_BLOCK } from '../../../station/src/barcode/barcode-locator.ts';
import { findDensePatches } from '../../../station/src/barcode/dense-patch.ts';
import { grayPasses, grayPassesMemoryBytes, MAX_KERNEL_CELL } from '../../../station/src/imaging/gray-passes.ts';
import { sharingPreviews } from '../../../station/src/imaging/raster-hold.ts';
import { openEncoded, toGray } from '../../../station/src/imaging/sharp-adapter.ts';
import { previewFactor } from '../../../station/src/pipeline/stages/decode.ts';
import { GrayCanvas, contentPage, rng, separatorPage, toJpeg } from '../../support/make-pages.ts';

type Raster = { data: Uint8Array; width: number; height: number };

function referenceChanges(img: Raster, block: number, bw: number, bh: number): { sx: number[]; sy: number[] } {
  const { data, width } = img;
  const sx: number[] = [];
  const sy: number[] = [];
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let x = 0;
      let y = 0;
      for (let r = by * block; r < (by + 1) * block; r += 2) {
        for (let c = bx * block; c < (bx + 1) * block; c += 2) {
          x += Math.abs(data[r * width + c + 2]! - data[r * width + c]!);
          y += Math.abs(data[(r + 2) * width + c]! - data[r * width + c]!);
        }
      }
      sx.push(x);
      sy.push(y);
    }
  }
  return { sx, sy };
}

function referenceCells(img: Raster, cell: number, cw: number, ch: number, paper: number): { sum: number[]; peak: number[] } {
  const sum: number[] = [];
  const peak: number[] = [];
  for (let cy = 0; cy < ch; cy++) {
    for (let cx = 0; cx < cw; cx++) {
      let s = 0;
      let p = 0;
      for (let y = cy * cell; y < (cy + 1) * cell; y += 2) {
        for (let x = cx * cell; x < (cx + 1) * cell; x += 2) {
          const d = Math.max(0, paper - img.data[y * img.width + x]!);
          s += d;
          p = Math.max(p, d);
        }
      }
      sum.push(s);
      peak.push(p);
    }
  }
  return { sum, peak };
}

/** The kind of each block as the locator's rule gives it from the sums. */
function referenceKinds(img: Raster, block: number): number[] {
  const bw = Math.floor((img.width - 2) / block);
  const bh = Math.floor((img.height - 2) / block);
  const { sx, sy } = referenceChanges(img, block, bw, bh);
  const min = (DEFAULT_LOCATOR.minEdge * block * block) / 4;
  const r = DEFAULT_LOCATOR.ratio;
  return sx.map((x, k) => {
    const y = sy[k]!;
    return x >= min && x >= r * y ? 1 : y >= min && y >= r * x ? 2 : x >= min && y >= min ? 3 : 0;
  });
}

function randomRaster(r: () => number, width: number, height: number): Raster {
  const data = new Uint8Array(width * height);
  const paper = 180 + Math.floor(r() * 76);
  for (let i = 0; i < data.length; i++) data[i] = r() < 0.3 ? Math.floor(r() * 256) : paper - Math.floor(r() * 8);
  return { data, width, height };
}

async function decodedPreview(c: GrayCanvas): Promise<{ img: Raster; dpi: number }> {
  const factor = previewFactor(c.dpi);
  return { img: await toGray(openEncoded(await toJpeg(c)), c.width, factor, 'test'), dpi: c.dpi / factor };
}

const pages = async () => [
  await decodedPreview(await contentPage(200, 0x5a, { lines: 40 })),
  await decodedPreview(await contentPage(300, 0x21, { lines: 40, seed: 3 })),
  await decodedPreview(await separatorPage(300, { value: 'SEP-0042', format: 'Code128', moduleMm: 0.33 })),
];

describe('gray-passes', () => {
  it('a letter and a separator sheet, decoded to their previews: the same block changes and cell darkness as pixel by pixel', async () => {
    for (const { img, dpi } of await pages()) {
      const bw = Math.floor((img.width - 2) / 8);
      const bh = Math.floor((img.height - 2) / 8);
      const got = grayPasses(img).barChanges(bw, bh);
      const want = referenceChanges(img, 8, bw, bh);
      expect([...got.sx]).toEqual(want.sx);
      expect([...got.sy]).toEqual(want.sy);
      const cell = Math.max(4, Math.round(dpi / 19));
      const cw = Math.floor(img.width / cell);
      const ch = Math.floor(img.height / cell);
      for (const paper of [0, 200, 246, 255]) {
        const cells = grayPasses(img).cellDarkness(cell, cw, ch, paper);
        const ref = referenceCells(img, cell, cw, ch, paper);
        expect([...cells.sum]).toEqual(ref.sum);
        expect([...cells.peak]).toEqual(ref.peak);
      }
    }
  });

  it('random rasters of every size around a vector, blocks and cells reaching the raster\'s last byte', () => {
    const r = rng(29);
    for (let round = 0; round < 120; round++) {
      // at times exactly the blocks' (8·bw + 2) or the cells' (cell·cw) size: the last vector ends past the raster
      const bw = 1 + Math.floor(r() * 9);
      const bh = 1 + Math.floor(r() * 5);
      const extra = round % 3 === 0 ? 0 : Math.floor(r() * 20);
      const img = randomRaster(r, 8 * bw + 2 + extra, 8 * bh + 2 + (round % 2 === 0 ? 0 : Math.floor(r() * 9)));
      const got = grayPasses(img).barChanges(bw, bh);
      const want = referenceChanges(img, 8, bw, bh);
      expect([...got.sx], `round ${round}: ${img.width}×${img.height}`).toEqual(want.sx);
      expect([...got.sy], `round ${round}: ${img.width}×${img.height}`).toEqual(want.sy);
      const cell = 4 + (round % (MAX_KERNEL_CELL - 3));
      const cw = 1 + Math.floor(r() * 40);
      const ch = 1 + Math.floor(r() * 6);
      const raster = randomRaster(r, cell * cw + (round % 4 === 0 ? 0 : Math.floor(r() * 7)), cell * ch + (round % 5 === 0 ? 0 : Math.floor(r() * 3)));
      const paper = Math.floor(r() * 256);
      const cells = grayPasses(raster).cellDarkness(cell, cw, ch, paper);
      const ref = referenceCells(raster, cell, cw, ch, paper);
      expect([...cells.sum], `round ${round}: cell ${cell}, ${cw}×${ch}`).toEqual(ref.sum);
      expect([...cells.peak], `round ${round}: cell ${cell}, ${cw}×${ch}`).toEqual(ref.peak);
    }
  });

  it('passes over a preview another one has taken the place of in the kernel refuse to run (they would read the other)', () => {
    const a = grayPasses(randomRaster(rng(1), 40, 30));
    expect(a.inkCount(200, 1, 1, 39, 29)).toBeGreaterThanOrEqual(0);
    grayPasses(randomRaster(rng(2), 50, 20));
    expect(() => a.inkCount(200, 1, 1, 39, 29)).toThrow(/newer preview/);
    expect(() => a.histogram(0, 0, 40, 30, 2)).toThrow(/newer preview/);
  });

  it('a cell larger than the kernel\'s lanes (or smaller than 4) is refused, not summed wrong', () => {
    const passes = grayPasses(randomRaster(rng(3), 64, 64));
    expect(() => passes.cellDarkness(MAX_KERNEL_CELL + 1, 4, 4, 200)).toThrow(/cell of 9 pixels/);
    expect(() => passes.cellDarkness(3, 4, 4, 200)).toThrow(/cell of 3 pixels/);
    expect(passes.cellDarkness(MAX_KERNEL_CELL, 4, 4, 200).sum.length).toBe(16);
  });

  it('a huge preview\'s memory is let go at the next preview that fits in 64 MB (each thread would keep it)', () => {
    const huge = { data: new Uint8Array(9000 * 8000).fill(230), width: 9000, height: 8000 };
    huge.data[8000 * 9000 - 4500] = 10;
    expect(grayPasses(huge).histogram(0, 0, 9000, 8000, 1).hist[10]).toBe(1);
    expect(grayPassesMemoryBytes()).toBeGreaterThan(72_000_000);
    const small = randomRaster(rng(4), 300, 200);
    const passes = grayPasses(small);
    expect(grayPassesMemoryBytes()).toBeLessThanOrEqual(1 << 20);
    const { sx, sy } = passes.barChanges(37, 24);
    expect({ sx: [...sx], sy: [...sy] }).toEqual(referenceChanges(small, 8, 37, 24));
    // one that still needs more than 64 MB keeps the memory it has
    grayPasses(huge);
    const grown = grayPassesMemoryBytes();
    grayPasses({ data: huge.data, width: 9000, height: 7900 });
    expect(grayPassesMemoryBytes()).toBe(grown);
  });

  it('within sharingPreviews a preview already held is not copied again; another raster, or the same after the scope, is', () => {
    const a = randomRaster(rng(5), 120, 90);
    const b = randomRaster(rng(6), 120, 90);
    const inkA = grayPasses(a).inkCount(200, 1, 1, 119, 89);
    const outside = grayPasses(a);
    expect(grayPasses(a)).not.toBe(outside);
    sharingPreviews(() => {
      const first = grayPasses(a);
      expect(grayPasses(a)).toBe(first);
      expect(grayPasses({ data: a.data, width: 90, height: 120 })).not.toBe(first);
      const other = grayPasses(b);
      expect(other).not.toBe(first);
      expect(() => first.inkCount(200, 1, 1, 119, 89)).toThrow(/newer preview/);
      const again = grayPasses(a);
      expect(again.inkCount(200, 1, 1, 119, 89)).toBe(inkA);
    });
    // after the scope a preview changed in place is copied again: never served stale
    const before = grayPasses(a).histogram(0, 0, 120, 90, 1).hist[0]!;
    const zerosInRow = a.data.subarray(0, 120).filter((v) => v === 0).length;
    a.data.fill(0, 0, 120);
    expect(grayPasses(a).histogram(0, 0, 120, 90, 1).hist[0]).toBe(before - zerosInRow + 120);
  });

  it('the locator and the dense patches read the kernel\'s sums: the same as the pixel-by-pixel reference', async () => {
    const { img } = (await pages())[0]!;
    expect([...locateBarcodeLike(img, DEFAULT_LOCATOR).blocks!.kind]).toEqual(referenceKinds(img, LOCATOR_BLOCK));
    // cells of 4 and 5 pixels (75 and 100 dpi previews) through the kernel; of 8, 11 and 16 (a page read at 150–300 dpi)
    for (const dpi of [75, 100, 150, 200, 300]) {
      const grid = findDensePatches(img, { dpi }).grid!;
      const ref = referenceCells(img, grid.cell, grid.cw, grid.ch, paperOf(img));
      expect([...grid.sum], `${dpi} dpi`).toEqual(ref.sum);
      expect([...grid.peak], `${dpi} dpi`).toEqual(ref.peak);
    }
  });
});

/** The dense patches' paper: the 90th percentile on every fourth pixel of every fourth row. */
function paperOf(img: Raster): number {
  const values: number[] = [];
  for (let y = 0; y < img.height; y += 4) for (let x = 0; x < img.width; x += 4) values.push(img.data[y * img.width + x]!);
  values.sort((a, b) => a - b);
  const at = values.findIndex((_, i) => i + 1 >= values.length * 0.9);
  return values[at]!;
}
