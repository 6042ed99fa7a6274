/** The server's pino logger: JSON objects, secrets redacted by path, request headers minus credentials. */
import pino, { type DestinationStream, type Logger, type LevelWithSilent } from 'pino';
import type { FastifyRequest } from 'fastify';

export interface LoggerOptions {
  level?: LevelWithSilent;
  /** Where log lines go (stdout when absent); tests pass a stream to read them. */
  destination?: DestinationStream;
}

export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'headers.authorization',
  'token',
  '*.token',
];

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
      serializers: {
        req: (request: FastifyRequest) => ({
          method: request.method,
          url: request.url,
          remoteAddress: request.ip,
          headers: { ...request.headers },
        }),
      },
    },
    options.destination,
  );
}
