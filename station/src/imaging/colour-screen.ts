/**
 * Which cells of a page may reach the chroma threshold, found in one tight pass over the RGB preview;
 * the exact figures (`CellChroma.at`) are then worked out for those cells only. A page of black text
 * on paper has almost none: its cells' colours, registered and averaged with their neighbours, are
 * neutral.
 *
 * The cells' registered means are worked out in exact arithmetic, not in the exact path's float32
 * steps. Bilinear reads moved back by a shift are separable: over a cell of c × c pixels, red moved
 * back by (iy + ty, ix + tx) is the sum of the rows from c + 1 moved back by iy + 1, weighted ty, 1,
 * …, 1, 1 − ty, of each row's columns from c + 1 moved back by ix + 1, weighted tx, 1, …, 1, 1 − tx.
 * Each pixel row is read once a channel, a column shared by two cells (or a row by two rows of cells)
 * is read once. These means differ from the exact path's by its float32 roundings alone: under 1e-4
 * of a level (a cell's c² pixels of 8 bits, weights rounded to float32, c float32 running sums), under
 * 1e-5 stretched (a channel's paper is at least 16 levels above its black), with the float32 colours
 * and rows of three it keeps. A cell is kept
 * when some colour within `EPS` (20 times that) of its 3 × 3 colour may reach the threshold: the
 * cheap spread bound first (`mayReachChroma`), then the highest chroma in that box
 * (`chromaAtMost`). Every cell whose exact chroma reaches the threshold is kept.
 *
 * The pass is a WebAssembly kernel (`station/src/wasm/colour-screen.wat`): the cells' sums and
 * the 3 × 3 test up to the spread bound, two cells a step, with the same operations in the same
 * order as the JavaScript it replaced (`test/support/colour-screen-reference.ts`), so it keeps the
 * same cells; the few it writes out get `chromaAtMost` here. Its memory (the preview copied in, a
 * few rows of figures, the cells written out) is kept per thread, grown to the largest page, and
 * shared with the colour passes and the gray preview (`preview-memory.ts`: the preview copied once).
 */
import type { RgbRaster } from './colour-content.ts';
import type { CellGrid, Shift } from './colour-cells.ts';
import { chromaAtMost } from './colour-lab.ts';
import { holdPreview, PREVIEW_AT, SCREEN_AT, scratchAt } from './preview-memory.ts';

/** How far the 3 × 3 colours worked out here may lie from the exact path's, stretched units. */
const EPS = 2e-4;

// the kernel's memory, shared with the colour passes and the gray preview (`preview-memory.ts`): the
// header (i32 at SCREEN_AT, f64 128 further), the preview at PREVIEW_AT, then past the bytes a lane
// past a row's last cell may read (`scratchAt`) the working rows and the cells written out

/**
 * The cells (indices, raster order) whose 3 × 3 colour — red and blue moved back by `red` and `blue`,
 * each channel stretched by `black` and `scale` — may reach chroma `threshold`.
 */
export function mayBeChromatic(img: RgbRaster, grid: CellGrid, black: ArrayLike<number>, scale: ArrayLike<number>, red: Shift, blue: Shift, threshold: number): number[] {
  const { width, height } = img;
  const { x0, y0, cell, cw, ch } = grid;
  if (cw < 1 || ch < 1) return [];
  const size = width * height * 3;
  // red's and blue's carried rows, three rows of cell colours, a row of zeros: arrays of cw + 3
  const arr = (cw + 3) * 8;
  const cR = scratchAt(size), cB = cR + arr, ring = cB + arr, zero = ring + 9 * arr, out = zero + 3 * arr;
  // room for an eighth of the cells (a dense letter keeps ~2 %); a page that keeps more is run again with room for them all
  let room = Math.ceil((cw * ch) / 8) + 64;
  const { k } = holdPreview(img, out - cR + room * 32);
  const mem = k.bytes();
  const iyR = Math.floor(red.y), ixR = Math.floor(red.x), tyR = red.y - iyR, txR = red.x - ixR;
  const iyB = Math.floor(blue.y), ixB = Math.floor(blue.x), tyB = blue.y - iyB, txB = blue.x - ixB;
  const row = width * 3;
  const perCell = 1 / (cell * cell);
  const k0 = black[0]!, k1 = black[1]!, k2 = black[2]!, s0 = scale[0]!, s1 = scale[1]!, s2 = scale[2]!;
  // the cheap test where it has a bound below the threshold; the spread bound at its lowest (a black colour), squared
  const level = threshold >= 6 ? 6 : 3, cheap = threshold >= 3;
  const least = (level / 3) * 0.009 - 3.4642 * EPS, floor = cheap && least > 0 ? least * least : 0;
  new Int32Array(mem.buffer, SCREEN_AT, 16).set([
    PREVIEW_AT + (y0 * width + x0) * 3, row, cell, cw, ch,
    // byte offsets from a cell's first byte to the pixel row above it and the column left of it, moved back (red; blue)
    // (written −1 − i, not −i − 1: −0 for a shift of 0 would deoptimise the optimised code)
    (-1 - iyR) * row + (-1 - ixR) * 3, (-1 - iyB) * row + (-1 - ixB) * 3 + 2,
    cheap ? 1 : 0, cR, cB, ring, zero, out, cw + 3, room,
  ]);
  new Float64Array(mem.buffer, SCREEN_AT + 128, 25).set([
    tyR, 1 - tyR, txR, 1 - txR, tyB, 1 - tyB, txB, 1 - txB,
    // a cell's sums kept at least its pixels' black (the exact path's colour is kept at least 0)
    k0 * cell * cell, k1 * cell * cell, k2 * cell * cell,
    // the stretch of a mean of cell sums (paper 1, black 0): colour = mean · s − c
    s0 * perCell, s1 * perCell, s2 * perCell, k0 * s0, k1 * s1, k2 * s2,
    // `mayReachChroma(r, g, b, level, EPS)`'s figures
    floor, level / 3, EPS, 3.4642 * EPS, 0.009, 0.008, 1.25, 3,
  ]);
  let n = k.screen.screen();
  if (n > room) {
    room = n;
    k.reserve(out + room * 32);
    new Int32Array(k.bytes().buffer, SCREEN_AT, 16)[14] = room;
    n = k.screen.screen();
  }
  const kept = new Float64Array(k.bytes().buffer, out, n * 4);
  // (the indices as small integers (`| 0`): pushed as doubles from the Float64Array, the list was of
  // one elements kind on some pages and another on others, and its readers deoptimised: wrong map)
  const found: number[] = [];
  for (let j = 0; j < n * 4; j += 4) if (chromaAtMost(kept[j + 1]!, kept[j + 2]!, kept[j + 3]!, EPS) >= threshold) found.push(kept[j]! | 0);
  return found;
}
