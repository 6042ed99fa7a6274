/** The pieces of a PNG that map directly onto a PDF image: IHDR fields, the palette and the zlib data. */
export interface PngParts {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  palette: Uint8Array | undefined;
  /** The IDAT chunks joined: a zlib stream of rows each led by a PNG filter byte (PDF Predictor 15). */
  idat: Uint8Array;
}

export function pngParts(png: Uint8Array): PngParts {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  let pos = 8;
  let header: Omit<PngParts, 'palette' | 'idat'> | undefined;
  let palette: Uint8Array | undefined;
  const idat: Uint8Array[] = [];
  while (pos + 8 <= png.length) {
    const length = view.getUint32(pos);
    const type = String.fromCharCode(...png.subarray(pos + 4, pos + 8));
    const body = png.subarray(pos + 8, pos + 8 + length);
    if (type === 'IHDR') header = { width: view.getUint32(pos + 8), height: view.getUint32(pos + 12), bitDepth: body[8]!, colorType: body[9]! };
    if (type === 'PLTE') palette = body.slice();
    if (type === 'IDAT') idat.push(body);
    pos += 12 + length;
  }
  if (!header) throw new Error('not a PNG');
  return { ...header, palette, idat: Buffer.concat(idat) };
}
