/**
 * The colour measure's passes over a preview in a WebAssembly kernel (`wasm/colour-passes.wat`):
 * the paper's histograms (`colour-content.ts`), the two registration steps' sums and the exact
 * cells' chromas (`colour-cells.ts`). The preview is copied into the kernel's memory once a page
 * (`colourPasses`, the memory shared with the screen and the gray preview: `preview-memory.ts`) and
 * read there by all. The sums are those of the JavaScript loops they replace,
 * to the last bit (see the .wat). A page's passes run only while the kernel holds it (they throw
 * once another page was copied in).
 */
import type { RgbRaster } from './colour-content.ts';
import type { CellGrid } from './colour-cells.ts';
import { CHROMA_TABLES } from './colour-lab.ts';
import { GRAY_AT, heldPage, holdPreview, SCREEN_AT, scratchAt, type PreviewKernels } from './preview-memory.ts';

// the kernel's memory layout (see the .wat); the preview at PREVIEW_AT of the memory it shares (`preview-memory.ts`)
const JOINT_AT = 1024, TABLES_AT = 787456, PARAMS_AT = 799744, SUMS_AT = 799872, CELL_AT = 799936;
/** Entries (f64) of the tables: green differences, then green's, red's, blue's stretched values. */
const G_AT = 512, R_AT = 768, B_AT = 1024;
/** `chromaOf`'s tables (f32), after the screen's header (512 bytes) and before the gray tones' tables. */
const CHROMA_TABLES_AT = SCREEN_AT + 512, F_TABLE_AT = CHROMA_TABLES_AT + CHROMA_TABLES.lin.length * 4;
if (F_TABLE_AT + CHROMA_TABLES.f.length * 4 > GRAY_AT) throw new Error('colour passes: the chroma tables overlap the gray tones\' tables');

/** The kernels whose memory holds the chroma's tables. */
let tablesIn: PreviewKernels | undefined;
/** The kernels whose counts `count` left and no `clearCounts` zeroed yet (a caller that skipped it, or threw before). */
let countsLeftIn: PreviewKernels | undefined;

/** `chromaOf`'s tables (f32) in the kernels' memory (once a memory), for the exact cells: where they are, and their last indices. */
function chromaTablesIn(k: PreviewKernels): { lin: number; f: number; linLast: number; fLast: number } {
  if (tablesIn !== k) {
    new Float32Array(k.bytes().buffer, CHROMA_TABLES_AT, CHROMA_TABLES.lin.length).set(CHROMA_TABLES.lin);
    new Float32Array(k.bytes().buffer, F_TABLE_AT, CHROMA_TABLES.f.length).set(CHROMA_TABLES.f);
    tablesIn = k;
  }
  return { lin: CHROMA_TABLES_AT, f: F_TABLE_AT, linLast: CHROMA_TABLES.lin.length - 1, fLast: CHROMA_TABLES.f.length - 1 };
}

/** Zeroes the luma counts and the joint counts in the lumas found (the rest are zero already). */
function clearCountsOf(k: PreviewKernels): void {
  const u32 = new Uint32Array(k.bytes().buffer, 0, JOINT_AT / 4 + 3 * 65536);
  for (let l = 0; l < 256; l++) if (u32[l]) for (let c = 0; c < 3; c++) u32.fill(0, 256 + ((c << 16) | (l << 8)), 256 + ((c << 16) | (l << 8)) + 256);
  u32.fill(0, 0, 256);
  countsLeftIn = undefined;
}

/** Red's and blue's byte offsets (i32 × 8) at `at`, their weights after them interleaved, red's then blue's (f64 × 8). */
function setReads(mem: Uint8Array, at: number, reads: ArrayLike<number>, weights: ArrayLike<number>): void {
  new Int32Array(mem.buffer, at, 8).set(Array.from(reads));
  const p = new Float64Array(mem.buffer, at + 32, 8);
  for (let j = 0; j < 4; j++) { p[2 * j] = weights[j]!; p[2 * j + 1] = weights[4 + j]!; }
}

/** A page's preview in the kernel, with the passes over it. Valid until the next `colourPasses`. */
export interface ColourPasses {
  /**
   * The paper pass over every other pixel of `n` from (x0, y0), every other row below `y1`: the
   * luma counts (256) and the channels' values by luma ([c · 65536 + luma · 256 + value]); counts
   * an earlier call left (this page's or another's, `clearCounts` skipped) are zeroed first.
   */
  count(x0: number, y0: number, y1: number, n: number): { luma: Uint32Array; joint: Uint32Array };
  /** Zeroes what `count` counted (the joint counts only in the lumas it found). */
  clearCounts(): void;
  /** The registration steps with each channel stretched by `black` and `scale` (the tables they read filled). */
  registration(black: ArrayLike<number>, scale: ArrayLike<number>): RegistrationSteps;
  /** Whether the kernel still holds this page (no `colourPasses` since). */
  current(): boolean;
  /**
   * The chroma (`CellChroma.at`, as float32) of the cells `list[0..count)` of `grid`, each channel
   * stretched by `black` and `scale`, red and blue read at byte offsets `reads` (red's four, blue's)
   * with `weights` (red's four, blue's): one kernel call, each cell's mean colour (float32 running
   * sums of each pixel row's float64 sums) and row of three worked out once in it
   * (`colour-passes.wat`). The array returned is valid until the kernel is next used. Only while
   * `current()`.
   */
  cellChromas(grid: CellGrid, black: ArrayLike<number>, scale: ArrayLike<number>, reads: ArrayLike<number>, weights: ArrayLike<number>, list: Int32Array, count: number): Float32Array;
}

export interface RegistrationSteps {
  /** Step 1 over every other pixel of `n` from (x0, y0), every third row below `y1`: gyy, gxx, gxy, red's sums along y and x, blue's. */
  firstStep(x0: number, y0: number, y1: number, n: number): Float64Array;
  /**
   * Step 2 over the same pixels with red and blue read at byte offsets `reads` (red's four, blue's)
   * with `weights` (red's four, blue's): red's sums along y and x, blue's.
   */
  secondStep(x0: number, y0: number, y1: number, n: number, reads: ArrayLike<number>, weights: ArrayLike<number>): Float64Array;
}

/**
 * `img`'s pixels in the kernel (one copy a thread: the previous page's passes are no longer valid;
 * not copied again when held already within `sharingPreviews`).
 */
export function colourPasses(img: RgbRaster): ColourPasses {
  const { k, page: mine } = holdPreview(img, 0);
  const f64 = () => new Float64Array(k.bytes().buffer, TABLES_AT, (SUMS_AT + 56 - TABLES_AT) / 8);
  const { width, height } = img;
  const held = () => {
    if (heldPage() !== mine) throw new Error('colourPasses: the kernel holds another page now');
  };
  return {
    count(x0, y0, y1, n) {
      held();
      if (countsLeftIn === k) clearCountsOf(k);
      const u32 = new Uint32Array(k.bytes().buffer, 0, JOINT_AT / 4 + 3 * 65536);
      countsLeftIn = k;
      k.passes.count(width, x0, y0, y1, n);
      return { luma: u32.subarray(0, 256), joint: u32.subarray(256) };
    },
    clearCounts() {
      if (countsLeftIn === k) clearCountsOf(k);
    },
    registration(black, scale) {
      held();
      const t = f64();
      const sg = scale[1]!, sr = scale[0]!, sb = scale[2]!, bg = black[1]!, br = black[0]!, bb = black[2]!;
      for (let d = 0; d < 511; d++) t[d] = ((d - 255) / 2) * sg;
      for (let v = 0; v < 256; v++) {
        t[G_AT + v] = (v - bg) * sg;
        t[R_AT + v] = (v - br) * sr;
        t[B_AT + v] = (v - bb) * sb;
      }
      return {
        firstStep(x0, y0, y1, n) {
          held();
          k.passes.first_step(width, x0, y0, y1, n);
          return f64().slice((SUMS_AT - TABLES_AT) / 8);
        },
        secondStep(x0, y0, y1, n, reads, weights) {
          held();
          const mem = k.bytes();
          setReads(mem, PARAMS_AT, reads, weights);
          new Float64Array(mem.buffer, PARAMS_AT + 32 + 64, 4).set([br, bb, sr, sb]);
          k.passes.second_step(width, x0, y0, y1, n);
          return f64().slice((SUMS_AT - TABLES_AT) / 8 + 3);
        },
      };
    },
    current: () => heldPage() === mine,
    cellChromas(grid, black, scale, reads, weights, list, count) {
      held();
      const { cw, ch } = grid, n = cw * ch;
      // past the preview, in the kernels' scratch (`scratchAt`): the header, a byte of flags a cell,
      // the means and the rows of three (3 f32 a cell), the list, the chromas; the means 8-aligned
      // arithmetically, as `scratchAt` (`& ~7` wrapped a grid claiming 2^31 cells to a negative offset)
      const head = scratchAt(width * height * 3), flags = head + 128, means = Math.ceil((flags + n) / 8) * 8, across = means + n * 12;
      const at = across + n * 12, out = at + count * 4;
      k.reserve(out + count * 4);
      const tables = chromaTablesIn(k);
      const mem = k.bytes();
      setReads(mem, CELL_AT, reads, weights);
      new Int32Array(mem.buffer, head, 13).set([grid.x0, grid.y0, grid.cell, cw, ch, width, flags, means, across,
        tables.lin, tables.f, tables.linLast, tables.fLast]);
      new Float64Array(mem.buffer, head + 64, 7).set([1 / (grid.cell * grid.cell), black[0]!, black[1]!, black[2]!, scale[0]!, scale[1]!, scale[2]!]);
      new Int32Array(mem.buffer, at, count).set(list.subarray(0, count));
      k.passes.cell_chromas(head, at, count, out);
      return new Float32Array(k.bytes().buffer, out, count);
    },
  };
}
