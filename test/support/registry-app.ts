/**
 * The real registry server built in-process (`buildApp`) on a temp SQLite file, listening on
 * 127.0.0.1 (port 0 or a given one), plus what station tests need around it: a free port where
 * nothing listens, station tokens, and split summaries to turn into reports.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
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

/** A loopback port that was free a moment ago (nothing listens on it now). */
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
