/**
 * A cheap look for barcode-like regions on a small grayscale preview: blocks where the image
 * changes strongly in one direction and hardly in the other (parallel bars), forming a large
 * connected patch. Text changes in both directions; ruled lines are too thin to make a patch.
 * Each patch large enough is handed back as a region (its box and which way its bars run), so a
 * closer look can read that window alone at full resolution instead of the whole page. Pure function.
 */
import { holdShape } from './box-shapes.ts';
import { grayPasses } from '../imaging/gray-passes.ts';
import type { PatchBox } from './dense-patch.ts';
import type { GrayImage } from './zxing-reader.ts';

/** The block side in preview pixels: the one the WebAssembly kernel sums (`gray-passes.ts`' `barChanges`). */
export const LOCATOR_BLOCK = 8;

export interface LocatorOptions {
  /** Mean absolute difference per pixel a block needs along its bars' normal. */
  minEdge: number;
  /** How much stronger the change across the bars must be than along them. */
  ratio: number;
  /** Blocks a bar patch needs to count as a barcode. */
  minBlocks: number;
}

export const DEFAULT_LOCATOR: LocatorOptions = { minEdge: 12, ratio: 2.5, minBlocks: 24 };

/** Where bars were seen, in preview pixels: `vertical` bars make a symbol read left to right (upright or upside down), `horizontal` ones a symbol turned sideways. */
export interface BarRegion {
  x: number;
  y: number;
  width: number;
  height: number;
  bars: 'vertical' | 'horizontal';
  /** Blocks the patch is made of. */
  blocks: number;
}

export interface LocatorResult {
  candidate: boolean;
  /** Size in blocks of the largest bar patch. */
  largestPatch: number;
  /** Every bar patch of at least `minBlocks` blocks, largest first. */
  regions: BarRegion[];
  /** Per block (`bw` × `bh`, row-major): 1 bars running down, 2 bars running across, 3 strong change both ways (modules, print), 0 neither. */
  blocks?: { kind: Uint8Array; bw: number; bh: number };
}

export function locateBarcodeLike(img: GrayImage, o: LocatorOptions = DEFAULT_LOCATOR): LocatorResult {
  const { width, height } = img;
  const bw = Math.floor((width - 2) / LOCATOR_BLOCK);
  const bh = Math.floor((height - 2) / LOCATOR_BLOCK);
  // the same fields as a page's result (`blocks` absent): one hidden class for both, so the look's code meets one
  if (bw < 2 || bh < 2) return { candidate: false, largestPatch: 0, regions: [], blocks: undefined };
  const kind = classifyBlocks(img, o, bw, bh);
  // 4-connected patches of one kind that are at least three blocks deep across their bars
  // (a ruled line or an underline is one or two blocks deep)
  let largest = 0;
  const pieces: BarRegion[] = [];
  const flood = new BlockFlood(kind, bw, bh);
  for (let start = 0; start < kind.length; start++) {
    const k = kind[start]!;
    if (k === 0 || k === 3 || flood.seen[start]) continue;
    const size = flood.patch(start);
    const { minX, maxX, minY, maxY } = flood;
    const across = k === 1 ? maxX - minX + 1 : maxY - minY + 1;
    if (across < 3) continue;
    if (size > largest) largest = size;
    if (size >= o.minBlocks * PIECE) {
      pieces.push({ x: minX * LOCATOR_BLOCK, y: minY * LOCATOR_BLOCK, width: (maxX - minX + 1) * LOCATOR_BLOCK, height: (maxY - minY + 1) * LOCATOR_BLOCK, bars: k === 1 ? 'vertical' : 'horizontal', blocks: size });
    }
  }
  // a literal and pushes, not `filter` (one kind of array, empty or not: `joinPieces`)
  const regions: BarRegion[] = [];
  for (const r of joinPieces(pieces)) if (r.blocks >= o.minBlocks) regions.push(r);
  regions.sort((a, b) => b.blocks - a.blocks);
  return { candidate: regions.length > 0, largestPatch: largest, regions, blocks: { kind, bw, bh } };
}

/**
 * The patches (preview pixels, 4-connected) of blocks that change strongly both ways: where a 2D
 * symbol's modules are, and print. Asked only on a separator sheet (`preview-look.ts`): a few
 * hundredths of a millisecond there, 0.1–0.2 ms on a page of text, whose print is such blocks.
 */
export function texturedPatches(r: LocatorResult): PatchBox[] {
  if (!r.blocks) return [];
  const { kind, bw, bh } = r.blocks;
  const flood = new BlockFlood(kind, bw, bh);
  const out: PatchBox[] = [];
  for (let start = 0; start < kind.length; start++) {
    if (kind[start] !== 3 || flood.seen[start]) continue;
    flood.patch(start);
    const { minX, maxX, minY, maxY } = flood;
    out.push({ x: minX * LOCATOR_BLOCK, y: minY * LOCATOR_BLOCK, width: (maxX - minX + 1) * LOCATOR_BLOCK, height: (maxY - minY + 1) * LOCATOR_BLOCK });
  }
  return out;
}

/**
 * The 4-connected patches of blocks of one kind, one at a time: one stack for every patch and no
 * closure per block (under tsx each closure created is also named (Object.defineProperty), 3 ms a page).
 */
class BlockFlood {
  readonly seen: Uint8Array;
  private readonly stack: Int32Array;
  /** The last patch's box, in blocks. */
  minX = 0;
  maxX = 0;
  minY = 0;
  maxY = 0;

  constructor(private readonly kind: Uint8Array, private readonly bw: number, private readonly bh: number) {
    this.seen = new Uint8Array(bw * bh);
    this.stack = new Int32Array(bw * bh);
  }

  /** The patch of block `start`'s kind that holds it (not yet seen): its blocks, its box in `minX`…`maxY`. */
  patch(start: number): number {
    const { kind, seen, stack, bw, bh } = this;
    const k = kind[start]!;
    let size = 0;
    let minX = bw, maxX = -1, minY = bh, maxY = -1;
    let top = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const cur = stack[--top]!;
      size++;
      const cx = cur % bw;
      const cy = (cur - cx) / bw;
      if (cx < minX) minX = cx;
      if (cx > maxX) maxX = cx;
      if (cy < minY) minY = cy;
      if (cy > maxY) maxY = cy;
      if (cx > 0) top = visit(cur - 1, k, kind, seen, stack, top);
      if (cx < bw - 1) top = visit(cur + 1, k, kind, seen, stack, top);
      if (cy > 0) top = visit(cur - bw, k, kind, seen, stack, top);
      if (cy < bh - 1) top = visit(cur + bw, k, kind, seen, stack, top);
    }
    this.minX = minX;
    this.maxX = maxX;
    this.minY = minY;
    this.maxY = maxY;
    return size;
  }
}

// a flood held for the thread's life: its class outlives every page (`holdShape`)
holdShape(new BlockFlood(new Uint8Array(1), 1, 1));

/** Pushes block `n` when it is of kind `k` and not yet seen; returns the stack's new height. */
function visit(n: number, k: number, kind: Uint8Array, seen: Uint8Array, stack: Int32Array, top: number): number {
  if (seen[n] || kind[n] !== k) return top;
  seen[n] = 1;
  stack[top] = n;
  return top + 1;
}

/** A patch this share of `minBlocks` may be part of a symbol whose bars the preview broke (a wide space, a faded bar). */
const PIECE = 0.25;
/** Pieces this many blocks apart along the symbol, side by side across it, are one symbol. */
const JOIN_GAP = 2;

/** Joins pieces with bars the same way that lie end to end along the symbol (gap ≤ JOIN_GAP blocks, mostly side by side). */
function joinPieces(pieces: BarRegion[]): BarRegion[] {
  // a literal and pushes, not `map`: an empty list and a full one are the same kind of array
  // (V8 remembers the kind an array made here ended up), so the loops below meet one class of array
  const out: BarRegion[] = [];
  for (const p of pieces) out.push({ x: p.x, y: p.y, width: p.width, height: p.height, bars: p.bars, blocks: p.blocks });
  for (let joined = true; joined; ) {
    joined = false;
    for (let i = 0; i < out.length && !joined; i++) {
      for (let j = i + 1; j < out.length && !joined; j++) {
        const a = out[i]!;
        const b = out[j]!;
        if (a.bars !== b.bars || !endToEnd(a, b)) continue;
        const x = Math.min(a.x, b.x);
        const y = Math.min(a.y, b.y);
        out[i] = { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y, bars: a.bars, blocks: a.blocks + b.blocks };
        out.splice(j, 1);
        joined = true;
      }
    }
  }
  return out;
}

function endToEnd(a: BarRegion, b: BarRegion): boolean {
  // along: the axis the symbol runs on (across its bars); side: the bars' own direction
  const [a0, a1, b0, b1, s0, s1, t0, t1] = a.bars === 'vertical'
    ? [a.x, a.x + a.width, b.x, b.x + b.width, a.y, a.y + a.height, b.y, b.y + b.height]
    : [a.y, a.y + a.height, b.y, b.y + b.height, a.x, a.x + a.width, b.x, b.x + b.width];
  const gap = Math.max(a0, b0) - Math.min(a1, b1);
  const side = Math.min(s1, t1) - Math.max(s0, t0);
  return gap <= JOIN_GAP * LOCATOR_BLOCK && side >= 0.5 * Math.min(s1 - s0, t1 - t0);
}

/** Per block: 1 = vertical bars (change along x), 2 = horizontal bars (change along y), 3 = strong change both ways, 0 = neither. */
function classifyBlocks(img: GrayImage, o: LocatorOptions, bw: number, bh: number): Uint8Array {
  const { sx, sy } = grayPasses(img).barChanges(bw, bh);
  const kind = new Uint8Array(bw * bh);
  const ratio = o.ratio;
  const minSum = (o.minEdge * LOCATOR_BLOCK * LOCATOR_BLOCK) / 4; // one sample per 2×2 pixels
  for (let k = 0; k < kind.length; k++) {
    const x = sx[k]!;
    const y = sy[k]!;
    if (x >= minSum && x >= ratio * y) kind[k] = 1;
    else if (y >= minSum && y >= ratio * x) kind[k] = 2;
    else if (x >= minSum && y >= minSum) kind[k] = 3;
  }
  return kind;
}
