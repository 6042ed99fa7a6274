/**
 * Listens: builds the app from the configuration, serves until SIGTERM or SIGINT, then closes
 * gracefully (in-flight requests finish, the database is closed).
 */
import type { FastifyInstance } from 'fastify';
import { buildApp } from './app.ts';
import { resolveAdminToken } from './admin-token.ts';
import { trustedProxies, type ServerConfig } from './config.ts';
import type { LoggerOptions } from './logger.ts';

export interface RunningServer {
  app: FastifyInstance;
  /** `http://host:port` actually bound (the port is real even when 0 was asked). */
  url: string;
  /** Settles once the server has closed through a signal or `close()` (not a bare `app.close()`). */
  closed: Promise<void>;
  close(): Promise<void>;
}

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

export async function startServer(config: ServerConfig, logger: LoggerOptions = {}): Promise<RunningServer> {
  const admin = resolveAdminToken(config.adminToken, config.dataDir);
  const app = await buildApp({
    dataDir: config.dataDir,
    adminToken: admin.token,
    logger: { level: config.logLevel, ...logger },
    bodyLimit: config.bodyLimit,
    csvBodyLimit: config.csvBodyLimit,
    timeZone: config.timeZone,
    databaseUrl: config.databaseUrl,
    passwordHashCost: config.passwordHashCost,
    trustProxy: trustedProxies(config.trustProxy),
    sessionCookieSecure: config.sessionCookieSecure,
  });
  if (admin.file) {
    app.log.info({ file: admin.file, created: admin.created }, admin.created
      ? 'admin token generated and stored in file (mode 0600)'
      : 'admin token read from file');
  }

  let closedResolve!: () => void;
  const closed = new Promise<void>((resolve) => { closedResolve = resolve; });
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= app.close().finally(() => {
      for (const signal of SIGNALS) process.off(signal, onSignal);
      closedResolve();
    });
    return closing;
  };
  function onSignal(signal: NodeJS.Signals): void {
    app.log.info({ signal }, 'shutting down');
    close().catch((err: unknown) => app.log.error({ err }, 'shutdown failed'));
  }
  for (const signal of SIGNALS) process.on(signal, onSignal);

  try {
    await app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { app, url: `http://${host}:${port}`, closed, close };
}
