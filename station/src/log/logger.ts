/**
 * pino logger of the station: JSON objects to a file under the data folder (the clerk's
 * terminal shows only Romanian messages), tokens and authorization headers redacted.
 */
import path from 'node:path';
import pino, { type DestinationStream, type Logger } from 'pino';

export const REDACT_PATHS = ['token', '*.token', 'server.token', 'headers.authorization', '*.headers.authorization', 'authorization'];

/**
 * The log file is opened (and its folder made) asynchronously: a folder that cannot be made or is
 * removed meanwhile (a test's temporary folder, a pulled stick), a disk failing while writing — the
 * destination's error is said once on stderr and the lines after it are dropped, instead of an
 * unhandled error ending the process (or every later log call throwing on the unopened file).
 */
export function createLogger(dataDir: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const file = path.join(dataDir, 'logs', 'station.log');
  const boom = pino.destination({ dest: file, mkdir: true, sync: false });
  let broken = false;
  const fail = (err: unknown) => {
    if (broken) return;
    broken = true;
    boom.flushSync = () => {}; // pino flushes it synchronously at exit: the lines it holds cannot go anywhere
    process.stderr.write(`station: fișierul jurnalului ${file} nu poate fi scris (${err instanceof Error ? err.message : String(err)}); rândurile jurnalului nu se mai păstrează\n`);
  };
  boom.on('error', fail);
  const dest: DestinationStream & { flush(cb?: (err?: Error) => void): void } = {
    write(line: string) {
      if (broken) return;
      try {
        boom.write(line);
      } catch (err) {
        fail(err);
      }
    },
    flush(cb) {
      if (broken) cb?.();
      else boom.flush(cb);
    },
  };
  return pino({ level, base: { app: 'station' }, redact: { paths: REDACT_PATHS, censor: '[redactat]' } }, dest);
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
