/**
 * A page's work that failed with an error of its own (a preview too large for a kernel's memory:
 * `tooLargeForKernel`, INPUT_TOO_LARGE) fails as that page: its code kept, its message after the
 * page's name, the name in `details.page`. The kernels do not know the page; the worker pool
 * (`worker-pool.ts`, for work in a worker or in the calling thread) and the page stages in the
 * calling thread (`pipeline.ts`) do, and both name it by this one rule (`namingPage`).
 */
import { StationError } from '../../../shared/src/errors.ts';

/**
 * `err` as the page's error, whatever its code: its message after the page's name, the name in
 * `details.page`, its code and other details kept, `err` as the cause (`namingPage` says when).
 * The message is a sentence of its own («Pagina este prea mare…», as shown where no page is known);
 * after the name and a colon its first word is lower case («a.png: pagina este prea mare…»), an
 * abbreviation («PDF-ul») left as it is. Not `pdf-input-problem.ts`'s `pageError`, which makes a PDF
 * page's error from its parts.
 */
function prefixedWithPage(label: string, err: StationError): StationError {
  return new StationError(err.code, `${label}: ${afterColon(err.message)}`, { ...err.details, page: label }, { cause: err });
}

/**
 * A sentence's first letter in lower case when its first word is a plain word followed by a space or a
 * comma (`Pagina este`, `O pagină`), not an abbreviation or a file name (`PDF-ul`, `Scan.pdf`). A
 * proper noun first (`Windows nu…`) would be lowered too: the messages that reach here start with «Pagina».
 */
function afterColon(sentence: string): string {
  return sentence.replace(/^\p{Lu}(?=\p{Ll}*[\s,;])/u, (first) => first.toLowerCase());
}

/**
 * `err` named as the page's when it is a page's INPUT_TOO_LARGE that names none (no `details.page`);
 * anything else unchanged: an error that names its page already, or of another code (CPU_UNSUPPORTED
 * is the computer's, not the page's).
 */
export function namingPage(label: string, err: StationError): StationError;
export function namingPage(label: string, err: unknown): unknown;
export function namingPage(label: string, err: unknown): unknown {
  if (!(err instanceof StationError) || err.code !== 'INPUT_TOO_LARGE' || err.details.page !== undefined) return err;
  return prefixedWithPage(label, err);
}
