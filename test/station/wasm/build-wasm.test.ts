import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { assembleWat, expectedModules, wasmModuleSource } from '../../../station/src/wasm/build-wasm.ts';
import { loadKernel } from '../../../station/src/wasm/wasm-kernel.ts';

describe('build-wasm', () => {
  it('every committed .wasm.ts is what its .wat assembles to (run `npm run build:wasm` after editing a .wat)', async () => {
    for (const m of await expectedModules()) {
      const committed = await readFile(m.out, 'utf8').catch(() => '(missing)');
      expect(committed, `${m.out} is stale`).toBe(m.source);
    }
  });

  it('assembles SIMD text into a module that loads and runs, memory grown from outside', async () => {
    const wat = `(module (import "env" "memory" (memory 1))
      (func (export "add4") (param $a i32) (param $b i32)
        (v128.store (local.get $a) (i32x4.add (v128.load (local.get $a)) (v128.load (local.get $b))))))`;
    const bytes = await assembleWat('t.wat', wat);
    const src = wasmModuleSource('t.wat', bytes);
    const b64 = /'([^']*)'/g;
    const base64 = [...src.matchAll(b64)].map((m) => m[1]).join('');
    const k = loadKernel<{ add4(a: number, b: number): void }>(base64);
    k.reserve(200_000);
    const v = new Int32Array(k.bytes().buffer, 131_072, 8);
    v.set([1, 2, 3, 4, 10, 20, 30, 40]);
    k.fns.add4(131_072, 131_088);
    expect([...v.subarray(0, 4)]).toEqual([11, 22, 33, 44]);
    expect(k.bytes().length).toBeGreaterThanOrEqual(200_000);
  });

  it('names the file and line of a text module that does not assemble', async () => {
    await expect(assembleWat('broken.wat', '(module (func (export "f") (result i32) i64.const 1))')).rejects.toThrow(/broken\.wat/);
  });
});
