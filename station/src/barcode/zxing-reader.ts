/**
 * Thin adapter over zxing-wasm: reads barcodes from an 8-bit grayscale raster.
 * The wasm binary is loaded from node_modules (a station works offline), once per thread.
 */
import {
  binarizers,
  characterSets,
  eanAddOnSymbols,
  encodeFormat,
  type ReadInputBarcodeFormat,
  textModes,
  type ZXingReaderOptions,
} from 'zxing-wasm';
import { loadZxingModule } from './zxing-module.ts';

export interface GrayImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export interface FoundBarcode {
  text: string;
  format: string;
  /** Bounding box in the coordinates of the scanned image. */
  box: { x: number; y: number; width: number; height: number };
}

export interface BarcodeReadOptions {
  formats: readonly ReadInputBarcodeFormat[];
  tryHarder: boolean;
  maxSymbols: number;
  /** Also count detections that did not decode (a symbol seen but unreadable at this scale). */
  returnErrors?: boolean;
  /** Also try the image turned by 90° (default true; needless for 2D symbols). */
  tryRotate?: boolean;
  /** Also try smaller copies of the image (default true). */
  tryDownscale?: boolean;
  /** Also try the image with light and dark swapped: a white-on-black symbol (default false). */
  tryInvert?: boolean;
}

export interface BarcodeReadResult {
  found: FoundBarcode[];
  /** Symbols zxing located but could not decode (their boxes): a hint to look there again at a higher resolution. */
  undecoded: FoundBarcode['box'][];
}

interface ZXingVector<T> {
  size(): number;
  get(i: number): T;
  delete(): void;
}
interface RawResult {
  isValid: boolean;
  text: string;
  format: string;
  position: { topLeft: { x: number; y: number }; bottomRight: { x: number; y: number }; topRight: { x: number; y: number }; bottomLeft: { x: number; y: number } };
}
interface ReaderModule {
  _malloc(n: number): number;
  _free(p: number): void;
  HEAPU8: Uint8Array;
  readBarcodesFromPixmap(ptr: number, w: number, h: number, o: ZXingReaderOptions): ZXingVector<RawResult>;
}

function loadModule(): Promise<ReaderModule> {
  return loadZxingModule() as Promise<ReaderModule>;
}

export class BarcodeReader {
  private constructor(private readonly mod: ReaderModule) {}

  static async create(): Promise<BarcodeReader> {
    return new BarcodeReader(await loadModule());
  }

  read(img: GrayImage, opts: BarcodeReadOptions): FoundBarcode[] {
    return this.readDetailed(img, opts).found;
  }

  readDetailed(img: GrayImage, opts: BarcodeReadOptions): BarcodeReadResult {
    const { data, width, height } = img;
    const zopts: ZXingReaderOptions = {
      formats: opts.formats.map((f) => encodeFormat(f as never)).join(','),
      tryHarder: opts.tryHarder,
      tryRotate: opts.tryRotate ?? true,
      tryInvert: opts.tryInvert ?? false,
      tryDownscale: opts.tryDownscale ?? true,
      tryDenoise: false,
      binarizer: binarizers.indexOf('LocalAverage'),
      isPure: false,
      downscaleFactor: 3,
      downscaleThreshold: 500,
      minLineCount: 2,
      maxNumberOfSymbols: opts.maxSymbols,
      validateOptionalChecksum: false,
      returnErrors: opts.returnErrors ?? false,
      eanAddOnSymbol: eanAddOnSymbols.indexOf('Ignore'),
      // Plain: the symbol's own characters; HRI would print control characters as «<SOH>», hiding them from the separator rule
      textMode: textModes.indexOf('Plain'),
      characterSet: characterSets.indexOf('Unknown'),
      tryCode39ExtendedMode: true,
    };
    const ptr = this.mod._malloc(data.byteLength);
    if (!ptr) throw new Error(`zxing: cannot allocate ${data.byteLength} bytes`);
    let vec: ZXingVector<RawResult> | undefined;
    try {
      this.mod.HEAPU8.set(data, ptr);
      vec = this.mod.readBarcodesFromPixmap(ptr, width, height, zopts);
      const out: FoundBarcode[] = [];
      const undecoded: FoundBarcode['box'][] = [];
      for (let i = 0; i < vec.size(); i++) {
        const r = vec.get(i);
        const p = r.position;
        const xs = [p.topLeft.x, p.topRight.x, p.bottomLeft.x, p.bottomRight.x];
        const ys = [p.topLeft.y, p.topRight.y, p.bottomLeft.y, p.bottomRight.y];
        const x = Math.min(...xs);
        const y = Math.min(...ys);
        const box = { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
        if (r.isValid) out.push({ text: r.text, format: r.format, box });
        else undecoded.push(box);
      }
      return { found: out, undecoded };
    } finally {
      vec?.delete();
      this.mod._free(ptr);
    }
  }
}
