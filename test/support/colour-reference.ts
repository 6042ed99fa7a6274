/**
 * Test-only reference: the colour measure as it was before the speed work (commit 2e7975b), every
 * cell of the page worked out in full. `measureColour` must give the same decisions and figures.
 *
 * Does a page carry colour that means something (a stamp, a coloured logo, a blue signature,
 * highlighter), or only scanner noise and the tint of its paper? Pure function over the page's
 * reduced-scale RGB preview, no I/O.
 *
 * 1. The paper: the page's bright tenth (its 90th luma percentile ± 12) gives the paper's colour,
 *    channel by channel (pink, yellow and recycled beige paper alike); the darkest ink gives the black.
 * 2. Each channel is stretched between that black and that paper, so the paper is white and any
 *    mix of paper and neutral ink (text, its blurred edges, a gray photocopy) is neutral again.
 * 3. The page is cut into cells of about 0.5 mm whose colour is averaged, then each cell's colour is
 *    averaged with its 8 neighbours (as a colour, not as a chroma): random sensor noise, JPEG chroma
 *    noise and the opposite colour fringes the scanner's red/green/blue mis-registration leaves on
 *    both sides of a black stroke cancel out; ink that is really coloured does not.
 * 4. Chroma in CIELAB (the paper as white) of each cell; cells above `chroma` form clusters
 *    (8-connected); a cluster counts when it is at least `minClusterMm2` large and one of its cells
 *    reaches `peakChroma` (isolated coloured fibres and specks do not). The page is colour when the
 *    clusters that count cover `minAreaMm2` or more.
 */

import { DEFAULT_COLOUR_SETTINGS, type ColourMeasure, type ColourSettings, type RgbRaster } from '../../station/src/imaging/colour-content.ts';

const CELL_MM = 0.6;

// sRGB (0..1, in steps of 1/1023, up to 1.25) to linear light
const LIN_STEPS = 1023;
const LIN = new Float32Array(Math.ceil(LIN_STEPS * 1.25) + 1).map((_, i) => {
  const v = i / LIN_STEPS;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
});
// CIELAB's f(t), t in 0..1.6 in steps of 1/4095
const F_STEPS = 4095;
const F = new Float32Array(Math.ceil(F_STEPS * 1.6) + 1).map((_, i) => {
  const t = i / F_STEPS;
  return t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116;
});
const LIN_LAST = LIN.length - 1;
const F_LAST = F.length - 1;
const lin = (v: number) => LIN[v <= 0 ? 0 : v >= 1.25 ? LIN_LAST : (v * LIN_STEPS + 0.5) | 0]!;
const f = (t: number) => F[t <= 0 ? 0 : t >= 1.6 ? F_LAST : (t * F_STEPS + 0.5) | 0]!;

/** CIELAB chroma of a colour (sRGB 0..1 after the paper stretch) with white (1, 1, 1) as the reference white. */
function chromaOf(r: number, g: number, b: number): number {
  const R = lin(r), G = lin(g), B = lin(b);
  // sRGB → XYZ (D65), each divided by the white's own X, Y, Z so that (1,1,1) is exactly white
  const fx = f((0.4124 * R + 0.3576 * G + 0.1805 * B) / 0.9505);
  const fy = f(0.2126 * R + 0.7152 * G + 0.0722 * B);
  const fz = f((0.0193 * R + 0.1192 * G + 0.9505 * B) / 1.089);
  const a = 500 * (fx - fy);
  const bb = 200 * (fy - fz);
  return Math.sqrt(a * a + bb * bb);
}

function percentile(hist: Uint32Array, total: number, p: number): number {
  let acc = 0;
  for (let i = 0; i < hist.length; i++) {
    acc += hist[i]!;
    if (acc >= total * p) return i;
  }
  return hist.length - 1;
}

/** The paper's colour and the ink's black level (luma), from the inner part of the page. */
function paperAndBlack(img: RgbRaster, x0: number, y0: number, x1: number, y1: number): { paper: [number, number, number]; black: [number, number, number] } {
  const { data, width } = img;
  const luma = new Uint32Array(256);
  let total = 0;
  // every other row and column: the paper is most of the page, a quarter of it is plenty
  for (let y = y0; y < y1; y += 2) {
    for (let x = x0, i = (y * width + x0) * 3; x < x1; x += 2, i += 6, total++) luma[(data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29) >> 8]!++;
  }
  const level = percentile(luma, total, 0.9);
  const black = Math.min(60, percentile(luma, total, 0.005));
  const hist = [new Uint32Array(256), new Uint32Array(256), new Uint32Array(256)];
  let n = 0;
  for (let y = y0; y < y1; y += 2) {
    for (let x = x0, i = (y * width + x0) * 3; x < x1; x += 2, i += 6) {
      const l = (data[i]! * 77 + data[i + 1]! * 150 + data[i + 2]! * 29) >> 8;
      if (Math.abs(l - level) > 12) continue;
      hist[0]![data[i]!]!++;
      hist[1]![data[i + 1]!]!++;
      hist[2]![data[i + 2]!]!++;
      n++;
    }
  }
  const paper = hist.map((h) => Math.max(black + 40, percentile(h, n, 0.5))) as [number, number, number];
  // ink darkens the paper under it by the same factor in every channel (it absorbs what the paper
  // reflects), so the black of this paper is the paper's colour scaled down, never the colour of
  // whatever is darkest on the page (a dark blue logo stays blue)
  const paperLuma = (paper[0] * 77 + paper[1] * 150 + paper[2] * 29) / 256;
  return { paper, black: paper.map((p) => (p * black) / paperLuma) as [number, number, number] };
}

interface Shift { y: number; x: number }
const NO_SHIFT: Shift = { y: 0, x: 0 };

/** Byte offsets and weights that read channel `c` moved back by `s` (bilinear): value(p − s). */
function sampler(s: Shift, row: number, c: number): { o: Int32Array; w: Float32Array } {
  const iy = Math.floor(s.y), ty = s.y - iy, ix = Math.floor(s.x), tx = s.x - ix;
  const o = new Int32Array(4), w = new Float32Array(4);
  let k = 0;
  for (const [dy, wy] of [[-iy, 1 - ty], [-iy - 1, ty]] as const) {
    for (const [dx, wx] of [[-ix, 1 - tx], [-ix - 1, tx]] as const) {
      o[k] = dy * row + dx * 3 + c;
      w[k++] = wy * wx;
    }
  }
  return { o, w };
}

const at = (data: Uint8Array, i: number, s: { o: Int32Array; w: Float32Array }) =>
  data[i + s.o[0]!]! * s.w[0]! + data[i + s.o[1]!]! * s.w[1]! + data[i + s.o[2]!]! * s.w[2]! + data[i + s.o[3]!]! * s.w[3]!;

/**
 * Every cell's chroma of a grid, the whole grid at once: each cell's mean colour (float32 running
 * sums of each pixel row's float64 sums, red moved back by `shifts[0]`, blue by `shifts[1]`),
 * stretched, averaged with its 8 neighbours (rows of three, then the rows above and below), its
 * CIELAB chroma. The figures `CellChroma` (its kernel, `cell_chromas`) must give to the last bit.
 */
export function cellChromaReference(img: RgbRaster, grid: { x0: number; y0: number; cell: number; cw: number; ch: number }, black: readonly number[], scale: readonly number[], shifts: readonly [Shift, Shift]): Float32Array {
  const { data, width } = img;
  const { x0, y0, cell, cw, ch } = grid;
  const red = sampler(shifts[0], width * 3, 0), blue = sampler(shifts[1], width * 3, 2);
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

/**
 * How far red and blue sit from green (a colour scanner's sensors see a line at slightly different
 * moments), in raster pixels along y and x: R(p) ≈ G(p + s). Two Gauss–Newton steps of the least
 * squares fit of R(p − s) − G(p) against ∂G over the page. Reading red and blue moved back by s
 * removes the colour fringes on both sides of every black stroke and leaves colour that is really
 * there as it is (s is a pixel or less).
 */
export function registration(img: RgbRaster, x0: number, y0: number, x1: number, y1: number, c: 0 | 2, black: readonly number[], scale: readonly number[]): Shift {
  const { data, width } = img;
  const row = width * 3;
  const sc = scale[c]!, bc = black[c]!, sg = scale[1]!, bg = black[1]!;
  let s = NO_SHIFT;
  for (let step = 0; step < 2; step++) {
    const smp = sampler(s, row, c);
    let gyy = 0, gxx = 0, gxy = 0, vy = 0, vx = 0;
    // two numbers to fit: every third row and every other column are plenty
    for (let y = y0; y < y1; y += 3) {
      for (let x = x0, i = (y * width + x) * 3; x < x1; x += 2, i += 6) {
        // on the stretched channels (paper 1, black 0), where ink on any paper is neutral
        const gy = ((data[i + row + 1]! - data[i - row + 1]!) / 2) * sg;
        const gx = ((data[i + 4]! - data[i - 2]!) / 2) * sg;
        if (gy === 0 && gx === 0) continue;
        const d = (at(data, i, smp) - bc) * sc - (data[i + 1]! - bg) * sg;
        gyy += gy * gy; gxx += gx * gx; gxy += gx * gy;
        vy += d * gy; vx += d * gx;
      }
    }
    const det = gyy * gxx - gxy * gxy;
    if (!(det > 0)) return s;
    const clamp = (v: number) => Math.max(-1.5, Math.min(1.5, v));
    s = { y: clamp(s.y + (vy * gxx - vx * gxy) / det), x: clamp(s.x + (vx * gyy - vy * gxy) / det) };
  }
  return s;
}

/** How much colour the page carries beyond its paper and the scanner's noise; `pxPerMm`: the raster's pixels per millimetre. */
export function measureColourWholePage(img: RgbRaster, pxPerMm: number, s: ColourSettings = DEFAULT_COLOUR_SETTINGS): ColourMeasure {
  const { data, width, height } = img;
  const x0 = Math.floor(width * s.margin);
  const y0 = Math.floor(height * s.margin);
  const x1 = Math.max(x0 + 1, width - x0);
  const y1 = Math.max(y0 + 1, height - y0);
  if (width < 1 || height < 1 || data.length < width * height * 3) return { colour: false, areaMm2: 0, peakChroma: 0, paper: [255, 255, 255] };
  const { paper, black } = paperAndBlack(img, x0, y0, x1, y1);

  // each channel stretched between black and paper; red and blue registered onto green
  const scale = [1 / (paper[0] - black[0]), 1 / (paper[1] - black[1]), 1 / (paper[2] - black[2])];
  // (2 pixels kept clear of the raster's edges for the gradients and the moved reads)
  const rx0 = Math.max(x0, 2), ry0 = Math.max(y0, 2), rx1 = Math.min(x1, width - 2), ry1 = Math.min(y1, height - 2);
  const shifts: [Shift, Shift] = [registration(img, rx0, ry0, rx1, ry1, 0, black, scale), registration(img, rx0, ry0, rx1, ry1, 2, black, scale)];

  // cells of ~0.5 mm; no whole cell: every cell is the black (its chroma 0)
  const cell = Math.max(1, Math.ceil(pxPerMm * CELL_MM));
  const cw = Math.max(1, Math.floor((rx1 - rx0) / cell));
  const ch = Math.max(1, Math.floor((ry1 - ry0) / cell));
  const chroma = rx1 - rx0 >= cell && ry1 - ry0 >= cell ? cellChromaReference(img, { x0: rx0, y0: ry0, cell, cw, ch }, black, scale, shifts) : new Float32Array(cw * ch);

  // clusters of chromatic cells
  const cellMm2 = (cell / pxPerMm) ** 2;
  const seen = new Uint8Array(cw * ch);
  const stack: number[] = [];
  let area = 0;
  let peak = 0;
  for (let start = 0; start < chroma.length; start++) {
    if (seen[start] || chroma[start]! < s.chroma) continue;
    seen[start] = 1;
    stack.push(start);
    let cells = 0;
    let top = 0;
    while (stack.length > 0) {
      const c = stack.pop()!;
      cells++;
      top = Math.max(top, chroma[c]!);
      const cx = c % cw;
      const cy = (c - cx) / cw;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = cy + dy;
        if (yy < 0 || yy >= ch) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = cx + dx;
          if (xx < 0 || xx >= cw) continue;
          const k = yy * cw + xx;
          if (seen[k] || chroma[k]! < s.chroma) continue;
          seen[k] = 1;
          stack.push(k);
        }
      }
    }
    if (cells * cellMm2 < s.minClusterMm2) continue;
    peak = Math.max(peak, top);
    if (top >= s.peakChroma) area += cells * cellMm2;
  }
  return { colour: area >= s.minAreaMm2, areaMm2: Math.round(area * 10) / 10, peakChroma: Math.round(peak * 10) / 10, paper };
}
