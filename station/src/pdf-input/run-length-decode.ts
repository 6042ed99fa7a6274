import { PdfInputProblem } from './pdf-input-problem.ts';

/** RunLengthDecode (PackBits with 128 as end of data), bounded by `maxOutput`. */
export function runLengthDecode(input: Uint8Array, maxOutput: number): Uint8Array {
  const chunks: Uint8Array[] = [];
  let total = 0;
  let pos = 0;
  while (pos < input.length) {
    const len = input[pos++]!;
    if (len === 128) break;
    let chunk: Uint8Array;
    if (len < 128) {
      chunk = input.subarray(pos, pos + len + 1);
      pos += len + 1;
    } else {
      chunk = new Uint8Array(257 - len).fill(input[pos++] ?? 0);
    }
    total += chunk.length;
    if (total > maxOutput) {
      throw new PdfInputProblem('INPUT_CORRUPT', 'datele comprimate depășesc dimensiunea așteptată (fișier deteriorat sau rău intenționat)', { filter: 'RunLengthDecode', maxOutput });
    }
    chunks.push(chunk);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}
