/** A CliIo that records what a command writes, for calling CLI commands in-process. */
import { Writable } from 'node:stream';
import type { CliIo } from '../../station/src/cli/cli-io.ts';

export interface CapturedIo extends CliIo {
  out: () => string;
  err: () => string;
}

export function captureIo(opts: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): CapturedIo {
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  const sink = (into: Buffer[]) =>
    new Writable({
      write(chunk, _enc, cb) {
        into.push(Buffer.from(chunk));
        cb();
      },
    });
  return {
    stdout: sink(chunks.out),
    stderr: sink(chunks.err),
    // an empty environment by default: the developer's STATION_* variables must not leak in
    env: opts.env ?? {},
    cwd: opts.cwd,
    out: () => Buffer.concat(chunks.out).toString('utf8'),
    err: () => Buffer.concat(chunks.err).toString('utf8'),
  };
}
