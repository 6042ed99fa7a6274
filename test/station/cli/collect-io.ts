/** A real in-memory CliIo for command tests: stdout and stderr collected as text. */
import { Writable } from 'node:stream';

export interface CollectedIo {
  io: { stdout: Writable; stderr: Writable; cwd?: string };
  out: () => string;
  err: () => string;
}

export function collectIo(cwd?: string): CollectedIo {
  const chunks = { out: [] as string[], err: [] as string[] };
  const sink = (into: string[]): Writable =>
    new Writable({
      write(chunk, _enc, done) {
        into.push(String(chunk));
        done();
      },
    });
  return { io: { stdout: sink(chunks.out), stderr: sink(chunks.err), cwd }, out: () => chunks.out.join(''), err: () => chunks.err.join('') };
}
