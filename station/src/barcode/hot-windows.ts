/**
 * The hot windows of a page's cell grid (`symbol-cores.ts`), found by a WebAssembly kernel
 * (`wasm/hot-windows.wat`): every window's sum slid along, and the few that pass the first test
 * looked at closer. The same windows as the JavaScript it replaces (the same float64 comparisons),
 * 0.3 → 0.1 ms a dense letter's 37,000 windows.
 */
import type { CellGrid } from './dense-patch.ts';
import { WASM_BASE64 } from '../wasm/hot-windows.wasm.ts';
import { loadKernel, type WasmKernel } from '../wasm/wasm-kernel.ts';

interface HotFns {
  hot_windows(sums: number, peaks: number, col: number, out: number, cw: number, ch: number, s: number, floor: number, dark: number, core: number, solid: number, area: number): number;
}

/** What makes a window hot (`hot-windows.wat`): its sum reaches `floor`, and `dark` or its mean over `core` beyond every cell's peak; below `solid` · (peaks summed) · area. */
export interface HotTests {
  floor: number;
  dark: number;
  core: number;
  solid: number;
}

let kernel: WasmKernel<HotFns> | undefined;

/** The top-left cells of the hot windows of `s` × `s` cells (2 ≤ s ≤ the grid's sides), row by row. */
export function hotWindows(g: CellGrid, s: number, t: HotTests): Int32Array {
  const k = (kernel ??= loadKernel<HotFns>(WASM_BASE64));
  const n = g.cw * g.ch;
  const peaksAt = 4 * n;
  const colAt = (peaksAt + n + 15) & ~15;
  const outAt = colAt + 4 * g.cw + 16;
  k.reserve(outAt + 4 * (g.cw - s + 1) * (g.ch - s + 1));
  const mem = k.bytes();
  new Int32Array(mem.buffer, 0, n).set(g.sum.subarray(0, n));
  mem.set(g.peak.subarray(0, n), peaksAt);
  const found = k.fns.hot_windows(0, peaksAt, colAt, outAt, g.cw, g.ch, s, t.floor, t.dark, t.core, t.solid, g.area);
  return new Int32Array(k.bytes().buffer.slice(outAt, outAt + 4 * found));
}
