/**
 * The blobs of a page's inked cells (`dense-patch.ts`): cells joined when they touch by a side or a
 * corner (8-connected), each blob with its cells, their summed darkness, its darkest cell and its box.
 * Found run by run: each row's runs of inked cells, joined to the runs of the row above that touch them
 * (union-find), so a line of text costs a few runs instead of a visit to each cell and its eight
 * neighbours (0.9 → 0.2 ms on a dense letter's 165 × 234 cells). Pure.
 */

export interface CellBlob {
  cells: number;
  /** Summed darkness of its cells. */
  total: number;
  /** Its darkest cell's peak. */
  darkest: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

export interface CellMeasures {
  /** Per cell (row-major, `cw` × `ch`): summed darkness and darkest sample. */
  sum: Int32Array;
  peak: Uint8Array;
  cw: number;
  ch: number;
}

/**
 * The blobs of the cells whose `sum` reaches `minSum` or whose `peak` reaches `minPeak`, in the order
 * of their first cell (row by row, left to right).
 */
export function cellBlobs(g: CellMeasures, minSum: number, minPeak: number): CellBlob[] {
  // at most one run every other cell of a row
  const r = scratch(((g.cw + 1) >> 1) * g.ch);
  return rootBlobs(r, joinRuns(g, minSum, minPeak, r));
}

/**
 * Every row's runs of inked cells into `r`, each joined to the runs above that touch it; returns
 * how many runs. Its own function, ending at its loop: V8 compiles the loop while it runs (on-stack
 * replacement), and such code went on past the loop into code that had never run (no type feedback)
 * and stopped there, page after page (a deoptimisation loop: 12–27 in a 200-page run).
 */
function joinRuns(g: CellMeasures, minSum: number, minPeak: number, r: RunStats): number {
  const { sum, peak, cw, ch } = g;
  const { parent, from, to } = r;
  let n = 0;
  let above0 = 0;
  let above1 = 0;
  for (let y = 0; y < ch; y++) {
    const row = y * cw;
    const first = n;
    let q0 = above0;
    for (let x = 0; x < cw; x++) {
      if (sum[row + x]! < minSum && peak[row + x]! < minPeak) continue;
      const a = x;
      let total = 0;
      let darkest = 0;
      for (; x < cw && (sum[row + x]! >= minSum || peak[row + x]! >= minPeak); x++) {
        total += sum[row + x]!;
        if (peak[row + x]! > darkest) darkest = peak[row + x]!;
      }
      const b = x - 1;
      const run = n++;
      parent[run] = run;
      from[run] = a;
      to[run] = b;
      r.cells[run] = b - a + 1;
      r.total[run] = total;
      r.darkest[run] = darkest;
      r.minX[run] = a;
      r.maxX[run] = b;
      r.minY[run] = y;
      r.maxY[run] = y;
      // the runs above that touch this one: their columns within one of its own
      while (q0 < above1 && to[q0]! < a - 1) q0++;
      for (let q = q0; q < above1 && from[q]! <= b + 1; q++) join(parent, r, q, run);
    }
    above0 = first;
    above1 = n;
  }
  return n;
}

/** The blobs of the first `n` runs' roots. */
function rootBlobs(r: RunStats, n: number): CellBlob[] {
  const blobs: CellBlob[] = [];
  const parent = r.parent;
  // a blob's root is its first run (`join` keeps the smaller), which holds its first cell
  for (let k = 0; k < n; k++) {
    if (parent[k] !== k) continue;
    blobs.push({ cells: r.cells[k]!, total: r.total[k]!, darkest: r.darkest[k]!, minX: r.minX[k]!, maxX: r.maxX[k]!, minY: r.minY[k]!, maxY: r.maxY[k]! });
  }
  return blobs;
}

/** Per run, and for a root run its whole blob's: the measures `CellBlob` holds; the runs' parents and columns. */
interface RunStats {
  parent: Int32Array;
  from: Int32Array;
  to: Int32Array;
  cells: Int32Array;
  total: Float64Array;
  darkest: Int32Array;
  minX: Int32Array;
  maxX: Int32Array;
  minY: Int32Array;
  maxY: Int32Array;
}

/** The arrays for `runs` runs, kept from call to call (every entry used is written first): no 0.5 MB to allocate and clear a page. */
let kept: RunStats | undefined;

function scratch(runs: number): RunStats {
  if (kept && kept.parent.length >= runs) return kept;
  const i32 = () => new Int32Array(runs);
  return (kept = { parent: i32(), from: i32(), to: i32(), cells: i32(), total: new Float64Array(runs), darkest: i32(), minX: i32(), maxX: i32(), minY: i32(), maxY: i32() });
}

function root(parent: Int32Array, k: number): number {
  while (parent[k] !== k) {
    const up = parent[parent[k]!]!;
    parent[k] = up;
    k = up;
  }
  return k;
}

/** Joins the blobs of runs `a` and `b`: the smaller root stays the root, the other's measures added to its. */
function join(parent: Int32Array, r: RunStats, a: number, b: number): void {
  const ra = root(parent, a);
  const rb = root(parent, b);
  if (ra === rb) return;
  const lo = ra < rb ? ra : rb;
  const hi = ra < rb ? rb : ra;
  parent[hi] = lo;
  r.cells[lo]! += r.cells[hi]!;
  r.total[lo]! += r.total[hi]!;
  if (r.darkest[hi]! > r.darkest[lo]!) r.darkest[lo] = r.darkest[hi]!;
  if (r.minX[hi]! < r.minX[lo]!) r.minX[lo] = r.minX[hi]!;
  if (r.maxX[hi]! > r.maxX[lo]!) r.maxX[lo] = r.maxX[hi]!;
  if (r.minY[hi]! < r.minY[lo]!) r.minY[lo] = r.minY[hi]!;
  if (r.maxY[hi]! > r.maxY[lo]!) r.maxY[lo] = r.maxY[hi]!;
}
