/**
 * A WebAssembly kernel module (`<name>.wasm.ts`, see `build-wasm.ts`), compiled once a thread, with
 * one memory of its own that grows to the largest input it has been given and is kept from page to
 * page (a page's pixels are copied in, the results read out).
 */
import { StationError } from '../../../shared/src/errors.ts';
import { compileKernel } from './wasm-support.ts';

export interface WasmKernel<E> {
  /** The module's exported functions. */
  readonly fns: E;
  /** The kernel's memory as bytes (a new view after each `reserve` that grew it). */
  bytes(): Uint8Array;
  /**
   * Grows the memory to at least `bytes` bytes; INPUT_TOO_LARGE (the page's, unnamed: the pipeline
   * names it) when a memory cannot hold that many (`tooLargeForKernel`).
   */
  reserve(bytes: number): void;
}

const PAGE = 65536;
/**
 * The most a kernel's memory may hold: 2 GB (32,768 pages of 64 KB), half of what 32-bit addresses
 * reach, because the kernels compare addresses signed (`i32.ge_s p end`, `gray-passes.wat` and the
 * others): past 2 GB an address turns negative and a loop would stop at once, silently.
 */
export const MAX_KERNEL_BYTES = 32768 * PAGE;

/**
 * A page whose preview needs more kernel memory than a memory may hold (over 2 GB), or than this
 * computer lets it grow to (`memory.grow` throws a RangeError): the page cannot be analysed, as one
 * too large to decode is not (`pipeline/stages/page-measure.ts`). The message is a sentence that
 * leaves the page unnamed: the pipeline (`pipeline/page-error.ts`) puts its name first, the first
 * word then in lower case («scan.pdf, pagina 2: pagina este prea mare…»). `refused`: the engine's
 * RangeError when the memory would not grow; the limit it met is unknown then, so `details` give no
 * `maxBytes` (only past MAX_KERNEL_BYTES is that the limit).
 */
export function tooLargeForKernel(bytes: number, refused?: RangeError): StationError {
  // «4,1 GB», «650 MB»: rounded up, a decimal comma, no locale needed
  const gb = bytes / 2 ** 30;
  const size = gb >= 1 ? `${(Math.ceil(gb * 10) / 10).toFixed(1).replace('.', ',')} GB` : `${Math.ceil(bytes / 2 ** 20)} MB`;
  return new StationError(
    'INPUT_TOO_LARGE',
    `Pagina este prea mare pentru a fi analizată; ar avea nevoie de ${size} de memorie de lucru, mai mult decât se poate rezerva. Scanați-o la o rezoluție mai mică.`,
    refused === undefined ? { needBytes: bytes, maxBytes: MAX_KERNEL_BYTES } : { needBytes: bytes },
    refused === undefined ? undefined : { cause: refused },
  );
}

/**
 * A memory grown past this for one large preview (a huge sheet scanned at a low resolution has no
 * reduced preview: 30,000² pixels are 900 MB) is let go at the next preview that fits in it: each
 * thread would otherwise keep it (`imaging/gray-passes.ts`, `imaging/preview-memory.ts`).
 */
export const KEEP_BYTES = 64 << 20;

/**
 * The kernel whose binary is `base64`; it imports its memory as `env.memory` (`(import "env"
 * "memory" (memory 1))`), so one memory serves every call and is grown here, never inside; `memory`
 * given, the kernel shares it with others (`imaging/preview-memory.ts`).
 */
export function loadKernel<E>(base64: string, memory = new WebAssembly.Memory({ initial: 1 })): WasmKernel<E> {
  const module = compileKernel(Buffer.from(base64, 'base64'));
  const instance = new WebAssembly.Instance(module, { env: { memory } });
  let view = new Uint8Array(memory.buffer);
  return {
    fns: instance.exports as E,
    bytes() {
      if (view.buffer !== memory.buffer) view = new Uint8Array(memory.buffer);
      return view;
    },
    reserve(bytes: number) {
      const have = memory.buffer.byteLength;
      if (bytes <= have) return;
      if (bytes > MAX_KERNEL_BYTES) throw tooLargeForKernel(bytes);
      try {
        memory.grow(Math.ceil((bytes - have) / PAGE));
      } catch (err) {
        // past the engine's own bound, or memory this computer would not give
        if (err instanceof RangeError) throw tooLargeForKernel(bytes, err);
        throw err;
      }
    },
  };
}
