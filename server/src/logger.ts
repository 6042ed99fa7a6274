/**
 * The server's pino logger: JSON objects, secrets redacted by path, request headers minus credentials,
 * and secret-looking query parameters (`?token=…`) redacted from logged URLs.
 */
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

/** Query parameters whose value is a secret: never written to the log, whatever route they reach. */
const SECRET_PARAMETER = /token|auth|key|secret|pass|session|sig|cookie|credential/i;

/** The URL with the values of secret-looking query parameters replaced by `[Redacted]`. */
export function redactUrl(url: string): string {
  const q = url.indexOf('?');
  if (q < 0) return url;
  const query = url.slice(q + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const rawName = eq < 0 ? pair : pair.slice(0, eq);
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      // a malformed escape: judge the raw name
    }
    return eq >= 0 && SECRET_PARAMETER.test(name) ? `${rawName}=[Redacted]` : pair;
  });
  return `${url.slice(0, q)}?${query.join('&')}`;
}

export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      redact: { paths: REDACTED_PATHS, censor: '[Redacted]' },
      serializers: {
        req: (request: FastifyRequest) => ({
          method: request.method,
          url: redactUrl(request.url),
          remoteAddress: request.ip,
          headers: { ...request.headers },
        }),
      },
    },
    options.destination,
  );
}
