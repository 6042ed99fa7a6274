/**
 * What one PDF page yields: the scanner's own image data when the page is a single image
 * (never re-encoded), decoded samples when the image was stored losslessly, or a gray
 * rendering when the page is anything else (vector barcodes, text, several images).
 *
 * `rotation` (clockwise degrees) is how the stored image must be turned to look the way a
 * PDF viewer shows the page: it combines the drawing transform and the page's /Rotate.
 */
export type QuarterTurn = 0 | 90 | 180 | 270;

export interface JpegPageImage {
  kind: 'jpeg';
  /** The DCTDecode stream, byte for byte. */
  data: Uint8Array;
  width: number;
  height: number;
  components: 1 | 3 | 4;
  dpiX: number;
  dpiY: number;
  rotation: QuarterTurn;
}

export interface CcittPageImage {
  kind: 'ccitt';
  /** The CCITTFaxDecode stream, byte for byte. */
  data: Uint8Array;
  width: number;
  height: number;
  /** < 0: G4, 0: G3 1-D, > 0: G3 2-D. */
  k: number;
  /** Already accounts for an inverting /Decode [1 0] on the image. */
  blackIs1: boolean;
  encodedByteAlign: boolean;
  dpiX: number;
  dpiY: number;
  rotation: QuarterTurn;
}

export interface PixelsPageImage {
  kind: 'pixels';
  /**
   * Rows top to bottom, no padding for 8-bit samples. For bitsPerComponent 1: packed rows,
   * each padded to a whole byte, most significant bit first, 1 = black.
   */
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
  bitsPerComponent: 1 | 8;
  dpiX: number;
  dpiY: number;
  rotation: QuarterTurn;
}

export interface RenderedPageImage {
  kind: 'rendered';
  /** 8-bit gray, one byte per pixel, rows top to bottom, page as a viewer shows it. */
  data: Uint8Array;
  width: number;
  height: number;
  dpi: number;
  /** Why the page could not be taken as one image (for logs). */
  reason: string;
}

export type PdfPageImage = JpegPageImage | CcittPageImage | PixelsPageImage | RenderedPageImage;

/** An image as decoded from its XObject, before the page geometry (dpi, rotation) is known. */
export type DecodedImage =
  | Omit<JpegPageImage, 'dpiX' | 'dpiY' | 'rotation'>
  | Omit<CcittPageImage, 'dpiX' | 'dpiY' | 'rotation'>
  | Omit<PixelsPageImage, 'dpiX' | 'dpiY' | 'rotation'>;
