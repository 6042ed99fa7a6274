import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

type PdfjsModule = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

/**
 * An image as pdf.js decodes it for painting, at its own size: packed 1-bit rows (MSB first,
 * padded to a byte, 1 = black), 8-bit gray or RGB. pdf.js has already applied the image's /Decode
 * and colour space.
 */
export type NativeImage =
  | { bitsPerComponent: 1; channels: 1; data: Uint8Array; width: number; height: number }
  | { bitsPerComponent: 8; channels: 1 | 3; data: Uint8Array; width: number; height: number };

interface PdfjsImageData {
  width: number;
  height: number;
  kind?: number;
  data?: Uint8Array | Uint8ClampedArray | null;
}

/**
 * The decoded image of a page that paints exactly one image XObject (the page's operator list
 * as pdf.js builds it for display), or undefined when it paints none, several, a stencil mask or
 * something pdf.js hands over in another form.
 */
export async function paintedImage(page: PDFPageProxy, pdfjs: PdfjsModule): Promise<NativeImage | undefined> {
  const { fnArray, argsArray } = await page.getOperatorList();
  const ids: string[] = [];
  for (let i = 0; i < fnArray.length; i++) {
    if (fnArray[i] === pdfjs.OPS.paintImageXObject) ids.push(String((argsArray[i] as unknown[])[0]));
    else if (fnArray[i] === pdfjs.OPS.paintImageMaskXObject || fnArray[i] === pdfjs.OPS.paintImageXObjectRepeat) return undefined;
  }
  const id = ids.length === 1 ? ids[0]! : undefined;
  if (id === undefined) return undefined;
  const store = id.startsWith('g_') ? page.commonObjs : page.objs;
  const image = await new Promise<PdfjsImageData | null>((resolve) => store.get(id, resolve as (data: unknown) => void));
  if (!image?.data || !(image.width > 0 && image.height > 0)) return undefined;
  return fromPdfjs(image as Required<PdfjsImageData> & { data: Uint8Array }, pdfjs.ImageKind);
}

function fromPdfjs(image: { width: number; height: number; kind: number; data: Uint8Array | Uint8ClampedArray }, kinds: PdfjsModule['ImageKind']): NativeImage | undefined {
  const { width, height, data } = image;
  const pixels = width * height;
  if (image.kind === kinds.GRAYSCALE_1BPP) {
    // pdf.js: 1 = white (gray sample); ours: 1 = black, padding bits cleared
    const rowBytes = Math.ceil(width / 8);
    if (data.length < rowBytes * height) return undefined;
    const out = new Uint8Array(rowBytes * height);
    const keep = (0xff << (rowBytes * 8 - width)) & 0xff;
    for (let i = 0; i < out.length; i++) out[i] = ~data[i]! & 0xff;
    for (let r = 1; r <= height; r++) out[r * rowBytes - 1]! &= keep;
    return { bitsPerComponent: 1, channels: 1, data: out, width, height };
  }
  const stride = image.kind === kinds.RGB_24BPP ? 3 : image.kind === kinds.RGBA_32BPP ? 4 : 0;
  if (stride === 0 || data.length < pixels * stride) return undefined;
  let gray = true;
  for (let i = 0; i < pixels * stride && gray; i += stride) gray = data[i] === data[i + 1] && data[i] === data[i + 2];
  if (gray) {
    const out = new Uint8Array(pixels);
    for (let p = 0; p < pixels; p++) out[p] = data[p * stride]!;
    return { bitsPerComponent: 8, channels: 1, data: out, width, height };
  }
  const out = new Uint8Array(pixels * 3);
  for (let p = 0; p < pixels; p++) {
    out[p * 3] = data[p * stride]!;
    out[p * 3 + 1] = data[p * stride + 1]!;
    out[p * 3 + 2] = data[p * stride + 2]!;
  }
  return { bitsPerComponent: 8, channels: 3, data: out, width, height };
}
