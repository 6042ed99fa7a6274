import { constants, inflateRawSync, inflateSync } from 'node:zlib';
import { corruptImage, PdfInputProblem } from './pdf-input-problem.ts';

/**
 * Inflates a FlateDecode stream, never producing more than `maxOutput` bytes (a "zip bomb" stops
 * there). A stream cut short or missing its checksum yields what could be inflated, as viewers do;
 * a stream without the zlib header is tried as raw deflate.
 */
export function inflateBounded(data: Uint8Array, maxOutput: number): Uint8Array {
  const options = { maxOutputLength: Math.max(1, maxOutput), finishFlush: constants.Z_SYNC_FLUSH };
  try {
    return plain(inflateSync(data, options));
  } catch (err) {
    if (isTooLarge(err)) throw tooLarge(maxOutput, err);
    try {
      return plain(inflateRawSync(data, options));
    } catch (rawErr) {
      if (isTooLarge(rawErr)) throw tooLarge(maxOutput, rawErr);
      throw corruptImage({ filter: 'FlateDecode' }, err);
    }
  }
}

function isTooLarge(err: unknown): boolean {
  return (err as { code?: unknown } | null)?.code === 'ERR_BUFFER_TOO_LARGE';
}

function tooLarge(maxOutput: number, cause: unknown): PdfInputProblem {
  return new PdfInputProblem('INPUT_CORRUPT', 'datele comprimate depășesc dimensiunea așteptată (fișier deteriorat sau rău intenționat)', { filter: 'FlateDecode', maxOutput }, { cause });
}

/** A plain Uint8Array view of a Buffer, so that callers never see Buffer-only behaviour. */
const plain = (buf: Buffer): Uint8Array => new Uint8Array(buf.buffer, buf.byteOffset, buf.length);
