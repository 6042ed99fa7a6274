/**
 * Builds the registry server as a fastify instance without listening: external plugins (security headers, OpenAPI),
 * then app plugins (errors, access control), then routes. The database (SQLite in the data folder, or
 * PostgreSQL at `databaseUrl`) is migrated on start and closes with the app.
 */
import { join } from 'node:path';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { isStationError } from '../../shared/src/errors.ts';
import { BORDEROU_CSV_MAX_BYTES } from '../../shared/src/schemas/borderou.ts';
import { registerAccessControl } from './access/access-control.ts';
import { bearerIdentifier } from './access/bearer-identifier.ts';
import { sessionIdentifier } from './access/session-identifier.ts';
import type { SessionCookieSecure } from './config.ts';
import type { PasswordHashCost } from './auth/passwords.ts';
import { createLogins } from './auth/login.ts';
import { createRepositories, type RouteContext } from './context.ts';
import { DATABASE_FILE } from './db/open-database.ts';
import { openSqlClient, type DatabaseTarget } from './db/open-sql-client.ts';
import type { SqlClient } from './db/sql-client.ts';
import type { SqliteClient } from './db/sqlite-client.ts';
import { createLogger, type LoggerOptions } from './logger.ts';
import { registerErrorHandling } from './plugins/error-handler.ts';
import { registerEtags } from './plugins/etag.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import { registerSecurityHeaders } from './plugins/security-headers.ts';
import { auditRoutes } from './routes/audit-routes.ts';
import { batchRoutes } from './routes/batch-routes.ts';
import { batchVersionsRoutes } from './routes/batch-versions-routes.ts';
import { heldBatchesRoutes } from './routes/held-batches-routes.ts';
import { dayBorderouRoutes } from './routes/day-borderou-routes.ts';
import { borderouPreviewRoutes } from './routes/borderou-preview-routes.ts';
import { borderouRoutes } from './routes/borderou-routes.ts';
import { docsRoutes } from './routes/docs-routes.ts';
import { healthRoutes } from './routes/health-routes.ts';
import { reconciliationDocumentsRoutes } from './routes/reconciliation-documents-routes.ts';
import { reconciliationRoutes } from './routes/reconciliation-routes.ts';
import { reportExportRoutes } from './routes/report-export-routes.ts';
import { reportRoutes } from './routes/report-routes.ts';
import { sessionRoutes } from './routes/session-routes.ts';
import { stationRoutes } from './routes/station-routes.ts';
import { stationTokenRoutes } from './routes/station-token-routes.ts';
import { userRoutes } from './routes/user-routes.ts';
import { webRoutes } from './routes/web-routes.ts';

export interface BuildAppOptions {
  /** Folder holding `registry.sqlite`; ignored when `dbPath` or `databaseUrl` is given. */
  dataDir?: string;
  /** The SQLite file itself. */
  dbPath?: string;
  /** `postgres://…`: the registry in PostgreSQL instead of SQLite. */
  databaseUrl?: string;
  adminToken: string;
  logger?: LoggerOptions;
  /** Largest JSON body, bytes (default 2 MiB). */
  bodyLimit?: number;
  /** Largest borderou CSV, bytes (default 5 MiB). */
  csvBodyLimit?: number;
  /** Time zone deciding the day a batch was scanned (default Europe/Bucharest). */
  timeZone?: string;
  /** The clock for sessions, lockouts and the audit log (tests inject one). */
  now?: () => Date;
  /** Folder of the built web app (default server/web/dist). */
  webRoot?: string;
  /** How new password hashes are made (config passwordHashCost; default standard). */
  passwordHashCost?: PasswordHashCost;
  /**
   * The reverse proxies (addresses, CIDR ranges) whose `X-Forwarded-For` names the client: its address
   * is then the one login lockouts, the audit log and the logs use. Default none: the socket's address.
   */
  trustProxy?: string[];
  /**
   * When the session cookie is Secure: `auto` (default) over HTTPS to this server, or behind a proxy
   * named in trustProxy that sends `X-Forwarded-Proto: https`; `always` on every answer (HTTPS ended by
   * a proxy that does not send the header).
   */
  sessionCookieSecure?: SessionCookieSecure;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The registry's database, either engine. */
    sql: SqlClient;
    /** The SQLite connection itself (tests, SQLite-only tools); throws on PostgreSQL. */
    db: SqliteClient['raw'];
  }
}

export async function buildApp(opts: BuildAppOptions): Promise<FastifyInstance> {
  const dbPath = opts.dbPath ?? (opts.dataDir ? join(opts.dataDir, DATABASE_FILE) : undefined);
  const target: DatabaseTarget | undefined = opts.databaseUrl ? { engine: 'postgres', url: opts.databaseUrl }
    : dbPath ? { engine: 'sqlite', file: dbPath } : undefined;
  if (!target) throw new TypeError('buildApp: dataDir, dbPath or databaseUrl is required');
  if (opts.adminToken.length < 16) throw new TypeError('buildApp: adminToken must have at least 16 characters');

  const logger = createLogger(opts.logger);
  // PostgreSQL: a transaction run again after a deadlock or a serialization failure (rare: writers
  // take their locks in one order) is logged, so that one happening often is seen.
  const db = await openSqlClient(target, { onRetry: (retry) => logger.warn({ retry }, 'database transaction run again') })
    .catch((err: unknown) => {
      // the administrator reads the Romanian message on stderr (cli.ts); the log gets the code and details
      logger.error(isStationError(err) ? { code: err.code, details: err.details } : { err }, 'registry database could not be opened or migrated');
      throw err;
    });
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    bodyLimit: opts.bodyLimit ?? 2 * 1024 * 1024,
    // Only the named proxies: trusting every sender would let any client pick the address it is locked out by.
    trustProxy: opts.trustProxy && opts.trustProxy.length > 0 ? opts.trustProxy : false,
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
    return503OnClosing: true,
    forceCloseConnections: 'idle',
  });
  app.decorate('sql', db);
  app.decorate('db', {
    getter(): SqliteClient['raw'] {
      if (db.engine !== 'sqlite') throw new TypeError('app.db is the SQLite connection; this registry is on PostgreSQL (use app.sql)');
      return (db as SqliteClient).raw;
    },
  });
  app.addHook('onClose', async () => {
    await db.close();
  });

  try {
    await registerSecurityHeaders(app);
    await registerOpenApi(app);
    registerErrorHandling(app);
    app.removeContentTypeParser('text/plain');

    const now = opts.now ?? (() => new Date());
    const repos = createRepositories(db, now);
    const hashCost = opts.passwordHashCost ?? 'standard';
    if (hashCost !== 'standard') logger.warn({ passwordHashCost: hashCost }, 'password hashes are made with a weak test-only cost');
    const logins = createLogins({ users: repos.users, sessions: repos.sessions, audit: repos.audit, now, hashCost });
    // Who may call which route: server/src/access/access-rules.ts (one table, one hook).
    // A bearer token wins over a session cookie when a request carries both.
    registerAccessControl(app, [bearerIdentifier(opts.adminToken, repos.stations), sessionIdentifier(logins)]);
    registerEtags(app);
    const context: RouteContext = {
      repos,
      timeZone: opts.timeZone ?? 'Europe/Bucharest',
      csvBodyLimit: opts.csvBodyLimit ?? BORDEROU_CSV_MAX_BYTES,
      logins,
      now,
      hashCost,
      sessionCookieSecure: opts.sessionCookieSecure ?? 'auto',
    };
    await app.register(healthRoutes, { db });
    await app.register(stationRoutes, context);
    await app.register(batchRoutes, context);
    await app.register(batchVersionsRoutes, context);
    await app.register(heldBatchesRoutes, context);
    await app.register(dayBorderouRoutes, context);
    await app.register(borderouRoutes, context);
    await app.register(reconciliationRoutes, context);
    await app.register(reportRoutes, context);
    await app.register(docsRoutes);
    await app.register(sessionRoutes, context);
    await app.register(auditRoutes, context);
    await app.register(borderouPreviewRoutes, context);
    await app.register(reportExportRoutes, context);
    await app.register(stationTokenRoutes, context);
    await app.register(reconciliationDocumentsRoutes, context);
    await app.register(userRoutes, context);
    await app.register(webRoutes, { root: opts.webRoot });
    await app.ready();
  } catch (err) {
    await app.close().catch(() => undefined);
    throw err;
  }
  return app;
}
