/**
 * HTTP client of the registry server (undici fetch). Classifies every failure so the sender
 * knows whether to retry: network errors and timeouts (SERVER_UNREACHABLE), 5xx, 429, 408
 * (SERVER_ERROR: it answered) and 401 (a token fixed in the configuration) are temporary; 400, 403, 409 and 413 are refusals that retrying cannot fix.
 */
import { StationError } from '../../../shared/src/errors.ts';
import type { BatchReport, BatchReportResult } from '../../../shared/src/schemas/batch-report.ts';
import type { DayBorderou } from '../../../shared/src/schemas/day-borderou.ts';
import type { HeldBatches, HeldBatchesRequest } from '../../../shared/src/schemas/held-batches.ts';

export interface RegistryClientOptions {
  url: string;
  token: string;
  timeoutMs?: number;
}

export interface ServerProblem {
  path?: string;
  reason: string;
}

export class DeliveryError extends StationError {
  constructor(
    readonly retryable: boolean,
    code: ConstructorParameters<typeof StationError>[0],
    message: string,
    details: Record<string, unknown> = {},
    /** The server's problem list (400), for the clerk. */
    readonly problems: ServerProblem[] = [],
  ) {
    super(code, message, details);
  }
}

function problemsOf(body: unknown): ServerProblem[] {
  const list = (body as { error?: { problems?: unknown } } | null)?.error?.problems;
  if (!Array.isArray(list)) return [];
  return list
    .filter((p): p is { path?: unknown; reason?: unknown } => typeof p === 'object' && p !== null)
    .map((p) => ({ ...(typeof p.path === 'string' ? { path: p.path.slice(0, 200) } : {}), reason: String(p.reason ?? '').slice(0, 300) }))
    .slice(0, 50);
}

/** The registry accepted a report (200/201) but its answer's body was not read: stopped while reading it. */
export interface UnreadAcceptance {
  status: BatchReportResult['status'];
  unread: true;
}

/** What `sendBatch` gives for a report the registry accepted. */
export type SentReport = BatchReportResult | UnreadAcceptance;

/** How long a request to the registry may take, its answer read (RegistryClientOptions.timeoutMs by default). */
export const REQUEST_TIMEOUT_MS = 15_000;

export class RegistryClient {
  constructor(private readonly opts: RegistryClientOptions) {}

  /** How long one request may take, its answer read: past it, it is aborted (SERVER_UNREACHABLE). */
  get requestTimeoutMs(): number {
    return this.opts.timeoutMs ?? REQUEST_TIMEOUT_MS;
  }

  /** The day's current borderou from the server (see fetchDayBorderou). */
  dayBorderou(day: string, signal?: AbortSignal): Promise<DayBorderou> {
    return fetchDayBorderou(this.opts, day, signal);
  }

  /** POSTs `body` as JSON with the station's token; a request that gets no answer is a retryable SERVER_UNREACHABLE. */
  private async postJson(apiPath: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    const url = apiUrl(this.opts.url, apiPath);
    const timeout = AbortSignal.timeout(this.requestTimeoutMs);
    try {
      return await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${this.opts.token}` },
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
    } catch (err) {
      throw new DeliveryError(true, 'SERVER_UNREACHABLE', `Serverul registraturii (${url.origin}) nu poate fi contactat.`, { cause: String((err as Error)?.cause ?? err) });
    }
  }

  /**
   * The registry's answer to a report. A 200/201 whose body was not read to the end because the
   * station was stopped meanwhile (Ctrl+C in `station sync --watch`) is the registry's acceptance all
   * the same (idempotent per station, batch and version): `unread`, its status from the HTTP status.
   * Any other 2xx whose body is not the registry's answer is a retryable INTERNAL (sending again is harmless).
   */
  async sendBatch(report: BatchReport, signal?: AbortSignal): Promise<SentReport> {
    const res = await this.postJson('api/batches', report, signal);
    const parsed: unknown = await res.json().catch(() => null);
    // valid JSON that is not an object ("ok", 42, null) is no answer of the registry's either
    const body = typeof parsed === 'object' && parsed !== null ? (parsed as { error?: { code?: string; message?: string } } | BatchReportResult) : null;
    if (res.ok) {
      if (body && 'status' in body && (body.status === 'recorded' || body.status === 'already-recorded')) return body;
      if (signal?.aborted && (res.status === 201 || res.status === 200)) return { status: res.status === 201 ? 'recorded' : 'already-recorded', unread: true };
      throw new DeliveryError(true, 'INTERNAL', `Serverul registraturii a răspuns ${res.status}, dar răspunsul lui nu a putut fi citit; raportul se retrimite (serverul îl recunoaște, nu îl numără de două ori).`, { status: res.status });
    }
    const code = (body && 'error' in body && body.error?.code) || 'INTERNAL';
    const message = (body && 'error' in body && body.error?.message) || `HTTP ${res.status}`;
    if (res.status >= 500 || res.status === 429 || res.status === 408) {
      // it answered: not «cannot be reached» (SERVER_UNREACHABLE is for no answer at all)
      throw new DeliveryError(true, 'SERVER_ERROR', `Serverul registraturii a răspuns cu o eroare temporară (${res.status}).`, { status: res.status });
    }
    const known = ['UNAUTHORIZED', 'FORBIDDEN', 'VALIDATION_FAILED', 'CONFLICT', 'REPORT_SUPERSEDED', 'PAYLOAD_TOO_LARGE'] as const;
    const stable = (known as readonly string[]).includes(code) ? (code as (typeof known)[number]) : 'VALIDATION_FAILED';
    // a wrong token is fixed by configuration, then delivery must resume: keep retrying, slowly
    // a newer version already there is no refusal: the sender marks the report delivered-superseded
    const text = stable === 'REPORT_SUPERSEDED' ? message : `Serverul a refuzat raportul (${res.status}): ${message}`;
    throw new DeliveryError(res.status === 401, stable, text, { status: res.status }, problemsOf(body));
  }

  /**
   * The version the registry holds of each batch asked (null: none), `POST /api/batches/held`; at
   * most HELD_BATCHES_MAX ids a call. Every failure is a retryable DeliveryError (the question is
   * asked again later, outbox-reconcile.ts), with the code of what happened: SERVER_UNREACHABLE when
   * nothing answered, SERVER_ERROR for a temporary error (5xx, 429, 408, as for a report), NOT_FOUND when the server
   * does not know the question (404, 405, 501: an older server), UNAUTHORIZED/FORBIDDEN/
   * PAYLOAD_TOO_LARGE as said, VALIDATION_FAILED for another refusal, INTERNAL for an unreadable answer.
   */
  async heldBatches(batchIds: readonly string[], signal?: AbortSignal): Promise<Map<string, number | null>> {
    const res = await this.postJson('api/batches/held', { batchIds: [...batchIds] } satisfies HeldBatchesRequest, signal);
    const body = (await res.json().catch(() => null)) as HeldBatches | null;
    const answered = res.ok && Array.isArray(body?.batches) ? body.batches : null;
    if (!answered) {
      const status = res.status;
      const code = res.ok ? 'INTERNAL'
        : [404, 405, 501].includes(status) ? 'NOT_FOUND'
          : status >= 500 || status === 429 || status === 408 ? 'SERVER_ERROR'
            : status === 401 ? 'UNAUTHORIZED' : status === 403 ? 'FORBIDDEN' : status === 413 ? 'PAYLOAD_TOO_LARGE' : 'VALIDATION_FAILED';
      const text = code === 'NOT_FOUND'
        ? `Serverul registraturii nu știe să spună ce rapoarte are (${status}): probabil o versiune mai veche a serverului.`
        : code === 'SERVER_ERROR'
          ? `Serverul registraturii a răspuns cu o eroare (${status}) la întrebarea ce rapoarte are: serverul este pornit și se poate ajunge la el, dar are o problemă, de obicei trecătoare. Încercați din nou mai târziu; dacă se repetă, anunțați administratorul registraturii.`
          : `Serverul registraturii nu a spus ce rapoarte are (${status}).`;
      throw new DeliveryError(true, code, text, { status });
    }
    const held = new Map<string, number | null>(batchIds.map((id) => [id, null]));
    for (const b of answered) if (held.has(b.batchId) && Number.isInteger(b.version)) held.set(b.batchId, b.version);
    return held;
  }
}

/** `2021-10-04` → `04.10.2021`. */
const roDay = (day: string) => `${day.slice(8, 10)}.${day.slice(5, 7)}.${day.slice(0, 4)}`;

/**
 * The day's current borderou from the registry server (`GET /api/borderouri/current`), for the
 * scan page. Every failure is a StationError with a Romanian message the clerk can act on:
 * SERVER_UNREACHABLE when nothing answered, SERVER_ERROR when the registry answered with a temporary
 * error (5xx, 429, 408) or with a 2xx that is not a borderou.
 */
export async function fetchDayBorderou(opts: RegistryClientOptions, day: string, signal?: AbortSignal): Promise<DayBorderou> {
  const url = apiUrl(opts.url, `api/borderouri/current?date=${encodeURIComponent(day)}`);
  const timeout = AbortSignal.timeout(opts.timeoutMs ?? REQUEST_TIMEOUT_MS);
  const instead = 'Alegeți fișierul CSV al borderoului sau încercați din nou mai târziu.';
  let res: Response;
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${opts.token}` }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  } catch (err) {
    // stopped by the clerk (Ctrl+C, «Oprește»): not a server that cannot be reached
    if (signal?.aborted) throw new StationError('CANCELLED', 'Oprit: borderoul zilei nu a mai fost cerut serverului registraturii.');
    throw new StationError('SERVER_UNREACHABLE', `Serverul registraturii (${url.origin}) nu poate fi contactat, deci borderoul zilei nu a putut fi luat de acolo. ${instead}`, { cause: String((err as Error)?.cause ?? err) });
  }
  const parsed: unknown = await res.json().catch(() => null);
  const body = typeof parsed === 'object' && parsed !== null ? (parsed as DayBorderou & { error?: { message?: string } }) : null;
  if (res.ok && body && typeof body.csvBase64 === 'string' && Number.isInteger(body.version)) return body;
  if (res.status === 404) {
    throw new StationError('NOT_FOUND', `Registratura nu a încărcat încă borderoul zilei ${roDay(day)} pe server. Cereți registraturii să-l încarce sau alegeți fișierul CSV al borderoului.`, { day });
  }
  if (res.status === 401 || res.status === 403) {
    throw new StationError(res.status === 401 ? 'UNAUTHORIZED' : 'FORBIDDEN', `Serverul registraturii a refuzat cererea stației (${res.status}): ${body?.error?.message ?? 'acces refuzat'} Verificați tokenul din configurația stației.`, { status: res.status });
  }
  // it answered (SERVER_UNREACHABLE is for no answer at all): a temporary error of its own, or a 2xx that is not a borderou
  if (res.ok) {
    throw new StationError('SERVER_ERROR', `Serverul registraturii a răspuns (${res.status}) la cererea borderoului zilei, dar răspunsul lui nu a putut fi citit. ${instead}`, { status: res.status });
  }
  if (res.status >= 500 || res.status === 429 || res.status === 408) {
    throw new StationError('SERVER_ERROR', `Serverul registraturii a răspuns cu o eroare (${res.status}) la cererea borderoului zilei. ${instead}`, { status: res.status });
  }
  throw new StationError('VALIDATION_FAILED', `Serverul registraturii a refuzat cererea borderoului zilei (${res.status}): ${body?.error?.message ?? ''}`.trimEnd(), { status: res.status });
}

/** `https://host/registratura` + `api/batches` → `https://host/registratura/api/batches` (a base path is kept). */
export function apiUrl(base: string, route: string): URL {
  const root = base.endsWith('/') ? base : `${base}/`;
  return new URL(route, root);
}
