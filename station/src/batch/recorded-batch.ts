/**
 * Runs a batch with its journal: the batch, each page file (with its hash) and each page's fate
 * are recorded as they happen; completion and the outbox report are one transaction.
 */
import type { Logger } from 'pino';
import { isStationError } from '../../../shared/src/errors.ts';
import { stationErrorFromFs } from '../fs/fs-errors.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import type { StationConfig } from '../config.ts';
import type { BatchJournal } from '../journal/batch-journal.ts';
import type { Outbox } from '../journal/outbox-repository.ts';
import { runBatch, type BatchOptions, type PageContext } from '../pipeline/pipeline.ts';
import type { PageInput } from '../pipeline/stages/read-pages.ts';
import type { ProgressSink } from '../progress/progress-reporter.ts';
import { batchReportFrom } from '../report/batch-report.ts';

export interface BatchServices {
  journal: BatchJournal;
  outbox: Outbox;
  /** The station's fixed name (StationContext.stationName); the sender addresses every report with it. */
  stationName: string;
  log: Logger;
  progress?: ProgressSink;
}

export interface RecordedBatchOptions extends BatchOptions {
  kind: 'split' | 'scan';
  workDir?: string | null;
  /** The batch already exists in the journal (resume). */
  resume?: boolean;
  /** Error codes that pause the batch (to be resumed) instead of failing it. */
  pauseOn?: readonly string[];
  /** More settings to keep in the journal (e.g. the scanner request, for --resume). */
  journalOptions?: Record<string, unknown>;
  /** How many pages the scanner delivered so far (for the live lag figure). */
  scannedSoFar?: () => number;
}

export async function runRecordedBatch(
  files: AsyncIterable<PageInput> | Iterable<PageInput>,
  ctx: PageContext,
  cfg: StationConfig,
  opts: RecordedBatchOptions,
  svc: BatchServices,
): Promise<SplitSummary> {
  const { journal, outbox, progress, log } = svc;
  if (!opts.resume) {
    journal.start({
      id: opts.batchId,
      kind: opts.kind,
      outDir: opts.outDir,
      workDir: opts.workDir ?? null,
      options: { duplex: opts.duplex, removeBlank: opts.removeBlank, genericSeparators: opts.genericSeparators, separation: cfg.separation, storage: cfg.storage, ...opts.journalOptions },
    });
  } else journal.setStatus(opts.batchId, 'running');
  log.info({ batchId: opts.batchId, kind: opts.kind, resume: Boolean(opts.resume) }, 'batch start');
  let processed = 0;
  try {
    const summary = await runBatch(files, ctx, cfg, {
      ...opts,
      onFile: async (file, sha256, pages) => {
        journal.addFile(opts.batchId, { path: file, sha256, pages });
        await opts.onFile?.(file, sha256, pages);
      },
      onPage: (page, fate, doc) => {
        processed++;
        journal.recordFate(opts.batchId, { seq: page.seq, path: page.origin.file, pageInFile: page.origin.pageInFile, fate, documentId: doc });
        const lag = opts.scannedSoFar ? Math.max(0, opts.scannedSoFar() - processed) : 0;
        progress?.emit({ event: 'page', seq: page.seq, page: page.label, fate, document: doc, lag });
        opts.onPage?.(page, fate, doc);
      },
      onDocument: (d) => {
        progress?.emit({ event: 'document', id: d.id, pages: d.pages, file: d.file });
        opts.onDocument?.(d);
      },
    });
    journal.complete(opts.batchId, JSON.stringify(summary), () => outbox.enqueue(opts.batchId, batchReportFrom(summary, svc.stationName)));
    log.info({ batchId: opts.batchId, pagesIn: summary.pagesIn, documents: summary.documents.length }, 'batch completed');
    progress?.emit({
      event: 'batch-end', batchId: summary.batchId, pagesIn: summary.pagesIn, documents: summary.documents.length,
      separatorPages: summary.separatorPages, blankPages: summary.blankPages, unassignedPages: summary.unassigned?.pages ?? 0, outDir: opts.outDir,
    });
    return summary;
  } catch (caught) {
    // a full disk, a denied folder or a read-only disk gets its own code, here and in the log
    const err = stationErrorFromFs(caught, { path: opts.outDir });
    const code = isStationError(err) ? err.code : 'INTERNAL';
    const message = err instanceof Error ? err.message : String(err);
    const paused = opts.pauseOn?.includes(code) ?? false;
    try {
      journal.setStatus(opts.batchId, paused ? 'paused' : code === 'CANCELLED' ? 'cancelled' : 'failed', { code, message });
    } catch (journalErr) {
      // the journal's own disk may be the full one: the clerk still gets the real cause
      log.error({ batchId: opts.batchId, err: journalErr }, 'batch status not recorded');
    }
    // the details (file, page, a parser's own warnings) go to the log; the clerk sees only the message
    log.warn({ batchId: opts.batchId, code, paused, details: isStationError(err) ? err.details : undefined }, 'batch stopped');
    throw err;
  }
}
