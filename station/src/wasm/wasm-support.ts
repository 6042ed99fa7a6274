/**
 * Whether this processor runs the kernels: they use WebAssembly SIMD, which V8 enables only on a
 * processor with SSE4.1 (Intel from Penryn, 2008; AMD from Bulldozer, 2011 — every PC that runs
 * Windows 11 has it). Without it V8 refuses every kernel (`CompileError: Wasm SIMD unsupported`),
 * gray pages' too: `compileKernel` turns that into CPU_UNSUPPORTED, and `assertKernelsSupported` tells
 * at the station's start (`station split`, `scan`, `demo`, `ui`) rather than at the first page.
 */
import { StationError } from '../../../shared/src/errors.ts';

/** What the clerk (and the administrator) reads. */
const CPU_UNSUPPORTED_MESSAGE =
  'Procesorul acestui calculator nu are instrucțiunile SSE4.1 (WebAssembly SIMD), de care stația are nevoie ' +
  'pentru a prelucra paginile. Este nevoie de un procesor din 2008 sau mai nou (Intel Core 2 „Penryn” sau mai nou, ' +
  'AMD din 2011 sau mai nou); orice calculator care rulează Windows 11 îl are. Mutați stația pe un alt calculator.';

/** A function holding one SIMD instruction (`v128.const 0`, `drop`): compiles only where SIMD does. */
const SIMD_PROBE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // magic, version
  0x01, 0x04, 0x01, 0x60, 0x00, 0x00, // types: () -> ()
  0x03, 0x02, 0x01, 0x00, // one function of type 0
  0x0a, 0x17, 0x01, 0x15, 0x00, 0xfd, 0x0c, ...new Array<number>(16).fill(0), 0x1a, 0x0b, // its body
]);

let simd: boolean | undefined;

/** Whether V8 compiles WebAssembly SIMD on this processor (asked once a thread). */
export function wasmSimdSupported(probe?: Uint8Array<ArrayBuffer>): boolean {
  if (probe) return WebAssembly.validate(probe);
  return (simd ??= WebAssembly.validate(SIMD_PROBE));
}

function unsupported(cause?: unknown): StationError {
  return new StationError('CPU_UNSUPPORTED', CPU_UNSUPPORTED_MESSAGE, { missing: 'SSE4.1 / WebAssembly SIMD', arch: process.arch }, { cause });
}

/** Throws CPU_UNSUPPORTED when the kernels cannot run here (`probe`: tests). */
export function assertKernelsSupported(probe?: Uint8Array<ArrayBuffer>): void {
  if (!wasmSimdSupported(probe)) throw unsupported();
}

/**
 * The kernel module of `bytes`; CPU_UNSUPPORTED when it fails because this processor lacks SIMD
 * (`probe`: tests), any other failure (a broken build) as it is.
 */
export function compileKernel(bytes: Uint8Array<ArrayBuffer>, probe?: Uint8Array<ArrayBuffer>): WebAssembly.Module {
  try {
    return new WebAssembly.Module(bytes);
  } catch (err) {
    if (!wasmSimdSupported(probe)) throw unsupported(err);
    throw err;
  }
}
