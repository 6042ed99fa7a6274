import { PDFArray, PDFBool, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRawStream, PDFString, type PDFContext, type PDFObject } from 'pdf-lib';

/** Small typed readers over pdf-lib objects: every reference resolved, wrong types read as absent. */
export function resolve(context: PDFContext, obj: PDFObject | undefined): PDFObject | undefined {
  let current = obj;
  for (let hops = 0; hops < 32 && current !== undefined; hops++) {
    const next = context.lookup(current);
    if (next === current) return current;
    current = next;
  }
  return current;
}

export function entry(context: PDFContext, dict: PDFDict, key: string): PDFObject | undefined {
  return resolve(context, dict.get(PDFName.of(key)));
}

export function numberOf(context: PDFContext, obj: PDFObject | undefined): number | undefined {
  const v = resolve(context, obj);
  return v instanceof PDFNumber && Number.isFinite(v.asNumber()) ? v.asNumber() : undefined;
}

export function nameOf(context: PDFContext, obj: PDFObject | undefined): string | undefined {
  const v = resolve(context, obj);
  return v instanceof PDFName ? v.decodeText() : undefined;
}

export const numberAt = (context: PDFContext, dict: PDFDict, key: string): number | undefined => numberOf(context, dict.get(PDFName.of(key)));
export const nameAt = (context: PDFContext, dict: PDFDict, key: string): string | undefined => nameOf(context, dict.get(PDFName.of(key)));

export function boolAt(context: PDFContext, dict: PDFDict, key: string): boolean | undefined {
  const v = entry(context, dict, key);
  return v instanceof PDFBool ? v.asBoolean() : undefined;
}

export function dictAt(context: PDFContext, dict: PDFDict, key: string): PDFDict | undefined {
  const v = entry(context, dict, key);
  return v instanceof PDFDict ? v : undefined;
}

export function streamOf(context: PDFContext, obj: PDFObject | undefined): PDFRawStream | undefined {
  const v = resolve(context, obj);
  return v instanceof PDFRawStream ? v : undefined;
}

/** The items of an array (resolved), or undefined when `obj` is not an array. */
export function arrayItems(context: PDFContext, obj: PDFObject | undefined): (PDFObject | undefined)[] | undefined {
  const v = resolve(context, obj);
  if (!(v instanceof PDFArray)) return undefined;
  return v.asArray().map((item) => resolve(context, item));
}

/** An array of numbers, or undefined when any item is not a number. */
export function numbersOf(context: PDFContext, obj: PDFObject | undefined): number[] | undefined {
  const items = arrayItems(context, obj);
  if (!items) return undefined;
  const out: number[] = [];
  for (const item of items) {
    const n = numberOf(context, item);
    if (n === undefined) return undefined;
    out.push(n);
  }
  return out;
}

/** The bytes of a string object (literal or hex), or undefined. */
export function bytesOf(context: PDFContext, obj: PDFObject | undefined): Uint8Array | undefined {
  const v = resolve(context, obj);
  if (v instanceof PDFHexString) return hexStringBytes(v.asString());
  if (v instanceof PDFString) return v.asBytes();
  return undefined;
}

/**
 * The bytes of a hex string's text as the PDF specification reads it (7.3.4.3): white space is
 * ignored and an odd final digit is followed by 0. pdf-lib keeps the text between < and > as written
 * and its own `asBytes` would read `< 00 ff >` as garbage (img2pdf 0.3 writes palettes so).
 * Any other stray character is skipped, as viewers do.
 */
export function hexStringBytes(text: string): Uint8Array {
  const digits: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const d = hexDigit(text.charCodeAt(i));
    if (d >= 0) digits.push(d);
  }
  const out = new Uint8Array(Math.ceil(digits.length / 2));
  for (let i = 0; i < out.length; i++) out[i] = (digits[2 * i]! << 4) | (digits[2 * i + 1] ?? 0);
  return out;
}

function hexDigit(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}
