import type { QuarterTurn } from './pdf-page-image.ts';

/** A PDF transformation matrix [a b c d e f]. */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** `m` applied first, then `n` (PDF: a `cm` operand times the current matrix). */
export function multiply(m: Matrix, n: Matrix): Matrix {
  const [a, b, c, d, e, f] = m;
  const [a2, b2, c2, d2, e2, f2] = n;
  return [a * a2 + b * c2, a * b2 + b * d2, c * a2 + d * c2, c * b2 + d * d2, e * a2 + f * c2 + e2, e * b2 + f * d2 + f2];
}

export interface Placement {
  dpiX: number;
  dpiY: number;
  rotation: QuarterTurn;
}

export interface PageBox {
  /** Lower left corner of the visible box (CropBox, else MediaBox) in default user space. */
  x: number;
  y: number;
  /** Its size in points, unrotated. */
  width: number;
  height: number;
  /** The page's /Rotate, clockwise. */
  rotate: number;
  userUnit: number;
}

/** How far (share of the page side) an image edge may lie from the page edge and still count as filling it. */
export const FILL_TOLERANCE = 0.02;

/**
 * Resolution and orientation of an image drawn with `ctm` (the image fills the unit square).
 * Undefined when the image is skewed, turned by other than a quarter turn, or mirrored: such a
 * page is rendered rather than handed on with a misleading orientation. An image that fills the
 * page (within FILL_TOLERANCE) gets the resolution that makes it exactly the page's size.
 */
export function placeImage(ctm: Matrix, widthPx: number, heightPx: number, box: PageBox): Placement | undefined {
  const [a, b, c, d] = ctm;
  const scale = Math.max(Math.abs(a), Math.abs(b), Math.abs(c), Math.abs(d));
  const tiny = scale * 1e-3;
  const axisAligned = Math.abs(b) <= tiny && Math.abs(c) <= tiny;
  const quarterTurned = Math.abs(a) <= tiny && Math.abs(d) <= tiny;
  if (scale === 0 || !(axisAligned || quarterTurned)) return undefined;
  if (a * d - b * c < 0) return undefined; // mirrored
  // Image rows run from the top of the unit square; its x axis is (a, b) in page space (y up).
  const angle = Math.round((Math.atan2(b, a) * 180) / Math.PI / 90) * 90;
  const rotation = toQuarterTurn(box.rotate - angle);
  let drawnX = Math.hypot(a, b) * box.userUnit;
  let drawnY = Math.hypot(c, d) * box.userUnit;
  if (drawnX <= 1 || drawnY <= 1 || fillsPage(ctm, box)) {
    // No real transform (an image one point wide, e.g. a missing `cm`): assume it fills the page.
    const sideways = angle % 180 !== 0;
    drawnX = (sideways ? box.height : box.width) * box.userUnit;
    drawnY = (sideways ? box.width : box.height) * box.userUnit;
  }
  return { dpiX: round2((widthPx * 72) / drawnX), dpiY: round2((heightPx * 72) / drawnY), rotation };
}

/** Whether the unit square drawn with `ctm` covers the page box (CropBox), each edge within FILL_TOLERANCE of the box's. */
export function fillsPage(ctm: Matrix, box: PageBox): boolean {
  const [a, b, c, d, e, f] = ctm;
  if (Math.hypot(a, b) <= 1 || Math.hypot(c, d) <= 1) return true; // no real transform: taken as filling the page (see placeImage)
  const xs = [e, a + e, c + e, a + c + e];
  const ys = [f, b + f, d + f, b + d + f];
  const dx = FILL_TOLERANCE * box.width;
  const dy = FILL_TOLERANCE * box.height;
  return (
    Math.abs(Math.min(...xs) - box.x) <= dx &&
    Math.abs(Math.max(...xs) - (box.x + box.width)) <= dx &&
    Math.abs(Math.min(...ys) - box.y) <= dy &&
    Math.abs(Math.max(...ys) - (box.y + box.height)) <= dy
  );
}

export function toQuarterTurn(degrees: number): QuarterTurn {
  const q = ((Math.round(degrees / 90) * 90) % 360 + 360) % 360;
  return q as QuarterTurn;
}

const round2 = (v: number): number => Math.round(v * 100) / 100;
