/**
 * A kernel's memory that cannot grow as a page's preview needs (past the 2 GB the kernels' signed address comparisons allow, or refused
 * by the engine or this computer) is the page's INPUT_TOO_LARGE with a Romanian message, not a
 * RangeError; the memory stays as it was and works on. No gigabyte is allocated: the first case is
 * refused before it grows, the second on a memory whose bound the test sets.
 */
import { describe, expect, it } from 'vitest';
import { isStationError } from '../../../shared/src/errors.ts';
import { WASM_BASE64 } from '../../../station/src/wasm/gray-passes.wasm.ts';
import { loadKernel, MAX_KERNEL_BYTES } from '../../../station/src/wasm/wasm-kernel.ts';

function refusal(fn: () => void): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return null;
}

describe('a kernel memory too small for a page', () => {
  it('past 2 GB (addresses the kernels compare signed): INPUT_TOO_LARGE saying how much it needed, the memory unchanged and usable', () => {
    expect(MAX_KERNEL_BYTES).toBe(2 ** 31);
    const k = loadKernel(WASM_BASE64);
    const err = refusal(() => k.reserve(MAX_KERNEL_BYTES + 1));
    expect(isStationError(err, 'INPUT_TOO_LARGE'), String(err)).toBe(true);
    expect((err as Error).message).toBe('Pagina este prea mare pentru a fi analizată; ar avea nevoie de 2,1 GB de memorie de lucru, mai mult decât se poate rezerva. Scanați-o la o rezoluție mai mică.');
    expect((err as { details: object }).details).toEqual({ needBytes: MAX_KERNEL_BYTES + 1, maxBytes: MAX_KERNEL_BYTES });
    expect(k.bytes().length).toBe(65536);
    k.reserve(200_000);
    expect(k.bytes().length).toBe(4 * 65536);
  });

  it('growth the engine refuses (a RangeError): INPUT_TOO_LARGE, the RangeError as its cause, no limit claimed', () => {
    const k = loadKernel(WASM_BASE64, new WebAssembly.Memory({ initial: 1, maximum: 2 }));
    k.reserve(2 * 65536);
    const err = refusal(() => k.reserve(2 * 65536 + 1));
    expect(isStationError(err, 'INPUT_TOO_LARGE'), String(err)).toBe(true);
    expect((err as Error).cause).toBeInstanceOf(RangeError);
    // the limit the engine met is unknown: no maxBytes (it is not MAX_KERNEL_BYTES)
    expect((err as { details: object }).details).toEqual({ needBytes: 2 * 65536 + 1 });
    expect(k.bytes().length).toBe(2 * 65536);
  });
});
