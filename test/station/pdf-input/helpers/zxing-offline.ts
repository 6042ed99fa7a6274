import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/full';

let prepared: Promise<unknown> | undefined;

/** zxing-wasm with its wasm read from node_modules: no network. */
export function prepareZxing(): Promise<unknown> {
  prepared ??= Promise.resolve(
    prepareZXingModule({
      overrides: { wasmBinary: readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/full/zxing_full.wasm')).buffer as ArrayBuffer },
      fireImmediately: true,
    }),
  );
  return prepared;
}

/** Barcode texts found in an 8-bit gray raster. */
export async function readGrayBarcodes(gray: Uint8Array, width: number, height: number): Promise<string[]> {
  await prepareZxing();
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let i = 0; i < gray.length; i++) {
    rgba[i * 4] = rgba[i * 4 + 1] = rgba[i * 4 + 2] = gray[i]!;
    rgba[i * 4 + 3] = 255;
  }
  const results = await readBarcodes({ data: rgba, width, height, colorSpace: 'srgb' } as ImageData, { formats: ['Code128'], tryHarder: true });
  return results.filter((r) => r.isValid).map((r) => r.text);
}
