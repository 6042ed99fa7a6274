/**
 * The real registry server built in-process (`buildApp`) on a temp SQLite file, listening on
 * 127.0.0.1 (port 0 or a given one), plus what station tests need around it: a registry that cannot
 * be reached, a port for a server whose address must be known before it starts, station tokens, and
 * split summaries to turn into reports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { onTestFinished } from 'vitest';
import { buildApp } from '../../server/src/app.ts';
import type { SplitSummary, SummaryDocument } from '../../shared/src/split-summary.ts';

export const REGISTRY_ADMIN_TOKEN = 'station-tests-admin-token-0123';

export interface RegistryApp {
  app: FastifyInstance;
  base: string;
  port: number;
  dir: string;
  /** Creates a station through the admin endpoint; returns its token. */
  addStation(name: string): Promise<string>;
  /** One number from the server's database. */
  count(sql: string, ...params: unknown[]): number;
  /** Stops listening; the data folder stays (so the server can be started again on it). */
  stop(): Promise<void>;
  /** Stops and deletes the data folder. */
  close(): Promise<void>;
}

export async function startRegistry(opts: { port?: number; dir?: string } = {}): Promise<RegistryApp> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'registry-'));
  const app = await buildApp({ dataDir: dir, adminToken: REGISTRY_ADMIN_TOKEN, logger: { level: 'silent' } });
  await app.listen({ port: opts.port ?? 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('registry: no address');
  const base = `http://127.0.0.1:${address.port}`;
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= app.close());
  return {
    app,
    base,
    port: address.port,
    dir,
    async addStation(name) {
      const res = await fetch(`${base}/api/stations`, {
        method: 'POST',
        headers: { authorization: `Bearer ${REGISTRY_ADMIN_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name }),
      });
      if (res.status !== 201) throw new Error(`station ${name}: ${res.status} ${await res.text()}`);
      return ((await res.json()) as { token: string }).token;
    },
    count: (sql, ...params) => app.db.prepare(sql).pluck().get(...params) as number,
    stop,
    async close() {
      await stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A loopback port that was free a moment ago (nothing listens on it now). Racy: on a loaded machine
 * another test's server may take it before it is used. Prefer listening on port 0 and reading the
 * port back; `onFreePort` for a server whose port must be known before it starts; `unreachableRegistry`
 * for an address where nothing answers.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * Starts a server whose port must be known before it starts (written into a station's settings, used
 * again after a restart): on `first` (the port it had) or a port free a moment ago, and on another
 * one if that was taken meanwhile (`start` rejects with code EADDRINUSE).
 */
export async function onFreePort<T>(start: (port: number) => Promise<T>, o: { first?: number; attempts?: number } = {}): Promise<T> {
  const attempts = o.attempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    try {
      return await start(attempt === 1 && o.first !== undefined ? o.first : await freePort());
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= attempts) throw err;
    }
  }
}

export interface UnreachableRegistry {
  /** `http://127.0.0.1:<port>`: connections are dropped without an answer. */
  url: string;
  close(): Promise<void>;
}

/**
 * A registry that cannot be reached: its port is held for the test (no other server can take it, as
 * one could a port merely found free), and every connection is dropped before any answer — for the
 * station, no answer at all, as from a registry that is down.
 */
export function unreachableRegistry(): Promise<UnreachableRegistry> {
  const sockets = new Set<Socket>();
  const srv = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.resetAndDestroy();
  });
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      resolve({
        url: `http://127.0.0.1:${port}`,
        close: () => new Promise<void>((done) => {
          for (const s of sockets) s.destroy();
          srv.close(() => done());
        }),
      });
    });
  });
}

/** `unreachableRegistry` for one test: closed when the test ends. */
export async function downRegistry(): Promise<UnreachableRegistry> {
  const down = await unreachableRegistry();
  onTestFinished(() => down.close());
  return down;
}

let docCounter = 0;

/** A document of a split summary, as the station writes it. */
export function summaryDocument(id: string, pages: number, extra: Partial<SummaryDocument> = {}): SummaryDocument {
  docCounter += 1;
  const empty = pages === 0;
  return {
    id,
    file: empty ? null : `${id.replace(/[^0-9A-Za-z]+/g, '_')}.pdf`,
    pages,
    sheets: pages,
    sha256: empty ? null : docCounter.toString(16).padStart(64, '0'),
    flags: empty ? ['empty'] : [],
    bytes: empty ? undefined : 1000 * pages,
    separatorSeq: docCounter,
    ...extra,
  };
}

/** A split summary whose counts add up (pagesIn = separators + blanks + document pages + unassigned). */
export function splitSummary(batchId: string, documents: SummaryDocument[], opts: { blankPages?: number; unassignedPages?: number; startedAt?: string } = {}): SplitSummary {
  const blankPages = opts.blankPages ?? 0;
  const unassigned = opts.unassignedPages ? { file: 'unassigned.pdf', pages: opts.unassignedPages, sheets: opts.unassignedPages, sha256: 'f'.repeat(64) } : null;
  const startedAt = opts.startedAt ?? '2021-09-27T09:00:00.000+03:00';
  return {
    batchId,
    startedAt,
    endedAt: new Date(Date.parse(startedAt) + 60_000).toISOString(),
    pagesIn: documents.length + blankPages + documents.reduce((n, d) => n + d.pages, 0) + (unassigned?.pages ?? 0),
    separatorPages: documents.length,
    blankPages,
    documents,
    unassigned,
    warnings: [],
    removedBlanks: [],
    separators: [],
    options: { duplex: false, removeBlank: false, genericSeparators: [], separatorPattern: '^x$' },
    inputs: ['/scan/lot'],
  };
}

/**
 * A registry on loopback with station «ghiseu-1» added and the borderou `csv` posted for `date`;
 * `status` is the answer to that post (201 when it was kept).
 */
export async function startRegistryWithBorderou(csv: Uint8Array, date = '2021-09-27'): Promise<{ registry: RegistryApp; token: string; status: number }> {
  const registry = await startRegistry();
  const token = await registry.addStation('ghiseu-1');
  const res = await fetch(`${registry.base}/api/borderouri?date=${date}`, {
    method: 'POST', headers: { authorization: `Bearer ${REGISTRY_ADMIN_TOKEN}`, 'content-type': 'text/csv' }, body: new Uint8Array(csv),
  });
  return { registry, token, status: res.status };
}
