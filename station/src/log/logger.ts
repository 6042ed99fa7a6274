/**
 * pino logger of the station: JSON objects to a file under the data folder (the clerk's
 * terminal shows only Romanian messages), tokens and authorization headers redacted.
 */
import path from 'node:path';
import pino, { type Logger } from 'pino';

export const REDACT_PATHS = ['token', '*.token', 'server.token', 'headers.authorization', '*.headers.authorization', 'authorization'];

export function createLogger(dataDir: string, level = process.env.LOG_LEVEL ?? 'info'): Logger {
  const dest = pino.destination({ dest: path.join(dataDir, 'logs', 'station.log'), mkdir: true, sync: false });
  return pino({ level, base: { app: 'station' }, redact: { paths: REDACT_PATHS, censor: '[redactat]' } }, dest);
}

/** A logger that writes nothing, for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
