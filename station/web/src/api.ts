/**
 * Talking to the station: every request carries the secret the clerk's address gave this tab
 * (kept in sessionStorage, never in a cookie a foreign page could use for writes); the event
 * stream is read with fetch so it carries the secret too.
 */
const KEY = 'stationSecret';

/** Takes the secret from `#cheie=…` (then removes it from the address bar) or from this tab's storage. */
export function takeSecret(): string | null {
  const m = /(?:^#|&)cheie=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (m) {
    sessionStorage.setItem(KEY, m[1]!);
    history.replaceState(null, '', `${location.pathname}#/scanare`);
  }
  return sessionStorage.getItem(KEY);
}

export class ApiError extends Error {
  constructor(readonly code: string, message: string, readonly field?: string) {
    super(message);
  }
}

function headers(extra: Record<string, string> = {}): Record<string, string> {
  return { 'x-station-secret': sessionStorage.getItem(KEY) ?? '', ...extra };
}

export async function api<T>(method: string, url: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers: headers(body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError('OFFLINE', 'Programul stației nu răspunde: s-a oprit sau calculatorul este foarte ocupat. Reîncărcați pagina peste câteva secunde; dacă tot nu răspunde, porniți din nou stația cu pictograma «Stația de scanare» de pe Desktop sau anunțați administratorul.');
  }
  const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string; field?: string } } | null;
  if (!res.ok) throw new ApiError(json?.error?.code ?? 'INTERNAL', json?.error?.message ?? `Eroare ${res.status}.`, json?.error?.field);
  return json as T;
}

/** A PDF the station makes on request (separator sheets), opened in a new tab. */
export async function openPdf(url: string, body: unknown): Promise<void> {
  const res = await fetch(url, { method: 'POST', headers: headers({ 'content-type': 'application/json' }), body: JSON.stringify(body) });
  if (!res.ok) {
    const json = (await res.json().catch(() => null)) as { error?: { code: string; message: string } } | null;
    throw new ApiError(json?.error?.code ?? 'INTERNAL', json?.error?.message ?? `Eroare ${res.status}.`);
  }
  window.open(URL.createObjectURL(await res.blob()), '_blank');
}

export type StationEvent = { event: string; at: string } & Record<string, unknown>;

/** What a page hears when the station's stream is another one (the station restarted): what it knew is void, the events come again from the first. */
export const STREAM_RESTART = 'stream-restart';

/**
 * Reads /api/events for as long as the page lives, reconnecting after a break without losing events.
 * Each process of the station numbers its events from 1 under a stream id of its own: reconnected to
 * another stream, the page hears STREAM_RESTART and reads that stream from its beginning.
 */
export function followEvents(onEvent: (e: StationEvent) => void, onConnected: (up: boolean) => void): () => void {
  const stop = new AbortController();
  let last = 0;
  let stream: string | null = null;
  (async () => {
    while (!stop.signal.aborted) {
      try {
        const seen: string = stream === null ? '' : `&stream=${encodeURIComponent(stream)}`;
        const res: Response = await fetch(`/api/events?since=${last}${seen}`, { headers: headers(), signal: stop.signal });
        if (!res.ok || !res.body) throw new Error(String(res.status));
        const now: string | null = res.headers.get('x-event-stream');
        if (stream !== null && now !== stream) {
          last = 0; // the station replays this stream from its first event (it was told which one the page saw)
          onEvent({ event: STREAM_RESTART, at: new Date().toISOString() });
        }
        stream = now;
        onConnected(true);
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let cut: number;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            const lines = block.split('\n');
            const data = lines.filter((l) => l.startsWith('data: ')).map((l) => l.slice(6)).join('\n');
            const id = lines.find((l) => l.startsWith('id: '));
            if (!data) continue;
            if (id) last = Number(id.slice(id.lastIndexOf(':') + 1)) || last; // `id: <stream>:<n>`
            onEvent(JSON.parse(data) as StationEvent);
          }
        }
      } catch {
        // the station went away or restarted: try again shortly
      }
      onConnected(false);
      if (!stop.signal.aborted) await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  return () => stop.abort();
}

/** Reads a picked file as base64 (for the borderou CSV, whatever its encoding). */
export async function fileAsBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}

export const thumbUrl = (batchId: string, seq: number) => `/api/batches/${encodeURIComponent(batchId)}/thumbs/${seq}`;
export const largeUrl = (batchId: string, seq: number) => `/api/batches/${encodeURIComponent(batchId)}/pages/${seq}/large`;
export const fileUrl = (batchId: string, file: string) => `/api/batches/${encodeURIComponent(batchId)}/files/${encodeURIComponent(file)}`;
