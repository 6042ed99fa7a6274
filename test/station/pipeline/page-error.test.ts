/**
 * A page's work in the calling thread that meets a preview too large for the kernels' memory fails
 * as that page: the kernel's INPUT_TOO_LARGE (which cannot know the page) gets the page's name in
 * front and in `details.page`; an error that names its page already, or any other, is left as it is.
 */
import { describe, expect, it } from 'vitest';
import { StationError } from '../../../shared/src/errors.ts';
import { namingPage } from '../../../station/src/pipeline/page-error.ts';
import { tooLargeForKernel } from '../../../station/src/wasm/wasm-kernel.ts';

describe('namingPage', () => {
  it('names the page of a kernel\'s INPUT_TOO_LARGE, keeping its code, details and cause', () => {
    const kernel = tooLargeForKernel(5e9);
    const named = namingPage('scan.pdf, pagina 2', kernel) as StationError;
    expect(named).toBeInstanceOf(StationError);
    expect(named.code).toBe('INPUT_TOO_LARGE');
    expect(named.message).toBe(`scan.pdf, pagina 2: ${kernel.message}`);
    expect(named.details).toEqual({ ...kernel.details, page: 'scan.pdf, pagina 2' });
    expect(named.cause).toBe(kernel);
  });

  it('leaves an error that names its page, and any other, as it is', () => {
    const measured = new StationError('INPUT_TOO_LARGE', 'a.png: pagina este prea mare', { page: 'a.png' });
    const corrupt = new StationError('INPUT_CORRUPT', 'a.png: imaginea nu are dimensiuni valide.');
    const plain = new RangeError('x');
    for (const err of [measured, corrupt, plain]) expect(namingPage('a.png', err)).toBe(err);
  });
});
