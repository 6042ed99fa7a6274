/**
 * A scanning batch: drives a ScanDriver, streams each page file into the pipeline as soon as it is
 * complete, and survives jams and crashes. Pages already scanned are never lost: a stopped batch
 * is paused in the journal and `--resume` replays its page files, then scans on.
 */
import { mkdir, rmdir } from 'node:fs/promises';
import path from 'node:path';
import { StationError, isStationError, type ErrorCode } from '../../../shared/src/errors.ts';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { summaryAlreadyCommitted } from '../batch/committed-summary.ts';
import { runRecordedBatch } from '../batch/recorded-batch.ts';
import type { StationContext } from '../cli/station-context.ts';
import type { ScanDriver, ScanRequest } from '../drivers/driver.ts';
import { batchConfig, type BatchChoices } from '../batch/batch-config.ts';
import { closePageContext, makePageContext, type PageContext } from '../pipeline/pipeline.ts';
import { loadBorderou, type LoadedBorderou } from '../borderou/load-borderou.ts';
import { batchFolder } from '../batch/batch-folder.ts';
import { takeRegistryBorderou } from '../borderou/batch-registry-borderou.ts';
import type { ProgressSink } from '../progress/progress-reporter.ts';
import { batchReportFrom } from '../report/batch-report.ts';
import { ScanWarnings } from './folder-warnings.ts';
import { keepPageFile } from './keep-page-file.ts';
import { completePageFiles, mergePageFiles, nextPageNumber } from './page-files.ts';
import type { PageInput } from '../pipeline/stages/read-pages.ts';

/** Scanner problems after which the batch waits for the clerk instead of failing. */
export const PAUSING_CODES: readonly ErrorCode[] = ['PAPER_JAM', 'COVER_OPEN', 'DOUBLE_FEED', 'DEVICE_BUSY', 'IO_ERROR', 'DEVICE_OFFLINE', 'FEEDER_EMPTY', 'SCAN_FAILED'];

/** `separation` and `storage` (default: the station config's) are kept in the journal for --resume. */
export interface ScanBatchSettings extends BatchChoices {
  batchId: string;
  outDir: string;
  duplex: boolean;
  removeBlank: boolean;
  genericSeparators: string[];
  /** Borderou CSV to check the batch against (kept in the journal for --resume). */
  borderouFile?: string;
  /** The day whose borderou is taken from the registry when a new batch starts (then its `borderouFile`). */
  borderouRegistryDay?: string;
}

export interface ScanSessionOptions {
  driver: ScanDriver;
  request: Omit<ScanRequest, 'workDir' | 'startIndex' | 'signal'>;
  batch: ScanBatchSettings;
  resume: boolean;
  progress: ProgressSink;
  /** Interactive clerks decide after a jam; without it the batch pauses and the command ends. */
  waitForClerk?: (problem: StationError) => Promise<'continue' | 'stop' | 'end'>;
  signal?: AbortSignal;
  /** Sees each decoded page (the web app makes its thumbnails from the preview). */
  onDecoded?: PageContext['onDecoded'];
  /** Ends the scanning normally (a watched folder has no last page): the batch is completed. */
  endSignal?: AbortSignal;
  /**
   * Warnings gathered while scanning (e.g. a file dropped again into a watched folder): kept in the
   * journal with the batch, they go into the summary with those of the batch's earlier runs.
   */
  warnings?: ScanWarnings;
  /** The line about the registry's borderou, once taken (the terminal shows it). */
  onBorderou?: (note: string) => void;
}

export function workDirOf(dataDir: string, batchId: string): string {
  return path.join(batchFolder(dataDir, batchId), 'pages');
}

/**
 * Runs a scanning batch. A borderou from the registry (`borderouRegistryDay`, a new batch) is taken
 * after the batch's own checks and kept as its `borderouFile`; it is taken back when the batch never
 * reached the journal (once there, a paused or failed batch resumes with it). The borderou taken is
 * the one the batch checks against: its file is not parsed a second time.
 */
export async function runScanSession(station: StationContext, o: ScanSessionOptions): Promise<SplitSummary> {
  const day = o.resume ? undefined : o.batch.borderouRegistryDay;
  if (!day) return scanSession(station, o);
  const taken = await takeRegistryBorderou(station, { day, batchId: o.batch.batchId, outDir: o.batch.outDir, signal: o.signal });
  o.onBorderou?.(taken.note);
  try {
    return await scanSession(station, { ...o, batch: { ...o.batch, borderouFile: taken.file } }, taken);
  } catch (err) {
    if (!station.journal.get(o.batch.batchId) && !(await summaryAlreadyCommitted(o.batch.outDir, o.batch.batchId))) {
      await rmdir(workDirOf(station.cfg.dataDir, o.batch.batchId)).catch(() => {}); // made empty before the journal refused the batch
      await taken.discard();
    }
    throw err;
  }
}

/** `taken`: the borderou already loaded from `o.batch.borderouFile` (the registry's, just taken). */
async function scanSession(station: StationContext, o: ScanSessionOptions, taken?: LoadedBorderou): Promise<SplitSummary> {
  const { journal, outbox } = station;
  // a batch is split and stored the way it was begun, whatever the station's configuration says now
  const cfg = batchConfig(station.cfg, o.batch);
  const { batchId } = o.batch;
  const workDir = workDirOf(cfg.dataDir, batchId);
  const borderou = taken ?? (o.batch.borderouFile ? await loadBorderou(o.batch.borderouFile) : null);
  // whoever calls: a resumed batch ends with its earlier runs' warnings from the journal
  const warnings = o.warnings ?? new ScanWarnings();
  let replay: string[] = [];
  if (o.resume) {
    const row = journal.get(batchId);
    if (!row || row.kind !== 'scan') throw new StationError('BATCH_NOT_FOUND', `Lotul ${batchId} nu există în jurnalul stației.`, { batchId });
    if (row.status === 'completed') throw new StationError('USAGE', `Lotul ${batchId} este deja încheiat.`, { batchId });
    const committed = await summaryAlreadyCommitted(row.outDir, batchId);
    if (committed) {
      // the crash came after the output was in place: finish the bookkeeping only
      journal.complete(batchId, JSON.stringify(committed), () => outbox.enqueue(batchId, batchReportFrom(committed, station.stationName)));
      return committed;
    }
    const journaled = journal.files(batchId).map((f) => f.path);
    // a copy a crash left unconfirmed would be replayed here and its original handed over again
    await o.driver.dropOrphanCopies?.(o.request.device, workDir, journaled);
    replay = mergePageFiles(journaled, await completePageFiles(workDir));
  }
  await mkdir(workDir, { recursive: true });
  o.progress.emit({ event: 'batch-start', batchId, resumed: o.resume, replayedFiles: replay.length });

  let scanned = replay.length;
  const driver = o.driver;
  // pages scanned before a resume come from the same scanner at the same resolution
  const replayDpi = driver.name === 'sane' || driver.name === 'escl' ? o.request.resolution : undefined;
  async function* pageFiles(): AsyncGenerator<PageInput> {
    // read only once the batch is in the journal (runBatch reads its first page after journal.start)
    warnings.attach(journal.warnings(batchId), (w) => journal.addWarning(batchId, w), station.db.name);
    // a warning the journal refused (a full disk) stops the batch here, resumable, not the station in the driver's event
    const warningsKept = (): void => {
      if (warnings.failure) throw warnings.failure;
    };
    for (const file of replay) yield { file, dpi: replayDpi };
    let startIndex = nextPageNumber(replay);
    for (;;) {
      let thisRun = 0;
      try {
        const signal = o.endSignal ? AbortSignal.any([o.endSignal, ...(o.signal ? [o.signal] : [])]) : o.signal;
        for await (const page of driver.scan({ ...o.request, workDir, startIndex, signal })) {
          thisRun++;
          scanned++;
          const kept = await keepPageFile(page.file, workDir, startIndex);
          startIndex = Math.max(startIndex, page.index) + 1;
          await driver.confirm?.(page); // the original may be archived now: our copy is durable
          o.progress.emit({ event: 'page-scanned', index: page.index, file: kept });
          // the driver's bytes and hash stand for the file only when it is the very file kept
          yield { file: kept, dpi: page.dpi, ...(kept === page.file && page.content ? { content: page.content } : {}) };
          warningsKept();
        }
        warningsKept();
        // a driver may end quietly when its signal fires (the watched folder does): a stop is still a stop
        if (o.signal?.aborted) throw new StationError('CANCELLED', 'Scanarea a fost oprită.', { batchId });
        return; // the feeder ran out: the normal end of a batch
      } catch (err) {
        // stopped (Ctrl-C reaches scanimage too, which may exit with its own error): a stop, not a fault
        if (o.signal?.aborted) throw isStationError(err, 'CANCELLED') ? err : new StationError('CANCELLED', 'Scanarea a fost oprită.', { batchId }, { cause: err });
        warningsKept();
        if (o.endSignal?.aborted && !o.signal?.aborted && isStationError(err, 'CANCELLED')) return;
        if (!isStationError(err) || !PAUSING_CODES.includes(err.code)) throw err;
        // an empty feeder after pages were scanned (a resumed batch, or after a jam) ends the batch
        if (err.code === 'FEEDER_EMPTY' && thisRun === 0 && scanned > 0) return;
        o.progress.emit({ event: 'paused', batchId, code: err.code, message: pauseMessage(err, scanned, batchId), pagesSoFar: scanned });
        const decision = o.waitForClerk ? await o.waitForClerk(err) : 'stop';
        if (decision === 'stop') throw err;
        if (decision === 'end') return; // the clerk ends the batch with the pages scanned so far
        o.progress.emit({ event: 'resumed', batchId });
      }
    }
  }

  // no signal: a stop while the workers start reaches runBatch, which pauses the batch (resumable) before a page is scanned
  const ctx: PageContext = { ...(await makePageContext(cfg, o.batch.genericSeparators, { log: station.log })), onDecoded: o.onDecoded };
  try {
    return await runRecordedBatch(pageFiles(), ctx, cfg, {
    ...o.batch,
    kind: 'scan',
    workDir,
    resume: o.resume,
    concurrency: cfg.concurrency,
    // stopped (Ctrl-C, «Oprește»): paused with every page scanned so far, resumable
    pauseOn: [...PAUSING_CODES, 'CANCELLED'],
    signal: o.signal,
    inputWarnings: warnings.list,
    scannedSoFar: () => scanned,
    borderou,
    journalOptions: { driver: driver.name, request: o.request, borderouFile: o.batch.borderouFile },
    }, { journal, outbox, stationName: station.stationName, log: station.log, progress: o.progress });
  } finally {
    await closePageContext(ctx);
  }
}

export function pauseMessage(err: StationError, pages: number, batchId: string): string {
  return `${err.message}\nPaginile scanate până acum (${pages}) sunt păstrate. Lotul ${batchId} este în pauză; după remediere continuați cu: station scan --resume ${batchId}`;
}
