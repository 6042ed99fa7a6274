/**
 * The batch the web app is running (one at a time). It runs the same scan session as
 * `station scan` (runScanSession, the journal, the outbox): only the clerk's side differs — a
 * jam waits for «Continuă» / «Încheie lotul» from the page, and «Oprește» pauses the batch.
 */
import { mkdir, rm, rmdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { SplitSummary } from '../../../shared/src/split-summary.ts';
import { StationError, isStationError } from '../../../shared/src/errors.ts';
import { loadBorderou, usablePickedBorderou } from '../borderou/load-borderou.ts';
import { batchFolder } from '../batch/batch-folder.ts';
import { stationErrorFromFs } from '../fs/fs-errors.ts';
import { newBatchId } from '../cli/batch-id.ts';
import type { StationContext } from '../cli/station-context.ts';
import type { ColorMode, ScanDriver, ScanSource } from '../drivers/driver.ts';
import { createDriver } from '../drivers/registry.ts';
import { createConsumedFilesLedger } from '../journal/consumed-files-ledger.ts';
import { collectFolderWarnings } from '../scan/folder-warnings.ts';
import { resumeSettings } from '../scan/resume-settings.ts';
import { executeSplit } from '../cli/split-command.ts';
import type { PageContext } from '../pipeline/pipeline.ts';
import { runScanSession, type ScanBatchSettings } from '../scan/scan-session.ts';
import type { EventHub } from './event-hub.ts';
import { createOutboxCourier, type OutboxCourier } from './outbox-courier.ts';
import { thumbnailDir, thumbnailWriter } from './page-images.ts';
import { FILES_SOURCE, type ScanStart } from './scan-request.ts';

export type Decision = 'continue' | 'end' | 'stop';
export type RunnerState = 'idle' | 'scanning' | 'waiting' | 'stopping';

/** What to do after each scanner problem, in words for the clerk. */
export const PROBLEM_ADVICE: Record<string, string> = {
  PAPER_JAM: 'Hârtia s-a blocat. Deschideți scanerul, scoateți cu grijă foile blocate și puneți-le înapoi în alimentator, prima foaie blocată deasupra.',
  COVER_OPEN: 'Capacul scanerului este deschis. Închideți-l până se aude clicul.',
  FEEDER_EMPTY: 'Alimentatorul este gol. Puneți foile rămase în alimentator.',
  DOUBLE_FEED: 'Scanerul a tras două foi deodată. Scoateți foile din ieșire care nu au fost scanate și puneți-le înapoi în alimentator.',
  DEVICE_BUSY: 'Scanerul este folosit de alt program. Închideți celălalt program.',
  DEVICE_OFFLINE: 'Scanerul nu răspunde. Verificați că este pornit și conectat.',
  IO_ERROR: 'Legătura cu scanerul s-a întrerupt. Verificați cablul sau rețeaua.',
  SCAN_FAILED: 'Scanerul a raportat o eroare. Verificați scanerul.',
};

/**
 * The batch the runner drives, as the batches page lists it: from «scanning» on, before the batch
 * reaches the journal (its checks, the registry's borderou, the workers starting) and after.
 */
export interface RunningBatch {
  id: string;
  kind: 'scan' | 'split';
  startedAt: string;
  outDir: string;
  /** As the batches page names the source: `folder: /ghiseu/scanate`, `fișiere`. */
  scanner: string;
}

/** How the batches page names a batch's source: `folder: /ghiseu/scanate`, `sane: test:0`; files split: `fișiere`. */
export function scannerLabel(kind: 'scan' | 'split', driver: string | undefined, device: string | undefined): string {
  if (kind === 'split') return 'fișiere';
  return `${driver ?? ''}${device ? `: ${device}` : ''}`;
}

export interface ScanRunner {
  state(): { state: RunnerState; batchId: string | null; problem: { code: string; message: string } | null };
  /** The batch being run (journalled yet or not), null when idle. */
  running(): RunningBatch | null;
  start(req: ScanStart): Promise<{ batchId: string }>;
  /** Goes on with a paused batch; `pagesSoFar`: ends it with the pages it has, without scanning more. */
  resume(batchId: string, o?: { pagesSoFar?: boolean }): Promise<{ batchId: string }>;
  decide(decision: Decision): void;
  /** «Oprește»: stops scanning; the batch is paused with every page it has. */
  cancel(): void;
  /** «Încheie lotul» for a watched folder (it has no last page). */
  end(): void;
  /** Resolves when the running batch (if any) has stopped. */
  idle(): Promise<void>;
  /** The app is stopping (`station ui --stop`): no batch starts from now on, one already asked for included. */
  close(): void;
}

/** How a scan batch is launched: `resume` a paused one (`pagesSoFar`: ended with the pages it has, the scanner not asked for more); `picked`: its borderou CSV is the clerk's, kept in its folder. */
interface Launch {
  batch: ScanBatchSettings;
  driverName: string;
  request: ScanStart['request'];
  resume?: boolean;
  pagesSoFar?: boolean;
  picked?: boolean;
}

/** `courier`: how the batch's report is delivered at its end and said to the pages (the app's, ui-app.ts). */
export function createScanRunner(station: StationContext, hub: EventHub, env: NodeJS.ProcessEnv = process.env, courier: OutboxCourier = createOutboxCourier(station, hub)): ScanRunner {
  const { cfg } = station;
  let state: RunnerState = 'idle';
  let batchId: string | null = null;
  let current: RunningBatch | null = null;
  let problem: { code: string; message: string } | null = null;
  let pending: ((d: Decision) => void) | null = null;
  let abort: AbortController | null = null;
  let ending: AbortController | null = null;
  let running: Promise<void> = Promise.resolve();
  let closed = false;

  const setState = (s: RunnerState) => {
    state = s;
    hub.publish({ event: 'runner', state: s, batchId });
  };

  /** The CSV the clerk picked (kept in the batch's folder) is taken back when the batch never reached the journal. */
  async function discardPicked(batch: ScanBatchSettings, picked: boolean): Promise<void> {
    if (!picked || !batch.borderouFile || station.journal.get(batch.batchId)) return;
    await rm(batch.borderouFile, { force: true }).catch(() => {});
    await rmdir(batchFolder(cfg.dataDir, batch.batchId)).catch(() => {}); // only when empty
  }

  type Run = (o: { signal: AbortSignal; endSignal: AbortSignal; onDecoded: PageContext['onDecoded'] }) => Promise<SplitSummary>;

  /** The one way a batch runs here: state, thumbnails, and its end (delivery, or paused with its pages). */
  async function begin(batch: ScanBatchSettings, run: Run, source: Pick<RunningBatch, 'kind' | 'scanner'>, picked = false): Promise<{ batchId: string }> {
    if (state !== 'idle') throw new StationError('CONFLICT', 'Un lot este deja în curs de scanare. Încheiați-l sau opriți-l înainte de altul.');
    if (batch.borderouFile) await loadBorderou(batch.borderouFile); // bad rows are refused before the scanner starts
    // checked after the last wait: a batch asked for just before the app was told to stop does not start under it
    if (closed) throw new StationError('CONFLICT', 'Stația se oprește; lotul nu a pornit. Porniți-l după ce stația a fost pornită din nou.');
    batchId = batch.batchId;
    // listed from now on: a clerk who opens «Loturi» right after «scanning» sees the batch, journalled yet or not
    current = { id: batch.batchId, ...source, startedAt: new Date().toISOString(), outDir: batch.outDir };
    problem = null;
    abort = new AbortController();
    ending = new AbortController();
    hub.reset();
    setState('scanning');
    const onDecoded = thumbnailWriter(thumbnailDir(cfg.dataDir, batch.batchId), (seq) => hub.publish({ event: 'thumbnail', batchId: batch.batchId, seq }));
    running = run({ signal: abort.signal, endSignal: ending.signal, onDecoded }).then(
      async (summary: SplitSummary) => {
        // its report was queued as the batch completed: delivered now, said to every page ('outbox'), the background sender woken
        const queued = station.outbox.get(summary.batchId) ? [summary.batchId] : [];
        const delivery = await courier.deliver(queued).catch(() => null);
        station.log.info({ batchId: summary.batchId, delivery: delivery?.text }, 'ui batch completed');
      },
      async (err: unknown) => {
        await discardPicked(batch, picked);
        // a disk that fails before the batch is journalled (its folder, --out, the registry's borderou): its own code and Romanian text
        const fromFs = stationErrorFromFs(err);
        const se = isStationError(fromFs) ? fromFs : new StationError('INTERNAL', 'Eroare neașteptată. Detaliile sunt în jurnalul stației.');
        if (!isStationError(err)) station.log.error({ err, batchId: batch.batchId }, 'ui batch failed');
        // a scan stopped by the clerk waits to be resumed, with all its pages
        const row = station.journal.get(batch.batchId);
        if (se.code === 'CANCELLED' && row?.kind === 'scan' && row.status === 'cancelled') {
          station.journal.setStatus(batch.batchId, 'paused', { code: 'CANCELLED', message: 'Scanarea a fost oprită de operator.' });
        }
        const paused = station.journal.get(batch.batchId)?.status === 'paused';
        const message = paused ? `Lotul ${batch.batchId} este în pauză, cu toate paginile scanate până acum; îl puteți continua din pagina «Loturi».` : se.message;
        hub.publish({ event: 'error', code: se.code, message });
      },
    ).finally(() => {
      abort = null;
      ending = null;
      pending = null;
      problem = null;
      current = null;
      setState('idle');
    });
    return { batchId: batch.batchId };
  }

  async function launch({ batch, driverName, request, resume = false, pagesSoFar = false, picked = false }: Launch): Promise<{ batchId: string }> {
    if (state !== 'idle') throw new StationError('CONFLICT', 'Un lot este deja în curs de scanare. Încheiați-l sau opriți-l înainte de altul.');
    // what the watched folder left out or took once already: in the batch's summary and live on the page, as `station scan` does;
    // a resumed batch's page lists those of its earlier runs too
    const { warnings, onFolderEvent } = collectFolderWarnings((w) => hub.publish({ event: 'warning', ...w }), { sayEarlier: true });
    const real = await createDriver(driverName, { env, dataDir: cfg.dataDir, log: station.log, ledger: createConsumedFilesLedger(station.db), folder: cfg.folder, escl: cfg.escl, onFolderEvent });
    const driver: ScanDriver = pagesSoFar ? { name: real.name, listDevices: () => real.listDevices(), getCapabilities: (d) => real.getCapabilities(d), scan: async function* () {} } : real;
    return begin(batch, ({ signal, endSignal, onDecoded }) => runScanSession(station, {
      driver, request, batch, resume, progress: hub, signal, endSignal, onDecoded, warnings,
      waitForClerk: (err) => new Promise<Decision>((resolve) => {
        problem = { code: err.code, message: PROBLEM_ADVICE[err.code] ?? err.message };
        pending = (d) => {
          pending = null;
          problem = null;
          setState(d === 'continue' ? 'scanning' : 'stopping');
          resolve(d);
        };
        setState('waiting');
        hub.publish({ event: 'decision-needed', batchId: batch.batchId, ...problem });
      }),
    }), { kind: 'scan', scanner: scannerLabel('scan', driverName, request.device) }, picked);
  }

  /** Files already scanned (a folder): the same split as `station split`, followed live; the files stay where they are. */
  function splitFiles(batch: ScanBatchSettings, folder: string, picked: boolean): Promise<{ batchId: string }> {
    return begin(batch, ({ signal, onDecoded }) => {
      hub.publish({ event: 'batch-start', batchId: batch.batchId, resumed: false, replayedFiles: 0 });
      const req = { inputs: [folder], outDir: batch.outDir, duplex: batch.duplex, removeBlank: batch.removeBlank, genericSeparators: batch.genericSeparators, batchId: batch.batchId, borderou: batch.borderouFile, borderouRegistryDay: batch.borderouRegistryDay, separation: batch.separation, storage: batch.storage };
      return executeSplit(req, station, cfg.dataDir, signal, { progress: hub, onDecoded });
    }, { kind: 'split', scanner: scannerLabel('split', undefined, undefined) }, picked);
  }

  return {
    state: () => ({ state, batchId, problem }),
    running: () => current,
    async start(req) {
      const id = newBatchId();
      const outDir = req.outDir ? path.resolve(req.outDir) : path.join(cfg.dataDir, 'loturi', id);
      let borderouFile: string | undefined;
      if (req.borderouCsv) {
        const bytes = Buffer.from(req.borderouCsv, 'base64');
        usablePickedBorderou(bytes, req.borderouName); // a Word document, no header, bad rows: refused by its own name, nothing kept
        const dir = batchFolder(cfg.dataDir, id);
        await mkdir(dir, { recursive: true });
        borderouFile = path.join(dir, req.borderouName ? `borderou-${path.basename(req.borderouName).replace(/[^\w.-]/g, '_')}` : 'borderou.csv');
        await writeFile(borderouFile, bytes);
      }
      // the day's borderou from the registry is taken by the batch itself, after its checks, into the same folder (as `station split|scan` does)
      const batch: ScanBatchSettings = {
        batchId: id, outDir, duplex: req.duplex, removeBlank: req.removeBlank, genericSeparators: req.separators, borderouFile,
        ...(req.borderouRegistryDay ? { borderouRegistryDay: req.borderouRegistryDay } : {}), ...(req.separation ? { separation: req.separation } : {}), ...(req.storage ? { storage: req.storage } : {}),
      };
      // a picked CSV refused (bad rows), a batch already running, a scanner that cannot be opened: the CSV goes too
      const picked = Boolean(borderouFile);
      try {
        if (req.driver === FILES_SOURCE) return await splitFiles(batch, path.resolve(req.request.device), picked);
        return await launch({ batch, driverName: req.driver, request: req.request, picked });
      } catch (err) {
        await discardPicked(batch, picked);
        throw err;
      }
    },
    async resume(id, o = {}) {
      const saved = resumeSettings(station.journal.get(id), id);
      const r = saved.request;
      if (!r.device) throw new StationError('USAGE', `Lotul ${id} nu are scanerul înregistrat; nu poate fi continuat de aici.`);
      const request = { device: r.device, source: r.source ?? ('adf' as ScanSource), resolution: r.resolution ?? 300, mode: r.mode ?? ('gray' as ColorMode), options: r.options ?? {} };
      return launch({ batch: saved.batch, driverName: saved.driver, request, resume: true, pagesSoFar: Boolean(o.pagesSoFar) });
    },
    decide(d) {
      if (!pending) throw new StationError('CONFLICT', 'Nu se așteaptă nicio decizie acum.');
      pending(d);
    },
    cancel() {
      if (state === 'idle') throw new StationError('CONFLICT', 'Nu se scanează nimic acum.');
      setState('stopping');
      if (pending) pending('stop');
      else abort?.abort();
    },
    end() {
      if (state === 'idle') throw new StationError('CONFLICT', 'Nu se scanează nimic acum.');
      if (pending) pending('end');
      else ending?.abort();
    },
    idle: () => running,
    close() {
      closed = true;
    },
  };
}
