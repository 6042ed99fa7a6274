/** Bounds that keep a hostile or broken PDF from exhausting memory. */
export const MAX_IMAGE_SIDE = 20_000;
export const MAX_DECODED_BYTES = 400 * 1024 * 1024;
/** Decoded page content streams (operators, OCR text) and small side streams (palettes, ICC). */
export const MAX_CONTENT_BYTES = 64 * 1024 * 1024;
export const MAX_FORM_DEPTH = 8;
/** Rendering of non-image pages: default resolution and the largest raster allowed. */
export const DEFAULT_RENDER_DPI = 200;
export const MIN_RENDER_DPI = 72;
export const MAX_RENDER_DPI = 600;
export const MAX_RENDER_SIDE = 12_000;
export const MAX_RENDER_PIXELS = 80_000_000;
