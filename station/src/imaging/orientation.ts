/**
 * The TIFF/EXIF Orientation tag (1–8): where row 0 and column 0 of the stored image belong on the
 * page. A quarter turn can be left to the PDF page (/Rotate, the image data untouched); a mirrored
 * orientation needs the pixels moved (`orientPixels`).
 */

/** Clockwise turn a viewer applies to show a stored image upright, for orientations without mirroring. */
export function turnOf(orientation: number): 0 | 90 | 180 | 270 | null {
  switch (orientation) {
    case 1: return 0;
    case 3: return 180;
    case 6: return 90;
    case 8: return 270;
    default: return null; // 2, 4, 5, 7: mirrored
  }
}

/** True when the upright page is the stored image turned a quarter (width and height swap). */
export function swapsSides(orientation: number): boolean {
  return orientation >= 5 && orientation <= 8;
}

/**
 * Moves the pixels of a stored image (`channels` bytes a pixel) so that it stands upright.
 * Returns the same array for orientation 1.
 */
export function orientPixels(data: Uint8Array, width: number, height: number, channels: number, orientation: number): { data: Uint8Array; width: number; height: number } {
  if (orientation < 2 || orientation > 8) return { data, width, height };
  const swap = swapsSides(orientation);
  const ow = swap ? height : width;
  const oh = swap ? width : height;
  const out = new Uint8Array(ow * oh * channels);
  for (let y = 0; y < oh; y++) {
    for (let x = 0; x < ow; x++) {
      // the stored pixel (sx, sy) that is shown at (x, y)
      let sx: number;
      let sy: number;
      switch (orientation) {
        case 2: sx = width - 1 - x; sy = y; break;
        case 3: sx = width - 1 - x; sy = height - 1 - y; break;
        case 4: sx = x; sy = height - 1 - y; break;
        case 5: sx = y; sy = x; break;
        case 6: sx = y; sy = height - 1 - x; break;
        case 7: sx = width - 1 - y; sy = height - 1 - x; break;
        default: sx = width - 1 - y; sy = x; break; // 8
      }
      const s = (sy * width + sx) * channels;
      const o = (y * ow + x) * channels;
      for (let c = 0; c < channels; c++) out[o + c] = data[s + c]!;
    }
  }
  return { data: out, width: ow, height: oh };
}
