/**
 * A processor without SSE4.1: V8 refuses WebAssembly SIMD, so every kernel. Simulated in-process with
 * a probe that does not compile, and for real in a child `node --no-enable-sse4-1` (V8's switch that
 * turns the processor feature off), through the kernels and through `station split`.
 */
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import { WASM_BASE64 } from '../../../station/src/wasm/gray-passes.wasm.ts';
import { assertKernelsSupported, compileKernel, wasmSimdSupported } from '../../../station/src/wasm/wasm-support.ts';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../../..');
const KERNEL = new Uint8Array(Buffer.from(WASM_BASE64, 'base64'));
/** A module that does not compile anywhere (a probe standing for SIMD missing). */
const BROKEN = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, 0x01, 0x05]);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return isStationError(err) ? err.code : `not a StationError: ${String(err)}`;
  }
  return undefined;
}

describe('kernels on a processor without WebAssembly SIMD', () => {
  it('compiles where SIMD is supported (this machine)', () => {
    expect(wasmSimdSupported()).toBe(true);
    expect(() => assertKernelsSupported()).not.toThrow();
    expect(compileKernel(KERNEL)).toBeInstanceOf(WebAssembly.Module);
  });

  it('a kernel failing to compile where SIMD is missing is CPU_UNSUPPORTED, naming SSE4.1, in Romanian', () => {
    expect(codeOf(() => assertKernelsSupported(BROKEN))).toBe('CPU_UNSUPPORTED');
    let caught: unknown;
    try {
      compileKernel(BROKEN, BROKEN);
    } catch (err) {
      caught = err;
    }
    expect(isStationError(caught, 'CPU_UNSUPPORTED')).toBe(true);
    expect((caught as Error).message).toMatch(/SSE4\.1.*2008.*Windows 11/s);
    expect((caught as Error).cause).toBeInstanceOf(WebAssembly.CompileError);
  });

  it('a broken kernel where SIMD works stays the CompileError it is (a build fault, not the processor)', () => {
    expect(() => compileKernel(BROKEN)).toThrow(WebAssembly.CompileError);
  });

  it('for real (node --no-enable-sse4-1): the check and a gray kernel throw CPU_UNSUPPORTED', async () => {
    const script = `
      const { assertKernelsSupported } = await import('./station/src/wasm/wasm-support.ts');
      const { grayPasses } = await import('./station/src/imaging/gray-passes.ts');
      const code = (fn) => { try { fn(); return 'none'; } catch (e) { return e.code ?? e.name; } };
      console.log(JSON.stringify({ start: code(() => assertKernelsSupported()), page: code(() => grayPasses({ data: new Uint8Array(4), width: 2, height: 2 })) }));
    `;
    const { stdout } = await run(process.execPath, ['--no-enable-sse4-1', '--import', 'tsx', '--input-type=module', '-e', script], { cwd: ROOT, timeout: 120_000 });
    expect(JSON.parse(stdout.trim())).toEqual({ start: 'CPU_UNSUPPORTED', page: 'CPU_UNSUPPORTED' });
  }, 150_000);

  it.each([
    ['split', '/nonexistent-input', '--out', '/nonexistent-out'],
    ['ui', '--port', '0'],
  ])('for real: `station %s` says so at start, before reading any input or opening the web app', async (...args) => {
    const err = await run(process.execPath, ['--no-enable-sse4-1', path.join(ROOT, 'bin/station.js'), ...args], { cwd: ROOT, timeout: 120_000 }).then(
      () => undefined,
      (e: { code: number; stderr: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain('Eroare [CPU_UNSUPPORTED]: Procesorul acestui calculator nu are instrucțiunile SSE4.1');
  }, 150_000);
});
