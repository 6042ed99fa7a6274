/**
 * What one PDF page yields: the scanner's own image data when the page is a single image
 * (never re-encoded: JPEG, CCITT G4, JBIG2 with its globals), decoded samples when the image was
 * stored otherwise (losslessly, CCITT G3, JPEG 2000), or a rendering of the page as a viewer shows
 * it when the page is anything else (vector barcodes, text, several images, an image that does not
 * fill the page): in colour when the page is in colour, bitonal when it is made of bitonal images.
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
  /** Always < 0 (G4): G3 and G4 with EOLs or byte-aligned rows are decoded to pixels instead. */
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

export interface Jbig2PageImage {
  kind: 'jbig2';
  /** The JBIG2Decode stream, byte for byte (embedded PDF JBIG2: no file header). */
  data: Uint8Array;
  /** The /JBIG2Globals stream (shared symbol dictionaries), byte for byte, when there is one. */
  globals: Uint8Array | undefined;
  /** The image had /Decode [1 0]: 1 bits are white. */
  inverted: boolean;
  /** The decoded page (by pdf.js), packed rows padded to a byte, MSB first, 1 = black: for analysis. */
  bitmap: Uint8Array;
  width: number;
  height: number;
  dpiX: number;
  dpiY: number;
  rotation: QuarterTurn;
}

export interface RenderedPageImage {
  kind: 'rendered';
  /**
   * The page as a viewer shows it (its /Rotate applied), rows top to bottom: 8-bit gray or RGB
   * (a page in colour), or, for a page of bitonal images, packed 1-bit rows as in PixelsPageImage.
   */
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 3;
  bitsPerComponent: 1 | 8;
  /** The rendering resolution; dpiX/dpiY make the page exactly the input page's size. */
  dpi: number;
  dpiX: number;
  dpiY: number;
  rotation: 0;
  /** Why the page could not be taken as one image (for logs). */
  reason: string;
}

export type PdfPageImage = JpegPageImage | CcittPageImage | Jbig2PageImage | PixelsPageImage | RenderedPageImage;

/** An image as decoded from its XObject, before the page geometry (dpi, rotation) is known. */
export type DecodedImage =
  | Omit<JpegPageImage, 'dpiX' | 'dpiY' | 'rotation'>
  | Omit<CcittPageImage, 'dpiX' | 'dpiY' | 'rotation'>
  | Omit<PixelsPageImage, 'dpiX' | 'dpiY' | 'rotation'>;
