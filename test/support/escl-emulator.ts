/**
 * An eSCL (AirScan) scanner on 127.0.0.1 for tests, so that real `scanimage` → real sane-airscan
 * → this emulator can be driven through feeder runs, jams and an empty feeder.
 *
 * What sane-airscan expects (airscan-escl.c): `GET ScannerCapabilities` (Platen / Adf with
 * AdfSimplexInputCaps and AdfDuplexInputCaps: sizes in 1/300 inch, colour modes, formats,
 * resolutions); `POST ScanJobs` answered 201 with a Location; `GET <job>/NextDocument` until it
 * fails; then `GET ScannerStatus`, whose `scan:AdfState` decides what the failure means:
 * ScannerAdfEmpty (or a 404 from NextDocument) is the end of the feeder, ScannerAdfJam a jam,
 * ScannerAdfDoorOpen an open cover; a 503 with an Idle/Loaded status is retried (up to 30 times,
 * one second apart), so a jam must show in the status. Finally `DELETE <job>`.
 *
 * Pages are served as given (JPEG or PNG bytes, one per side): the emulator does not scale them
 * to the requested resolution or area, so tests give pages of the size they ask for.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';

export interface EsclEmulatorOptions {
  /** Sides in feeder order (a duplex sheet is two entries): JPEG or PNG bytes. */
  pages: Buffer[];
  /** Offer AdfDuplexInputCaps too (default false). */
  duplex?: boolean;
  /** Jam once this many pages have been delivered (counted over all jobs) until clearJam(). */
  jamAfterPage?: number;
  /** HTTP status NextDocument answers while jammed: 503 (busy, look at the status) or 409. */
  jamHttpStatus?: 503 | 409;
  makeAndModel?: string;
  resolutions?: number[];
  /** Largest area in 1/300 inch (default A4: 2480 × 3508). */
  maxWidth?: number;
  maxHeight?: number;
  /** Deliver pages no faster than one per this many milliseconds (a feeder's pace); default: at once. */
  pageIntervalMs?: number;
  /**
   * The folder the client's page files go to (searched recursively for `page-<n>.pnm|tif`). When set,
   * a job's second NextDocument is answered only once a new page file has appeared there since the
   * job began, i.e. once the client's first sane_start() has returned. Without it a loaded machine
   * loses pages: sane-airscan 0.99.27 answers a first sane_start() that wakes up after the whole job
   * has ended (all pages fetched, then the empty feeder or a jam) with the job's final status and
   * drops the pages it fetched (device_start_wait returns job_status in DEVICE_STM_DONE). A real
   * feeder is never that fast; an emulator on loopback is.
   */
  pagesWrittenUnder?: string;
  /** Once this many pages are delivered, the feeder stops (NextDocument waits) until release(). */
  holdAfterPage?: number;
  /** Another client is scanning: this many POST ScanJobs are answered 503 (status Processing) first. */
  busyAnswers?: number;
}

export interface EsclRequestLog {
  method: string;
  path: string;
  status: number;
  /** Request body (the ScanSettings XML of a POST), '' when there is none. */
  body: string;
}

export interface EsclEmulator {
  /** eSCL root, e.g. `http://127.0.0.1:40123/eSCL`. */
  readonly url: string;
  readonly requests: EsclRequestLog[];
  /** Number of pages delivered so far (over all jobs). */
  delivered(): number;
  /** Pages still in the feeder. */
  remaining(): number;
  /** NextDocument requests held back right now (see `pagesWrittenUnder`). */
  held(): number;
  /**
   * Settles once no client connection is open and no request is being answered (after a client was
   * killed: its pending requests have been dropped or answered, so delivered() no longer changes).
   */
  settled(): Promise<void>;
  /** The clerk removed the jammed sheet and put the unscanned ones back: the next job goes on. */
  clearJam(): void;
  /** Lets a feeder held by `holdAfterPage` go on. */
  release(): void;
  /** Put more sheets in the feeder. */
  load(pages: Buffer[]): void;
  /** Put sheets back on top of the feeder (the clerk re-feeds pages a crash left unscanned). */
  putBack(pages: Buffer[]): void;
  close(): Promise<void>;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n';
const NS = 'xmlns:scan="http://schemas.hp.com/imaging/escl/2011/05/03" xmlns:pwg="http://www.pwg.org/schemas/2010/12/sm"';

interface Job {
  id: string;
  state: 'Processing' | 'Completed' | 'Canceled' | 'Aborted';
  /** NextDocument requests seen for this job. */
  asked: number;
  /** Page files under `pagesWrittenUnder` when the job began. */
  filesAtStart: number;
}

export async function startEsclEmulator(options: EsclEmulatorOptions): Promise<EsclEmulator> {
  const feeder = [...options.pages];
  const formats = new Set(options.pages.map(mimeOf));
  if (formats.size === 0) formats.add('image/png');
  const jobs = new Map<string, Job>();
  const requests: EsclRequestLog[] = [];
  let delivered = 0;
  let jamAt = options.jamAfterPage;
  let jammed = false;

  const adfState = () => (jammed ? 'ScannerAdfJam' : feeder.length === 0 ? 'ScannerAdfEmpty' : 'ScannerAdfLoaded');
  let busyAnswers = options.busyAnswers ?? 0;
  const busy = () => busyAnswers > 0 || [...jobs.values()].some((j) => j.state === 'Processing');

  let filesAtPost = 0;
  let held = 0;
  const handle = (req: IncomingMessage, res: ServerResponse): number => {
    const url = new URL(req.url ?? '/', 'http://emulator');
    const p = url.pathname.replace(/\/+$/, '');
    if (req.method === 'GET' && p === '/eSCL/ScannerCapabilities') return send(res, 200, capabilitiesXml(options, formats));
    if (req.method === 'GET' && p === '/eSCL/ScannerStatus') return send(res, 200, statusXml(busy() ? 'Processing' : 'Idle', adfState(), jobs));
    if (req.method === 'POST' && p === '/eSCL/ScanJobs') {
      if (busyAnswers > 0) {
        busyAnswers--;
        return send(res, 503, '');
      }
      if (jammed) return send(res, 409, '');
      if (feeder.length === 0) return send(res, 409, '');
      const job: Job = { id: randomUUID(), state: 'Processing', asked: 0, filesAtStart: filesAtPost };
      jobs.set(job.id, job);
      res.setHeader('Location', `/eSCL/ScanJobs/${job.id}`);
      return send(res, 201, '');
    }
    const next = /^\/eSCL\/ScanJobs\/([^/]+)\/NextDocument$/.exec(p);
    if (req.method === 'GET' && next) {
      const job = jobs.get(next[1]!);
      if (!job || job.state !== 'Processing') return send(res, 404, '');
      if (jamAt !== undefined && delivered >= jamAt) jammed = true;
      if (jammed) {
        job.state = 'Aborted';
        return send(res, options.jamHttpStatus ?? 503, '');
      }
      const page = feeder.shift();
      if (!page) {
        job.state = 'Completed';
        return send(res, 404, '');
      }
      delivered++;
      res.setHeader('Content-Type', mimeOf(page));
      return send(res, 200, page);
    }
    const del = /^\/eSCL\/ScanJobs\/([^/]+)$/.exec(p);
    if (req.method === 'DELETE' && del) {
      const job = jobs.get(del[1]!);
      if (!job) return send(res, 404, '');
      if (job.state === 'Processing') job.state = 'Canceled';
      return send(res, 200, '');
    }
    return send(res, 404, '');
  };

  let nextSlot = 0;
  const pace = async (req: IncomingMessage): Promise<void> => {
    const interval = options.pageIntervalMs ?? 0;
    if (interval <= 0 || req.method !== 'GET' || !/\/NextDocument\/?$/.test(req.url ?? '')) return;
    const now = Date.now();
    const at = Math.max(now, nextSlot);
    nextSlot = at + interval;
    if (at > now) await new Promise((r) => setTimeout(r, at - now));
  };

  /** See `pagesWrittenUnder`: holds a job's second NextDocument until the client has written its first page. */
  const gate = async (req: IncomingMessage): Promise<void> => {
    const dir = options.pagesWrittenUnder;
    if (dir === undefined || req.method !== 'GET') return;
    const m = /\/ScanJobs\/([^/]+)\/NextDocument\/?$/.exec(req.url ?? '');
    const job = m ? jobs.get(m[1]!) : undefined;
    if (!job || ++job.asked !== 2) return;
    const limit = Date.now() + 170_000; // a safety net only, under the tests' 180 s: past it the answer goes (and the race is back)
    held++;
    try {
      while ((await countPageFiles(dir)) <= job.filesAtStart && !req.socket.destroyed && Date.now() < limit) {
        await new Promise((r) => setTimeout(r, 10));
      }
    } finally {
      held--;
    }
  };

  const sockets = new Set<Socket>();
  let inFlight = 0;
  let released = false;
  /** See `holdAfterPage`; a job cancelled meanwhile (DELETE) is answered at once, as a scanner would. */
  const hold = async (req: IncomingMessage): Promise<void> => {
    const limit = options.holdAfterPage;
    const m = /\/ScanJobs\/([^/]+)\/NextDocument\/?$/.exec(req.url ?? '');
    if (limit === undefined || !m || req.method !== 'GET') return;
    const job = jobs.get(m[1]!);
    while (!released && delivered >= limit && job?.state === 'Processing' && !req.socket.destroyed) {
      await new Promise((r) => setTimeout(r, 10));
    }
  };

  const server = createServer((req, res) => {
    inFlight++;
    readBody(req)
      .then(async (body) => {
        await hold(req);
        if (options.pagesWrittenUnder !== undefined && req.method === 'POST') filesAtPost = await countPageFiles(options.pagesWrittenUnder);
        await gate(req);
        await pace(req);
        // the scanner client died while the feeder waited: no sheet is pulled for nobody
        // (other requests, a cancel say, still take effect)
        if (req.socket.destroyed && /\/NextDocument\/?$/.test(req.url ?? '')) return;
        const status = handle(req, res);
        requests.push({ method: req.method ?? '', path: req.url ?? '', status, body });
      })
      .catch(() => {
        res.statusCode = 500;
        res.end();
      })
      .finally(() => inFlight--);
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/eSCL`,
    requests,
    delivered: () => delivered,
    remaining: () => feeder.length,
    held: () => held,
    release: () => {
      released = true;
    },
    async settled() {
      while (sockets.size > 0 || inFlight > 0) await new Promise((r) => setTimeout(r, 10));
    },
    clearJam() {
      jammed = false;
      jamAt = undefined;
    },
    load(pages) {
      feeder.push(...pages);
    },
    putBack(pages) {
      feeder.unshift(...pages);
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/**
 * A SANE configuration folder that loads only sane-airscan and points it at `url`
 * (discovery off: without avahi it fails with a misleading "Out of memory").
 * Use it as SANE_CONFIG_DIR; the device is then `airscan:e0:<name>`.
 */
export async function writeAirscanConfig(dir: string, url: string, name = 'Emulator', trace?: string): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'dll.conf'), 'airscan\n');
  const debug = trace ? `[debug]\ntrace = ${trace}\n` : '';
  await writeFile(path.join(dir, 'airscan.conf'), `[devices]\n"${name}" = ${url}, eSCL\n\n[options]\ndiscovery = disable\n\n${debug}`);
  return dir;
}

/** Completed page files (`page-<n>.pnm` or `.tif`, not `.part`) anywhere under `dir`. */
async function countPageFiles(dir: string): Promise<number> {
  const names = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  return names.filter((n) => /(?:^|[\\/])page-\d+\.(?:pnm|tif)$/.test(n)).length;
}

function mimeOf(page: Buffer): string {
  if (page[0] === 0xff && page[1] === 0xd8) return 'image/jpeg';
  if (page.subarray(1, 4).toString('latin1') === 'PNG') return 'image/png';
  throw new Error('escl-emulator: pages must be JPEG or PNG');
}

function send(res: ServerResponse, status: number, body: string | Buffer): number {
  res.statusCode = status;
  if (typeof body === 'string' && body !== '') res.setHeader('Content-Type', 'text/xml');
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
  return status;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function inputCaps(tag: string, o: EsclEmulatorOptions, formats: Set<string>): string {
  const res = (o.resolutions ?? [75, 150, 300])
    .map((r) => `<scan:DiscreteResolution><scan:XResolution>${r}</scan:XResolution><scan:YResolution>${r}</scan:YResolution></scan:DiscreteResolution>`)
    .join('');
  const fmts = [...formats].map((f) => `<pwg:DocumentFormat>${f}</pwg:DocumentFormat><scan:DocumentFormatExt>${f}</scan:DocumentFormatExt>`).join('');
  return `<scan:${tag}>
      <scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>${o.maxWidth ?? 2480}</scan:MaxWidth>
      <scan:MinHeight>16</scan:MinHeight><scan:MaxHeight>${o.maxHeight ?? 3508}</scan:MaxHeight>
      <scan:MaxOpticalXResolution>300</scan:MaxOpticalXResolution><scan:MaxOpticalYResolution>300</scan:MaxOpticalYResolution>
      <scan:SettingProfiles><scan:SettingProfile>
        <scan:ColorModes><scan:ColorMode>Grayscale8</scan:ColorMode><scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>
        <scan:DocumentFormats>${fmts}</scan:DocumentFormats>
        <scan:SupportedResolutions><scan:DiscreteResolutions>${res}</scan:DiscreteResolutions></scan:SupportedResolutions>
      </scan:SettingProfile></scan:SettingProfiles>
    </scan:${tag}>`;
}

function capabilitiesXml(o: EsclEmulatorOptions, formats: Set<string>): string {
  return `${XML_HEAD}<scan:ScannerCapabilities ${NS}>
  <pwg:Version>2.63</pwg:Version>
  <pwg:MakeAndModel>${o.makeAndModel ?? 'Scan Station eSCL Emulator'}</pwg:MakeAndModel>
  <pwg:SerialNumber>EMU-0001</pwg:SerialNumber>
  <scan:Adf>
    ${inputCaps('AdfSimplexInputCaps', o, formats)}
    ${o.duplex ? inputCaps('AdfDuplexInputCaps', o, formats) : ''}
    <scan:FeederCapacity>50</scan:FeederCapacity>
    <scan:AdfOptions><scan:AdfOption>DetectPaperLoaded</scan:AdfOption>${o.duplex ? '<scan:AdfOption>Duplex</scan:AdfOption>' : ''}</scan:AdfOptions>
  </scan:Adf>
</scan:ScannerCapabilities>
`;
}

function statusXml(state: string, adfState: string, jobs: Map<string, Job>): string {
  const jobInfo = [...jobs.values()]
    .map((j) => `<scan:JobInfo><pwg:JobUri>/eSCL/ScanJobs/${j.id}</pwg:JobUri><pwg:JobUuid>${j.id}</pwg:JobUuid><pwg:JobState>${j.state}</pwg:JobState></scan:JobInfo>`)
    .join('');
  return `${XML_HEAD}<scan:ScannerStatus ${NS}>
  <pwg:Version>2.63</pwg:Version>
  <pwg:State>${state}</pwg:State>
  <scan:AdfState>${adfState}</scan:AdfState>
  <scan:Jobs>${jobInfo}</scan:Jobs>
</scan:ScannerStatus>
`;
}
