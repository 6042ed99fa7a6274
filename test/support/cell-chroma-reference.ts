/**
 * Every cell's chroma of a grid worked out in plain JavaScript, the whole grid at once (as the
 * whole-page computation `colour-reference.ts` does for the measure's own grid): the figures
 * `CellChroma` (its kernel, `cell_chromas` in `colour-passes.wat`) must give to the last bit.
 */
import type { CellGrid, Shift } from '../../station/src/imaging/colour-cells.ts';
import type { RgbRaster } from '../../station/src/imaging/colour-content.ts';
import { chromaOf } from '../../station/src/imaging/colour-lab.ts';
import { at, sampler } from './colour-reference.ts';

/** The chroma (float32) of each of `grid`'s cells, red moved back by `shifts[0]`, blue by `shifts[1]`. */
export function cellChromaReference(img: RgbRaster, grid: CellGrid, black: readonly number[], scale: readonly number[], shifts: readonly [Shift, Shift]): Float32Array {
  const { data, width } = img;
  const { x0, y0, cell, cw, ch } = grid;
  const red = sampler(shifts[0], width * 3, 0), blue = sampler(shifts[1], width * 3, 2);
  // each cell's mean colour: float32 running sums of each pixel row's float64 sums
  const sums = new Float32Array(cw * ch * 3);
  for (let cy = 0; cy < ch; cy++) {
    for (let y = y0 + cy * cell; y < y0 + (cy + 1) * cell; y++) {
      for (let cx = 0, c = cy * cw * 3; cx < cw; cx++, c += 3) {
        let r = 0, g = 0, b = 0;
        for (let i = (y * width + x0 + cx * cell) * 3, e = i + cell * 3; i < e; i += 3) {
          r += at(data, i, red);
          g += data[i + 1]!;
          b += at(data, i, blue);
        }
        sums[c] = sums[c]! + r;
        sums[c + 1] = sums[c + 1]! + g;
        sums[c + 2] = sums[c + 2]! + b;
      }
    }
  }
  const perCell = 1 / (cell * cell);
  for (let c = 0; c < sums.length; c += 3) for (let k = 0; k < 3; k++) sums[c + k] = Math.max(0, (sums[c + k]! * perCell - black[k]!) * scale[k]!);
  // rows of three, then the rows above and below, then the chroma
  const across = new Float32Array(sums.length);
  for (let cy = 0; cy < ch; cy++) {
    for (let cx = 0; cx < cw; cx++) {
      const c = (cy * cw + cx) * 3;
      for (let k = 0; k < 3; k++) across[c + k] = sums[c + k]! + (cx > 0 ? sums[c - 3 + k]! : 0) + (cx < cw - 1 ? sums[c + 3 + k]! : 0);
    }
  }
  const chroma = new Float32Array(cw * ch);
  const rowLen = cw * 3;
  for (let cy = 0; cy < ch; cy++) {
    const ny = 1 + (cy > 0 ? 1 : 0) + (cy < ch - 1 ? 1 : 0);
    for (let cx = 0; cx < cw; cx++) {
      const c = (cy * cw + cx) * 3;
      const n = ny * (1 + (cx > 0 ? 1 : 0) + (cx < cw - 1 ? 1 : 0));
      let r = across[c]!, g = across[c + 1]!, b = across[c + 2]!;
      if (cy > 0) { r += across[c - rowLen]!; g += across[c - rowLen + 1]!; b += across[c - rowLen + 2]!; }
      if (cy < ch - 1) { r += across[c + rowLen]!; g += across[c + rowLen + 1]!; b += across[c + rowLen + 2]!; }
      chroma[cy * cw + cx] = chromaOf(r / n, g / n, b / n);
    }
  }
  return chroma;
}
