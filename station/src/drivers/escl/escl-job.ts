/**
 * One eSCL scan job: POST ScanJobs, then NextDocument page after page until the scanner answers
 * 404 or 410 (the feeder is done; nothing else ends a job), each page saved complete before it is
 * handed on. Busy answers (503) are asked again a while whatever the tray says (an empty tray may
 * just mean the last sheet is still being scanned); a jam, open cover or double feed is read from
 * ScannerStatus. A job that does not end by itself (cancel, error) is deleted on the scanner, so
 * the feeder stops (best effort, under a short limit).
 */
import path from 'node:path';
import type { Dispatcher } from 'undici';
import { isStationError, StationError } from '../../../../shared/src/errors.ts';
import type { ScannedPage } from '../driver.ts';
import { withPages } from '../scan-progress.ts';
import { adfProblem, scannerError, type ProblemContext } from './escl-errors.ts';
import { discard, esclFetch, readXml, savePage, type EsclHttpLimits } from './escl-http.ts';
import { parseEsclStatus, scanSettingsXml, type EsclStatus, type ScanSettings } from './escl-xml.ts';

export interface EsclJobContext {
  /** The scanner's eSCL root, e.g. `http://192.168.1.20/eSCL` (no trailing slash). */
  root: string;
  /** The connections of an https scanner (escl-tls.ts); Node's own for http. */
  dispatcher?: Dispatcher;
  device: string;
  settings: ScanSettings;
  workDir: string;
  startIndex: number;
  /** Stops the job: a cancel, or the consumer went away. */
  signal: AbortSignal;
  limits: EsclHttpLimits;
  /** Busy answers (503) taken before DEVICE_BUSY is raised, and the wait between them. */
  busyRetries: number;
  busyRetryMs: number;
  wait: (ms: number, signal: AbortSignal) => Promise<void>;
  onPage: (page: ScannedPage) => void;
}

export async function runEsclJob(ctx: EsclJobContext): Promise<void> {
  let delivered = 0;
  let lastIndex = ctx.startIndex - 1;
  const at = (httpStatus?: number): ProblemContext => ({ device: ctx.device, pages: delivered, lastPage: lastIndex, httpStatus });
  let job: string | undefined;
  let ended = false;
  try {
    job = await createJob(ctx, at);
    let busy = 0;
    for (;;) {
      const url = `${job}/NextDocument`;
      const res = await esclFetch(url, { signal: ctx.signal, timeoutMs: ctx.limits.pageTimeoutMs, dispatcher: ctx.dispatcher });
      if (res.status === 200) {
        busy = 0;
        const index = lastIndex + 1;
        const base = path.join(ctx.workDir, `page-${String(index).padStart(5, '0')}`);
        const file = await savePage(res, url, base, { limit: ctx.limits.maxPageBytes, page: index, signal: ctx.signal });
        delivered++;
        lastIndex = index;
        ctx.onPage({ index, file, dpi: ctx.settings.resolution });
        continue;
      }
      await discard(res, quickLimit(ctx));
      if (res.status === 404 || res.status === 410) {
        // the job is over (only these end it): the feeder ran out, unless the status says it stopped on trouble
        ended = true;
        const problem = adfProblem(await statusAtEnd(ctx), at(res.status));
        if (problem && problem.code !== 'FEEDER_EMPTY') throw problem;
        if (delivered > 0) return;
        throw scannerError(ctx.settings.source === 'flatbed' ? 'SCAN_FAILED' : 'FEEDER_EMPTY', at(res.status));
      }
      // not over: an empty tray is the last (or only) sheet still in the scanner, so it is asked again;
      // only when the retries run out with no page come is the tray's emptiness the answer
      const problem = adfProblem(await readStatus(ctx), at(res.status));
      if (problem && problem.code !== 'FEEDER_EMPTY') throw problem;
      if (res.status !== 503) throw scannerError(res.status === 409 ? 'DEVICE_BUSY' : 'SCAN_FAILED', at(res.status));
      if (++busy > ctx.busyRetries) {
        const emptyFeeder = problem && delivered === 0 && ctx.settings.source !== 'flatbed';
        throw emptyFeeder ? problem : scannerError('DEVICE_BUSY', at(503));
      }
      await ctx.wait(ctx.busyRetryMs, ctx.signal);
    }
  } catch (err) {
    if (job && !ended) await deleteJob(job, ctx);
    const progress = { device: ctx.device, pagesDelivered: delivered, lastPageIndex: lastIndex };
    if (ctx.signal.aborted || isStationError(err, 'CANCELLED')) throw new StationError('CANCELLED', undefined, progress, { cause: err });
    throw withPages(err, progress);
  }
}

/** POST ScanJobs; the job's URL, always on the scanner's own origin whatever Location says. */
async function createJob(ctx: EsclJobContext, at: (s?: number) => ProblemContext): Promise<string> {
  const body = scanSettingsXml(ctx.settings);
  for (let busy = 0; ; busy++) {
    const res = await esclFetch(`${ctx.root}/ScanJobs`, { method: 'POST', body, signal: ctx.signal, timeoutMs: ctx.limits.requestTimeoutMs, dispatcher: ctx.dispatcher });
    // the answer is its status and Location; a body that does not end (a busy scanner's 503) is not waited for
    await discard(res, quickLimit(ctx));
    if (res.status === 201) {
      const location = res.headers.get('location');
      if (!location) throw scannerError('IO_ERROR', at(201), { reason: 'no-location' });
      let jobPath: string;
      try {
        jobPath = new URL(location, `${ctx.root}/`).pathname.replace(/\/+$/, '');
      } catch {
        throw scannerError('IO_ERROR', at(201), { reason: 'bad-location' });
      }
      // the path alone, on the scanner's own origin: a Location path such as «//other-host/…» must
      // never move the job (and what the station sends and fetches) to another host
      const job = new URL(ctx.root);
      job.pathname = jobPath;
      return job.href;
    }
    if (res.status !== 503 && res.status !== 409) throw scannerError(res.status === 400 ? 'OPTION_INVALID' : 'SCAN_FAILED', at(res.status));
    const problem = adfProblem(await readStatus(ctx), at(res.status));
    if (problem) throw problem;
    if (res.status === 409 || busy >= ctx.busyRetries) throw scannerError('DEVICE_BUSY', at(res.status));
    await ctx.wait(ctx.busyRetryMs, ctx.signal);
  }
}

async function readStatus(ctx: EsclJobContext, timeoutMs = ctx.limits.requestTimeoutMs): Promise<EsclStatus> {
  const url = `${ctx.root}/ScannerStatus`;
  const res = await esclFetch(url, { signal: ctx.signal, timeoutMs, dispatcher: ctx.dispatcher });
  if (res.status !== 200) {
    await discard(res, quickLimit(ctx));
    return { state: '', adfState: '' };
  }
  return parseEsclStatus(await readXml(res, url, ctx.limits.maxXmlBytes, ctx.signal));
}

/**
 * The status after the final 404/410, best effort and quick: the job is over and its pages are in,
 * so a status that fails or does not come means "no trouble", never a pause.
 */
async function statusAtEnd(ctx: EsclJobContext): Promise<EsclStatus> {
  try {
    return await readStatus(ctx, quickLimit(ctx));
  } catch {
    return { state: '', adfState: '' };
  }
}

/** The limit of a best-effort request: the short one, or the request limit when that is shorter. */
const quickLimit = (ctx: EsclJobContext) => Math.min(ctx.limits.quickTimeoutMs, ctx.limits.requestTimeoutMs);

/** Best effort, under the short limit (a Stop must answer quickly): the scanner may be gone; the job then ends on its own. */
async function deleteJob(job: string, ctx: EsclJobContext): Promise<void> {
  const timeoutMs = quickLimit(ctx);
  try {
    await discard(await esclFetch(job, { method: 'DELETE', timeoutMs, dispatcher: ctx.dispatcher }), timeoutMs);
  } catch {
    // nothing more to do
  }
}
