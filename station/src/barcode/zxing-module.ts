/**
 * The zxing-wasm module, loaded once per thread from node_modules (a station works offline: the
 * default would fetch the .wasm from a CDN). Readers and the Code 128 writer share it.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule } from 'zxing-wasm';

let modulePromise: Promise<unknown> | undefined;

export function loadZxingModule(): Promise<unknown> {
  if (!modulePromise) {
    const require = createRequire(import.meta.url);
    const bin = readFileSync(require.resolve('zxing-wasm/full/zxing_full.wasm'));
    const wasmBinary = bin.buffer.slice(bin.byteOffset, bin.byteOffset + bin.byteLength) as ArrayBuffer;
    modulePromise = prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  }
  return modulePromise;
}
