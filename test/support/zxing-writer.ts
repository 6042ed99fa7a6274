/**
 * Barcode symbols for tests, made by zxing-wasm's own writer (wasm loaded from node_modules, so
 * tests run offline). A symbol is one pixel per module, 0 = black, 255 = white, no quiet zone.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm';

export type TestBarcodeFormat = 'Code128' | 'Code39' | 'QRCode' | 'DataMatrix';

export interface BarcodeSymbolRaster {
  data: Uint8Array;
  width: number;
  height: number;
}

let ready: Promise<unknown> | undefined;

export function loadZXing(): Promise<unknown> {
  if (!ready) {
    const wasm = readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/full/zxing_full.wasm'));
    const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer;
    ready = prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  }
  return ready;
}

export async function barcodeSymbol(value: string, format: TestBarcodeFormat): Promise<BarcodeSymbolRaster> {
  await loadZXing();
  const res = await writeBarcode(value, { format });
  if (res.error || !res.symbol) throw new Error(`zxing writer: ${format} „${value}”: ${res.error}`);
  const { data, width, height } = res.symbol;
  return { data: new Uint8Array(data), width, height };
}
