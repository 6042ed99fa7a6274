/**
 * Test-only reference: the colour check's screen as it was in JavaScript (commit 62155e9), before
 * the WebAssembly kernel (`station/src/wasm/colour-screen.wat`) took its place. `mayBeChromatic`
 * must keep exactly the cells this keeps (`test/station/imaging/colour-screen.test.ts`).
 *
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
 */
import type { RgbRaster } from '../../station/src/imaging/colour-content.ts';
import type { CellGrid, Shift } from '../../station/src/imaging/colour-cells.ts';
import { chromaAtMost, mayReachChroma } from '../../station/src/imaging/colour-lab.ts';

/** How far the 3 × 3 colours worked out here may lie from the exact path's, stretched units. */
const EPS = 2e-4;

// working rows kept from page to page (a few KB): the last moved-back pixel row of red and of blue
// (a row of cells starts from the row above its first), three rows of cell colours, a row of zeros
let rows = new Float64Array(0);

/**
 * The cells (indices, raster order) whose 3 × 3 colour — red and blue moved back by `red` and `blue`,
 * each channel stretched by `black` and `scale` — may reach chroma `threshold`.
 */
export function mayBeChromaticReference(img: RgbRaster, grid: CellGrid, black: readonly number[], scale: readonly number[], red: Shift, blue: Shift, threshold: number): number[] {
  const { data, width } = img;
  const { x0, y0, cell, cw, ch } = grid;
  // red's and blue's carried rows, then three rows of cell colours and a row of zeros, each with a cell of zeros past its end
  const len = 3 * (cw + 1);
  const need = 2 * cw + 4 * len;
  if (rows.length < need) rows = new Float64Array(need);
  const a = rows;
  const cR = 0, cB = cw, ring = 2 * cw, zero = ring + 3 * len;
  a.fill(0, zero, zero + len);
  for (let j = 0; j < 3; j++) a.fill(0, ring + j * len + 3 * cw, ring + (j + 1) * len);
  const iyR = Math.floor(red.y), ixR = Math.floor(red.x), tyR = red.y - iyR, txR = red.x - ixR;
  const iyB = Math.floor(blue.y), ixB = Math.floor(blue.x), tyB = blue.y - iyB, txB = blue.x - ixB;
  const perCell = 1 / (cell * cell);
  const k0 = black[0]!, k1 = black[1]!, k2 = black[2]!, s0 = scale[0]!, s1 = scale[1]!, s2 = scale[2]!;
  const row = width * 3, step = cell * 3;
  // byte offsets of the pixel row above the first cell's first, moved back (red; blue; green not moved)
  const offR = (-iyR - 1) * row + (-ixR - 1) * 3, offB = (-iyB - 1) * row + (-ixB - 1) * 3 + 2;
  // the carried rows for the first row of cells: the row above it, moved back
  for (let cx = 0, i = (y0 * width + x0) * 3; cx < cw; cx++, i += step) {
    a[cR + cx] = movedRow(data, i + offR, cell, txR);
    a[cB + cx] = movedRow(data, i + offB, cell, txB);
  }
  // a cell's sums kept at least its pixels' black (the exact path's colour is kept at least 0)
  const m: Moved = { offR, offB, tyR, txR, tyB, txB, k0: k0 * cell * cell, k1: k1 * cell * cell, k2: k2 * cell * cell };
  const st: Stretch = { s0: s0 * perCell, s1: s1 * perCell, s2: s2 * perCell, c0: k0 * s0, c1: k1 * s1, c2: k2 * s2 };
  const found: number[] = [];
  for (let cy = 0; cy < ch; cy++) {
    const i = ((y0 + cy * cell) * width + x0) * 3, at = ring + (cy % 3) * len;
    if (cell === 2) coloursOf2(data, row, i, cw, m, a, cR, cB, at);
    else if (cell === 3) coloursOf3(data, row, i, cw, m, a, cR, cB, at);
    else coloursOf(data, row, i, cell, cw, m, a, cR, cB, at);
    if (cy > 0) judge(a, ring, zero, cy - 1, cw, ch, st, threshold, found);
  }
  judge(a, ring, zero, ch - 1, cw, ch, st, threshold, found);
  return found;
}

/** Red and blue moved back (byte offsets from a cell's first byte to the row and column above-left of its first read, weights), the stretch. */
interface Moved { offR: number; offB: number; tyR: number; txR: number; tyB: number; txB: number; k0: number; k1: number; k2: number }

/**
 * A row of cells' stretched colours into `a[at..]` (3 a cell), from byte `i` (the first cell's
 * first): red and blue the carried row weighted ty (`a[cR..]`, `a[cB..]`, then this row's last), the
 * cell's rows moved back 1, …, 1, 1 − ty, each row's columns tx, 1, …, 1, 1 − tx. Any cell size.
 */
function coloursOf(data: Uint8Array, row: number, i: number, cell: number, cw: number, m: Moved, a: Float64Array, cR: number, cB: number, at: number): void {
  const step = cell * 3;
  for (let cx = 0, o = at; cx < cw; cx++, i += step, o += 3) {
    let r = m.tyR * a[cR + cx]!, b = m.tyB * a[cB + cx]!, g = 0;
    let j = i;
    for (let k = 1; k < cell; k++, j += row) {
      r += movedRow(data, j + m.offR + row, cell, m.txR);
      b += movedRow(data, j + m.offB + row, cell, m.txB);
      for (let q = j + 1, e = j + step; q < e; q += 3) g += data[q]!;
    }
    const lastR = movedRow(data, j + m.offR + row, cell, m.txR), lastB = movedRow(data, j + m.offB + row, cell, m.txB);
    for (let q = j + 1, e = j + step; q < e; q += 3) g += data[q]!;
    r += (1 - m.tyR) * lastR; b += (1 - m.tyB) * lastB;
    a[cR + cx] = lastR; a[cB + cx] = lastB;
    a[o] = Math.max(r, m.k0); a[o + 1] = Math.max(g, m.k1); a[o + 2] = Math.max(b, m.k2);
  }
}

/** `coloursOf` for cells of 2 pixels (a 75 dpi preview), unrolled; a cell's last column is the next one's first. */
function coloursOf2(data: Uint8Array, row: number, i: number, cw: number, m: Moved, a: Float64Array, cR: number, cB: number, at: number): void {
  const { tyR, tyB, txR, txB, k0, k1, k2 } = m;
  const uyR = 1 - tyR, uyB = 1 - tyB, uxR = 1 - txR, uxB = 1 - txB;
  let p = i + m.offR + row, q = i + m.offB + row;
  let fr1 = data[p]!, fr2 = data[p + row]!, fb1 = data[q]!, fb2 = data[q + row]!;
  for (let cx = 0, o = at; cx < cw; cx++, i += 6, p += 6, q += 6, o += 3) {
    const lr1 = data[p + 6]!, lr2 = data[p + row + 6]!, lb1 = data[q + 6]!, lb2 = data[q + row + 6]!;
    const r1 = txR * fr1 + data[p + 3]! + uxR * lr1, r2 = txR * fr2 + data[p + row + 3]! + uxR * lr2;
    const b1 = txB * fb1 + data[q + 3]! + uxB * lb1, b2 = txB * fb2 + data[q + row + 3]! + uxB * lb2;
    fr1 = lr1; fr2 = lr2; fb1 = lb1; fb2 = lb2;
    const g = data[i + 1]! + data[i + 4]! + data[i + row + 1]! + data[i + row + 4]!;
    const r = tyR * a[cR + cx]! + r1 + uyR * r2, b = tyB * a[cB + cx]! + b1 + uyB * b2;
    a[cR + cx] = r2; a[cB + cx] = b2;
    a[o] = r > k0 ? r : k0; a[o + 1] = g > k1 ? g : k1; a[o + 2] = b > k2 ? b : k2;
  }
}

/** `coloursOf` for cells of 3 pixels (a 100 dpi preview), unrolled; a cell's last column is the next one's first. */
function coloursOf3(data: Uint8Array, row: number, i: number, cw: number, m: Moved, a: Float64Array, cR: number, cB: number, at: number): void {
  const { tyR, tyB, txR, txB, k0, k1, k2 } = m;
  const uyR = 1 - tyR, uyB = 1 - tyB, uxR = 1 - txR, uxB = 1 - txB, row2 = 2 * row;
  let p = i + m.offR + row, q = i + m.offB + row;
  let fr1 = data[p]!, fr2 = data[p + row]!, fr3 = data[p + row2]!, fb1 = data[q]!, fb2 = data[q + row]!, fb3 = data[q + row2]!;
  for (let cx = 0, o = at; cx < cw; cx++, i += 9, p += 9, q += 9, o += 3) {
    const lr1 = data[p + 9]!, lr2 = data[p + row + 9]!, lr3 = data[p + row2 + 9]!, lb1 = data[q + 9]!, lb2 = data[q + row + 9]!, lb3 = data[q + row2 + 9]!;
    const r1 = txR * fr1 + data[p + 3]! + data[p + 6]! + uxR * lr1;
    const r2 = txR * fr2 + data[p + row + 3]! + data[p + row + 6]! + uxR * lr2;
    const r3 = txR * fr3 + data[p + row2 + 3]! + data[p + row2 + 6]! + uxR * lr3;
    const b1 = txB * fb1 + data[q + 3]! + data[q + 6]! + uxB * lb1;
    const b2 = txB * fb2 + data[q + row + 3]! + data[q + row + 6]! + uxB * lb2;
    const b3 = txB * fb3 + data[q + row2 + 3]! + data[q + row2 + 6]! + uxB * lb3;
    fr1 = lr1; fr2 = lr2; fr3 = lr3; fb1 = lb1; fb2 = lb2; fb3 = lb3;
    const g = data[i + 1]! + data[i + 4]! + data[i + 7]! + data[i + row + 1]! + data[i + row + 4]! + data[i + row + 7]! + data[i + row2 + 1]! + data[i + row2 + 4]! + data[i + row2 + 7]!;
    const r = tyR * a[cR + cx]! + r1 + r2 + uyR * r3, b = tyB * a[cB + cx]! + b1 + b2 + uyB * b3;
    a[cR + cx] = r3; a[cB + cx] = b3;
    a[o] = r > k0 ? r : k0; a[o + 1] = g > k1 ? g : k1; a[o + 2] = b > k2 ? b : k2;
  }
}

/** One pixel row's moved-back sum over a cell: columns from byte `i` on, weighted tx, 1, …, 1, 1 − tx. */
function movedRow(data: Uint8Array, i: number, cell: number, tx: number): number {
  let mid = 0;
  for (let j = i + 3, e = i + cell * 3; j < e; j += 3) mid += data[j]!;
  return tx * data[i]! + mid + (1 - tx) * data[i + cell * 3]!;
}

/** The stretch of a mean of cell sums (paper 1, black 0): colour = mean · s − c, channel by channel. */
interface Stretch { s0: number; s1: number; s2: number; c0: number; c1: number; c2: number }

/**
 * Row `cy`'s cells that may reach chroma `threshold` onto `found`: each cell's colour summed with its 8
 * neighbours' (the rows above and below from the ring, a row of zeros past the page's edge), the
 * sums of three rows rolled along the row.
 */
function judge(a: Float64Array, ring: number, zero: number, cy: number, cw: number, ch: number, st: Stretch, threshold: number, found: number[]): void {
  // the cheap test first where it has a bound below the threshold
  const level = threshold >= 6 ? 6 : 3, cheap = threshold >= 3;
  // the spread bound at its lowest (a black colour), squared: most cells are ruled out on that alone
  const least = (level / 3) * 0.009 - 3.4642 * EPS, floor = cheap && least > 0 ? least * least : 0;
  const len = 3 * (cw + 1);
  const mid = ring + (cy % 3) * len;
  const up = cy > 0 ? ring + ((cy + 2) % 3) * len : zero, down = cy < ch - 1 ? ring + ((cy + 1) % 3) * len : zero;
  const ny = 1 + (cy > 0 ? 1 : 0) + (cy < ch - 1 ? 1 : 0);
  // the stretch of a sum of 3 (inside) or 2 (at either end; 1 on a page one cell wide) columns of ny cells
  const inside = 1 / (3 * ny), end = 1 / (Math.min(2, cw) * ny);
  const r3 = inside * st.s0, g3 = inside * st.s1, b3 = inside * st.s2, r2 = end * st.s0, g2 = end * st.s1, b2 = end * st.s2;
  const { c0, c1, c2 } = st;
  // column sums: p (the cell to the left), q (this cell), then the next one read ahead (0 past the row's end)
  let pr = 0, pg = 0, pb = 0;
  let qr = a[up]! + a[mid]! + a[down]!, qg = a[up + 1]! + a[mid + 1]! + a[down + 1]!, qb = a[up + 2]! + a[mid + 2]! + a[down + 2]!;
  for (let cx = 0, d = 3, k = cy * cw; cx < cw; cx++, d += 3, k++) {
    const nr = a[up + d]! + a[mid + d]! + a[down + d]!, ng = a[up + d + 1]! + a[mid + d + 1]! + a[down + d + 1]!, nb = a[up + d + 2]! + a[mid + d + 2]! + a[down + d + 2]!;
    const atEnd = cx === 0 || cx === cw - 1;
    const r = (pr + qr + nr) * (atEnd ? r2 : r3) - c0, g = (pg + qg + ng) * (atEnd ? g2 : g3) - c1, b = (pb + qb + nb) * (atEnd ? b2 : b3) - c2;
    const rg = r - g, gb = g - b, br = b - r;
    if (rg * rg + gb * gb + br * br >= floor && (!cheap || mayReachChroma(r, g, b, level, EPS)) && chromaAtMost(r, g, b, EPS) >= threshold) found.push(k);
    pr = qr; pg = qg; pb = qb; qr = nr; qg = ng; qb = nb;
  }
}
