/**
 * Batches page and review page API (read side): the journal's batches with their status, one
 * batch's summary and pages, page pictures, the batch's PDFs; the outbox (outbox-routes.ts).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyPluginAsync } from 'fastify';
import { StationError } from '../../../../shared/src/errors.ts';
import type { SplitSummary } from '../../../../shared/src/split-summary.ts';
import type { StationContext } from '../../cli/station-context.ts';
import { createBatchListing, type BatchListRow } from '../../journal/batch-listing.ts';
import type { OutboxItem } from '../../journal/outbox-repository.ts';
import { finishPendingCorrections } from '../../review/commit-corrections.ts';
import type { OutboxCourier } from '../outbox-courier.ts';
import { outboxReason } from '../outbox-words.ts';
import { largeViewOf, thumbnailDir, thumbnailOf } from '../page-images.ts';
import { outboxRoutes } from './outbox-routes.ts';
import { scannerLabel, type ScanRunner } from '../scan-runner.ts';

export interface BatchRouteDeps {
  station: StationContext;
  runner: ScanRunner;
  courier: OutboxCourier;
}

/** How the clerk sees a batch: scanning, paused, done, reported, waiting in the outbox… */
export type BatchState = 'scanning' | 'paused' | 'failed' | 'cancelled' | 'reported' | 'waiting' | 'refused' | 'done';

async function readSummary(row: { outDir: string; summaryJson: string | null }, batchId: string): Promise<SplitSummary | null> {
  const text = await readFile(path.join(row.outDir, 'summary.json'), 'utf8').catch(() => null);
  for (const t of [text, row.summaryJson]) {
    if (!t) continue;
    try {
      const s = JSON.parse(t) as SplitSummary;
      if (s.batchId === batchId) return s;
    } catch {
      // a damaged file: the journal's copy is next
    }
  }
  return null;
}

function seqParam(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new StationError('NOT_FOUND', 'Pagina nu există.');
  return n;
}

export const batchRoutes: FastifyPluginAsync<BatchRouteDeps> = async (app, { station, runner, courier }) => {
  const { cfg, journal, outbox } = station;
  const listing = createBatchListing(station.db);
  const decode = { jpegQuality: cfg.jpegQuality, lossless: cfg.lossless, assumedDpi: cfg.assumedDpi };

  const stateOf = (b: BatchListRow, item: OutboxItem | null): BatchState => {
    if (b.status === 'running') return runner.state().batchId === b.id ? 'scanning' : 'paused'; // running but nobody drives it: interrupted
    if (b.status !== 'completed') return b.status;
    if (!item) return 'done';
    return item.deliveredAt ? 'reported' : item.attentionAt ? 'refused' : 'waiting';
  };
  const batchOr404 = (id: string) => {
    const row = journal.get(id);
    if (!row) throw new StationError('BATCH_NOT_FOUND', `Lotul ${id} nu există în jurnalul stației.`);
    return row;
  };

  app.get('/api/batches', async () => {
    const rows = listing.list();
    const run = runner.running();
    // the running batch once journalled: its own row, also when older than the newest the list holds (a paused batch resumed)
    if (run && journal.get(run.id) && !rows.some((b) => b.id === run.id)) {
      const own = listing.one(run.id);
      if (own) rows.unshift(own);
    }
    // the batch the runner has begun but not journalled yet (its checks, the registry's borderou, the workers starting): listed all the same
    const unjournalled = run && !journal.get(run.id) ? [{
      id: run.id, kind: run.kind, state: 'scanning' as BatchState, startedAt: run.startedAt, endedAt: null, outDir: run.outDir, scanner: run.scanner,
      pages: 0, documents: 0, reconciliation: null, error: null, outboxReason: null,
    }] : [];
    return { batches: [...unjournalled, ...rows.map((b) => {
      const item = outbox.get(b.id);
      let recon: { missing: number; unexpected: number; duplicates: number } | null = null;
      if (b.summaryJson) {
        const s = JSON.parse(b.summaryJson) as SplitSummary;
        if (s.reconciliation) recon = { missing: s.reconciliation.missing.length, unexpected: s.reconciliation.unexpected.length, duplicates: s.reconciliation.duplicates.length };
      }
      const request = b.options.request as { device?: string } | undefined;
      return {
        id: b.id, kind: b.kind, state: stateOf(b, item), startedAt: b.startedAt, endedAt: b.endedAt, outDir: b.outDir,
        scanner: scannerLabel(b.kind, b.options.driver as string | undefined, request?.device),
        pages: b.pages, documents: b.documents, reconciliation: recon, error: b.errorMessage, outboxReason: outboxReason(item),
      };
    })] };
  });

  app.get('/api/batches/:id', async (req) => {
    const id = (req.params as { id: string }).id;
    const run = runner.running();
    if (run?.id === id && !journal.get(id)) {
      // begun, not journalled yet: the batch as the list shows it, no pages so far
      const batch = { id, kind: run.kind, state: 'scanning' as BatchState, startedAt: run.startedAt, endedAt: null, outDir: run.outDir, options: {}, error: null };
      return { batch, summary: null, pages: [], warnings: [], outbox: null };
    }
    const row = batchOr404(id);
    // a save a crash interrupted: finished, its corrected report queued (said, and sent by the background sender)
    if (row.status === 'completed' && (await finishPendingCorrections(station, row.outDir))) courier.queued([id]);
    const item = outbox.get(id);
    const b = listing.one(id);
    const summary = await readSummary(row, id);
    return {
      batch: { id, kind: row.kind, state: b ? stateOf(b, item) : row.status, startedAt: row.startedAt, endedAt: row.endedAt, outDir: row.outDir, options: row.options, error: row.errorMessage },
      summary,
      pages: listing.pages(id).map(({ path: _p, ...p }) => p),
      // a batch not ended has no summary yet: its warnings so far, as the journal kept them (an ended one's are the summary's)
      ...(summary ? {} : { warnings: journal.warnings(id).map(({ code, message }) => ({ code, message })) }),
      // why its report has not reached the registry, and what the server found wrong in it (the review page shows both)
      outbox: item ? { deliveredAt: item.deliveredAt, attempts: item.attempts, reason: outboxReason(item), problems: item.problems } : null,
    };
  });

  app.get('/api/batches/:id/thumbs/:seq', async (req, reply) => {
    const { id, seq } = req.params as { id: string; seq: string };
    batchOr404(id);
    const n = seqParam(seq);
    const jpeg = await thumbnailOf(thumbnailDir(cfg.dataDir, id), n, listing.page(id, n), decode);
    if (!jpeg) throw new StationError('NOT_FOUND', 'Pagina nu există.');
    return reply.type('image/png').header('cache-control', 'private, max-age=3600').send(jpeg);
  });

  app.get('/api/batches/:id/pages/:seq/large', async (req, reply) => {
    const { id, seq } = req.params as { id: string; seq: string };
    batchOr404(id);
    const page = listing.page(id, seqParam(seq));
    if (!page) throw new StationError('NOT_FOUND', 'Pagina nu există.');
    return reply.type('image/jpeg').header('cache-control', 'private, max-age=600').send(await largeViewOf(page, decode));
  });

  app.get('/api/batches/:id/files/:name', async (req, reply) => {
    const { id, name } = req.params as { id: string; name: string };
    const row = batchOr404(id);
    const summary = await readSummary(row, id);
    const files = new Set([...(summary?.documents ?? []).map((d) => d.file), summary?.unassigned?.file].filter((f): f is string => Boolean(f)));
    if (!files.has(name)) throw new StationError('NOT_FOUND', 'Fișierul nu face parte din lot.');
    const pdf = await readFile(path.join(row.outDir, name)).catch(() => null);
    if (!pdf) throw new StationError('NOT_FOUND', `Fișierul ${name} nu mai există în dosarul lotului.`);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${encodeURIComponent(name)}"`).send(pdf);
  });

  await app.register(outboxRoutes, { station, courier });
};
