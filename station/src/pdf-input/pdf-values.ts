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
  if (v instanceof PDFString || v instanceof PDFHexString) return v.asBytes();
  return undefined;
}
