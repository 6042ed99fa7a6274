/**
 * Builds the real app on a temp SQLite file, or on a fresh PostgreSQL database (`engine: 'postgres'`,
 * test/support/postgres.ts), and listens on loopback; requests go over real HTTP.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp, type BuildAppOptions } from '../../../server/src/app.ts';
import type { BatchReport } from '../../../shared/src/schemas/batch-report.ts';
import { describePostgresUrl } from '../../../server/src/db/postgres-client.ts';
import { createTestDatabase, type TestEngine } from '../../support/postgres.ts';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  app: FastifyInstance;
  base: string;
  dir: string;
  /** Where it lives (the CLI's environment for it, the line naming it). */
  place: RegistryPlace;
  request(method: string, path: string, init?: RequestOptions): Promise<Response>;
  /** Creates a station through the admin endpoint and returns its token. */
  addStation(name: string): Promise<string>;
  /** The first column of the first row of a query, on either engine (`?` placeholders). */
  value<T = number>(sql: string, ...params: unknown[]): Promise<T>;
  /** The rows of a query, on either engine. */
  rows<T = Record<string, unknown>>(sql: string, ...params: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface RequestOptions {
  token?: string | null;
  json?: unknown;
  body?: string | Uint8Array;
  contentType?: string;
  headers?: Record<string, string>;
}

export function tempDir(prefix = 'scan-server-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Where a test registry lives before its app starts (so the CLI can work on it first). */
export interface RegistryPlace {
  dir: string;
  /** Set on PostgreSQL. */
  databaseUrl?: string;
  /** The environment a CLI run on this registry gets. */
  env: Record<string, string>;
  /** The line the CLI prints on stderr naming this database. */
  databaseLine: string;
  drop(): Promise<void>;
}

export async function registryPlace(engine: TestEngine, dir: string = tempDir()): Promise<RegistryPlace> {
  const database = engine === 'postgres' ? await createTestDatabase() : undefined;
  return {
    dir,
    databaseUrl: database?.url,
    env: database ? { DATA_DIR: dir, DATABASE_URL: database.url } : { DATA_DIR: dir },
    databaseLine: database ? `Baza de date: ${describePostgresUrl(database.url)} (PostgreSQL).` : `Baza de date: ${dir}/registry.sqlite.`,
    drop: async () => {
      await database?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `where`: a folder (SQLite there, or a fresh PostgreSQL database with `engine`), or a place prepared with registryPlace. */
export async function startTestApp(
  overrides: Partial<BuildAppOptions> = {}, where: string | RegistryPlace = tempDir(), engine: TestEngine = 'sqlite',
): Promise<TestApp> {
  const place = typeof where === 'string' ? await registryPlace(engine, where) : where;
  const dir = place.dir;
  let app: FastifyInstance;
  try {
    // the test-only hash cost (config passwordHashCost): hundreds of logins; passwords.test.ts checks the standard one
    app = await buildApp({ dataDir: dir, databaseUrl: place.databaseUrl, adminToken: ADMIN_TOKEN, logger: { level: 'silent' }, passwordHashCost: 'test-only-weak', ...overrides });
  } catch (err) {
    await place.drop();
    throw err;
  }
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('no address');
  const base = `http://127.0.0.1:${address.port}`;

  const request = (method: string, path: string, init: RequestOptions = {}): Promise<Response> => {
    const headers: Record<string, string> = { ...init.headers };
    const token = init.token === undefined ? ADMIN_TOKEN : init.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let body: string | Uint8Array | undefined = init.body;
    if (init.json !== undefined) {
      body = JSON.stringify(init.json);
      headers['content-type'] = 'application/json';
    }
    if (init.contentType) headers['content-type'] = init.contentType;
    return fetch(`${base}${path}`, { method, headers, body: body as BodyInit | undefined });
  };

  return {
    app,
    base,
    dir,
    place,
    request,
    async addStation(name) {
      const response = await request('POST', '/api/stations', { json: { name } });
      if (response.status !== 201) throw new Error(`station ${name}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { token: string }).token;
    },
    async value<T>(sql: string, ...params: unknown[]) {
      const row = await app.sql.get<Record<string, unknown>>(sql, params);
      return (row ? Object.values(row)[0] : undefined) as T;
    },
    rows: (sql, ...params) => app.sql.all(sql, params),
    async close() {
      try {
        const closing = app.close();
        // the test is over: a connection still busy (a response body a test never read) is ended
        // now, not after the server's 60-second header timeout
        app.server.closeAllConnections();
        await closing;
      } finally {
        await place.drop();
      }
    },
  };
}

/** A valid batch report; `documents` are registration numbers or full document objects. */
export function batchReport(station: string, batchId: string, overrides: Partial<BatchReport> = {}): BatchReport {
  return {
    batchId,
    station,
    startedAt: '2021-09-27T09:00:00+03:00',
    endedAt: '2021-09-27T09:20:00+03:00',
    separatorPages: 2,
    blankPages: 1,
    unassignedPages: 0,
    pagesIn: 8,
    documents: [doc('84512/27.09.2021', 2, 3), doc('84513/27.09.2021', 1, 2)],
    ...overrides,
  };
}

let fileCounter = 0;

export function doc(id: string, sheets: number, pages: number, flags: string[] = []): BatchReport['documents'][number] {
  fileCounter += 1;
  return {
    id,
    file: `${id.replace(/[^0-9A-Za-z]+/g, '_')}.pdf`,
    pages,
    sheets,
    sha256: fileCounter.toString(16).padStart(64, '0'),
    flags,
  };
}
