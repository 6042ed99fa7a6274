/**
 * HTTP to an eSCL scanner with Node's fetch: every request bounded in time and size, network
 * failures and cancellation turned into StationError codes, a page streamed to `<name>.part` and
 * renamed only once it is recognised and whole (its format's end marker or structure is there).
 * A failure of the disk while a page is saved is DISK_FULL / FILE_ACCESS_DENIED / READ_ONLY_FS /
 * OUTPUT_FAILED naming the file, never a bare Node error.
 */
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import type { Dispatcher } from 'undici';
import { isStationError, StationError } from '../../../../shared/src/errors.ts';
import { diskError } from '../../fs/fs-errors.ts';
import { bufferReader, checkEnd, HEAD, readAt, sniffKind, type PageKind } from '../file-completeness.ts';

export interface EsclHttpLimits {
  /** Time for an XML request (capabilities, status, job creation, cancel); default 30 s. */
  requestTimeoutMs: number;
  /** Time for one page (the scanner may wait for paper or warm up); default 5 min. */
  pageTimeoutMs: number;
  /**
   * Time for a best-effort request around a job's end, whose answer is not needed to go on: the
   * status read after the final 404, the DELETE after a cancel or an error; default 5 s (a Stop
   * must answer quickly even when the scanner has gone).
   */
  quickTimeoutMs: number;
  /** Largest XML answer read (default 1 MB). */
  maxXmlBytes: number;
  /** Largest page accepted (default 300 MB: 600 dpi A4 colour, uncompressed). */
  maxPageBytes: number;
}

export const DEFAULT_LIMITS: EsclHttpLimits = { requestTimeoutMs: 30_000, pageTimeoutMs: 300_000, quickTimeoutMs: 5_000, maxXmlBytes: 1 << 20, maxPageBytes: 300 << 20 };

export interface EsclResponse {
  status: number;
  headers: Headers;
  body: AsyncIterable<Uint8Array> | null;
  /** Stops reading the body (and the connection's transfer). */
  abort: () => void;
  /** The request ran out of time. */
  timedOut: () => boolean;
}

const offline = (url: string, reason: string, cause?: unknown) =>
  new StationError('DEVICE_OFFLINE', `Scanerul de la adresa ${new URL(url).origin} nu răspunde. Verificați că este pornit și conectat la rețea, apoi încercați din nou.`, { url, reason }, { cause });

/** One request; the answer's body is left to the caller (readXml, savePage or discard). */
export async function esclFetch(url: string, init: { method?: string; body?: string; signal?: AbortSignal; timeoutMs: number; dispatcher?: Dispatcher }): Promise<EsclResponse> {
  if (init.signal?.aborted) throw new StationError('CANCELLED', undefined, { url });
  const local = new AbortController();
  const timeout = AbortSignal.timeout(init.timeoutMs);
  const signals = [local.signal, timeout, ...(init.signal ? [init.signal] : [])];
  try {
    const request: RequestInit & { dispatcher?: Dispatcher } = {
      method: init.method ?? 'GET',
      body: init.body,
      headers: init.body !== undefined ? { 'Content-Type': 'text/xml' } : undefined,
      signal: AbortSignal.any(signals),
      redirect: 'manual',
      // an https scanner's own connections (escl-tls.ts: its certificate checked); Node's fetch takes undici's dispatchers
      ...(init.dispatcher ? { dispatcher: init.dispatcher } : {}),
    };
    const res = await fetch(url, request);
    return { status: res.status, headers: res.headers, body: res.body as unknown as AsyncIterable<Uint8Array> | null, abort: () => local.abort(), timedOut: () => timeout.aborted };
  } catch (err) {
    throw failure(err, url, init.signal, timeout.aborted);
  }
}

function failure(err: unknown, url: string, signal: AbortSignal | undefined, timedOut: boolean): StationError {
  if (err instanceof StationError) return err;
  if (signal?.aborted) return new StationError('CANCELLED', undefined, { url });
  // a certificate the scanner's connection refused (escl-tls.ts) says why itself
  const cause = (err as { cause?: unknown } | null)?.cause;
  if (isStationError(cause)) return cause;
  return offline(url, timedOut ? 'timeout' : 'network', err);
}

/**
 * Reads and discards a body (so the connection can be reused), within `withinMs`: an answer whose
 * body never ends (a busy scanner's 503) is dropped then, not read until the request's own limit.
 */
export async function discard(res: EsclResponse, withinMs: number): Promise<void> {
  if (!res.body) return;
  const timer = setTimeout(res.abort, withinMs);
  try {
    for await (const _ of res.body);
  } catch {
    // nothing to keep
  } finally {
    clearTimeout(timer);
  }
}

/** The body as text, refusing more than `limit` bytes. */
export async function readXml(res: EsclResponse, url: string, limit: number, signal?: AbortSignal): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    if (res.body) {
      for await (const chunk of res.body) {
        size += chunk.byteLength;
        if (size > limit) {
          res.abort();
          throw new StationError('IO_ERROR', 'Scanerul a trimis un răspuns mult prea lung. Verificați adresa scanerului din configurare.', { url, limit });
        }
        chunks.push(Buffer.from(chunk));
      }
    }
  } catch (err) {
    throw failure(err, url, signal, res.timedOut());
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** File extension of each page kind (the names the pipeline already knows). */
const EXTENSIONS: Record<PageKind, string> = { jpeg: 'jpg', png: 'png', pdf: 'pdf', tiff: 'tif' };

/** Bytes of a page held in memory before it goes to disk (a 300 dpi colour page is about 1 MB). */
const HELD_BYTES = 16 << 20;

/**
 * Saves a page as `<base>.part`, then renames it `<base>.<ext>` by its first bytes (kept from the
 * body as it came: the head is looked at once). The page is held in memory, checked whole there and
 * written in one go (up to 16 MB; a larger one is written as it comes and checked from the file):
 * few file operations, which share the thread pool with the image decoding of earlier pages. A page
 * cut short, too large or of an unknown kind, or a disk that fails, leaves no file behind.
 */
export async function savePage(res: EsclResponse, url: string, base: string, o: { limit: number; page: number; signal?: AbortSignal }): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? NaN);
  const tooLarge = () =>
    new StationError('INPUT_TOO_LARGE', `Pagina ${o.page} trimisă de scaner este prea mare (peste ${Math.round(o.limit / 1048576)} MB). Scanați-o la o rezoluție mai mică.`, { url, page: o.page, limit: o.limit });
  if (declared > o.limit) {
    res.abort();
    throw tooLarge();
  }
  const part = `${base}.part`;
  const onDisk = <T>(op: () => Promise<T>): Promise<T> => op().catch((err: unknown) => Promise.reject(pageFileError(err, part, o.page)));
  let file: FileHandle | undefined;
  let held: Buffer[] = [];
  let heldBytes = 0;
  let size = 0;
  const head: Buffer[] = [];
  let headBytes = 0;
  const flush = () =>
    onDisk(async () => {
      file ??= await open(part, 'w+');
      await file.write(held.length === 1 ? held[0]! : Buffer.concat(held, heldBytes));
      held = [];
      heldBytes = 0;
    });
  try {
    try {
      if (res.body) {
        for await (const chunk of res.body) {
          size += chunk.byteLength;
          if (size > o.limit) {
            res.abort();
            throw tooLarge();
          }
          const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          if (headBytes < HEAD) {
            head.push(bytes);
            headBytes += bytes.byteLength;
          }
          held.push(bytes);
          heldBytes += chunk.byteLength;
          if (heldBytes >= HELD_BYTES) await flush();
        }
      }
    } catch (err) {
      throw failure(err, url, o.signal, res.timedOut());
    }
    const kind = sniffKind(Buffer.concat(head, Math.min(headBytes, HEAD)));
    if (!kind) {
      throw new StationError('SCAN_FAILED', `Scanerul a trimis pagina ${o.page} într-un format necunoscut. Scanați din nou foaia ${o.page}.`, { url, page: o.page, bytes: size });
    }
    // the body ended, but a scanner that closes the connection early ends it too: the page must be whole
    const inMemory = file === undefined ? Buffer.concat(held, heldBytes) : null;
    const whole = inMemory ? await checkEnd(bufferReader(inMemory), size, kind) : await onDisk(() => flush().then(() => checkEnd((p, l) => readAt(file!, p, l), size, kind)));
    if (!whole.complete) {
      throw new StationError('IO_ERROR', `Pagina ${o.page} a sosit incompletă de la scaner (transferul s-a întrerupt). Scanați din nou foaia ${o.page}.`, { url, page: o.page, bytes: size, reason: whole.reason });
    }
    if (inMemory) {
      held = [inMemory];
      await flush();
    }
    await onDisk(() => file!.sync());
    await onDisk(() => file!.close());
    file = undefined;
    const done = `${base}.${EXTENSIONS[kind]}`;
    await onDisk(() => rename(part, done));
    return done;
  } catch (err) {
    await file?.close().catch(() => {});
    await rm(part, { force: true }).catch(() => {});
    throw err;
  }
}

/** A disk failure while a page is saved, naming the file (DISK_FULL, FILE_ACCESS_DENIED, READ_ONLY_FS, else OUTPUT_FAILED). */
function pageFileError(err: unknown, file: string, page: number): StationError {
  if (isStationError(err)) return err;
  const errno = (err as NodeJS.ErrnoException | null)?.code;
  return (
    diskError(err, { path: file, writing: true }) ??
    new StationError('OUTPUT_FAILED', `Pagina ${page} venită de la scaner nu a putut fi scrisă pe disc („${file}”). Verificați dosarul lotului și discul, apoi reluați scanarea.`, { page, path: file, errno }, { cause: err })
  );
}
