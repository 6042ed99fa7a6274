/**
 * A cheap look for barcode-like regions on a small grayscale preview: blocks where the image
 * changes strongly in one direction and hardly in the other (parallel bars), forming a large
 * connected patch. Text changes in both directions; ruled lines are too thin to make a patch.
 * Used only to decide whether a page deserves a higher-resolution barcode read. Pure function.
 */
import type { GrayImage } from './zxing-reader.ts';

export interface LocatorOptions {
  /** Block side in preview pixels. */
  block: number;
  /** Mean absolute difference per pixel a block needs along its bars' normal. */
  minEdge: number;
  /** How much stronger the change across the bars must be than along them. */
  ratio: number;
  /** Blocks a bar patch needs to count as a barcode. */
  minBlocks: number;
}

export const DEFAULT_LOCATOR: LocatorOptions = { block: 8, minEdge: 12, ratio: 2.5, minBlocks: 24 };

export interface LocatorResult {
  candidate: boolean;
  /** Size in blocks of the largest bar patch. */
  largestPatch: number;
}

export function locateBarcodeLike(img: GrayImage, o: LocatorOptions = DEFAULT_LOCATOR): LocatorResult {
  const { data, width, height } = img;
  // differences are taken over two pixels on a two-pixel lattice, so every edge between two
  // rows (or columns) is seen whatever its parity, and both directions weigh the same
  const bw = Math.floor((width - 2) / o.block);
  const bh = Math.floor((height - 2) / o.block);
  if (bw < 2 || bh < 2) return { candidate: false, largestPatch: 0 };
  // 1 = vertical bars (change along x), 2 = horizontal bars (change along y)
  const kind = new Uint8Array(bw * bh);
  const minSum = (o.minEdge * o.block * o.block) / 4; // one sample per 2×2 pixels
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let sx = 0;
      let sy = 0;
      const y0 = by * o.block;
      const x0 = bx * o.block;
      for (let y = y0; y < y0 + o.block; y += 2) {
        let i = y * width + x0;
        const end = i + o.block;
        for (; i < end; i += 2) {
          const v = data[i]!;
          const dx = data[i + 2]! - v;
          const dy = data[i + 2 * width]! - v;
          sx += dx < 0 ? -dx : dx;
          sy += dy < 0 ? -dy : dy;
        }
      }
      if (sx >= minSum && sx >= o.ratio * sy) kind[by * bw + bx] = 1;
      else if (sy >= minSum && sy >= o.ratio * sx) kind[by * bw + bx] = 2;
    }
  }
  // largest 4-connected patch of one kind that is at least three blocks deep across its bars
  // (a ruled line or an underline is one or two blocks deep)
  let largest = 0;
  const seen = new Uint8Array(bw * bh);
  const stack: number[] = [];
  for (let start = 0; start < kind.length; start++) {
    const k = kind[start]!;
    if (k === 0 || seen[start]) continue;
    let size = 0;
    let minX = bw, maxX = -1, minY = bh, maxY = -1;
    stack.push(start);
    seen[start] = 1;
    while (stack.length > 0) {
      const cur = stack.pop()!;
      size++;
      const cx = cur % bw;
      const cy = (cur - cx) / bw;
      if (cx < minX) minX = cx;
      if (cx > maxX) maxX = cx;
      if (cy < minY) minY = cy;
      if (cy > maxY) maxY = cy;
      if (cx > 0) visit(cur - 1);
      if (cx < bw - 1) visit(cur + 1);
      if (cy > 0) visit(cur - bw);
      if (cy < bh - 1) visit(cur + bw);
    }
    const across = k === 1 ? maxX - minX + 1 : maxY - minY + 1;
    if (across >= 3 && size > largest) largest = size;
    function visit(n: number) {
      if (!seen[n] && kind[n] === k) {
        seen[n] = 1;
        stack.push(n);
      }
    }
  }
  return { candidate: largest >= o.minBlocks, largestPatch: largest };
}
