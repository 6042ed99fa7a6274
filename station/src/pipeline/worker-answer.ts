/**
 * A page worker's answer (`page-worker.ts` → `worker-pool.ts`), structured-cloned between threads: a
 * failure travels as its text and, for a StationError, its code and details, so the calling thread
 * rebuilds the error as thrown and names its page by the one rule (`page-error.ts`, `namingPage`).
 */
import { StationError, type ErrorCode } from '../../../shared/src/errors.ts';
import { reasonOf } from './reason-of.ts';

export type FailureAnswer = { id: number; ok: false; error: string; code?: ErrorCode; details?: Record<string, unknown> };
export type Answer = { id: number; ok: true; value: unknown } | FailureAnswer;

/** `details` as a worker can post them: a copy, or, when something in them cannot be cloned (a function), their plain values only. */
function cloneable(details: Readonly<Record<string, unknown>>): Record<string, unknown> {
  try {
    return structuredClone(details) as Record<string, unknown>;
  } catch {
    return Object.fromEntries(Object.entries(details).filter(([, v]) => v === null || ['string', 'number', 'boolean', 'bigint', 'undefined'].includes(typeof v)));
  }
}

/** The answer for a request whose work threw `err` (anything: it never throws itself). */
export function failureAnswer(id: number, err: unknown): FailureAnswer {
  if (!(err instanceof StationError)) return { id, ok: false, error: reasonOf(err) };
  return { id, ok: false, error: err.message, code: err.code, details: cloneable(err.details) };
}

/** The error a failure answer stands for: the StationError as thrown in the worker (its code, message and details), else an Error with its text. */
export function answeredError(a: FailureAnswer): Error {
  return a.code === undefined ? new Error(a.error) : new StationError(a.code, a.error, a.details ?? {});
}
