/**
 * The one event stream of the web app: the same events `station scan --json` prints (a
 * ProgressSink), numbered and kept for the current batch so a page opened late (or reloaded)
 * replays them, then sent live as Server-Sent Events.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProgressEvent, ProgressSink } from '../progress/progress-reporter.ts';

/** Events of the web app besides the batch events: a thumbnail ready, the clerk asked to decide, the outbox sent. */
export type UiEvent =
  | ProgressEvent
  | { event: 'thumbnail'; batchId: string; seq: number }
  | { event: 'decision-needed'; batchId: string; code: string; message: string }
  | { event: 'runner'; state: 'idle' | 'scanning' | 'waiting' | 'stopping'; batchId: string | null }
  /**
   * The outbox changed (outbox-courier.ts, the only publisher): reports put in the queue (a batch's end,
   * corrections saved, «Trimite din nou»), and what the delivery that followed, or a pass of the
   * background sender, did with them, or a change another program of the station made to it (outbox-watch.ts:
   * naming no report); `pending`: reports not delivered after it (null: the journal could not
   * be read then; the pages read the outbox again as after any 'outbox' event).
   */
  | { event: 'outbox'; queued: string[]; delivered: string[]; failed: string[]; requeued: string[]; pending: number | null };

/** `n` numbers the stream (the SSE id); `data` is the event exactly as `station scan --json` prints it. */
export interface StampedEvent { n: number; data: UiEvent & { at: string } }

const MAX_KEPT = 50_000;

/** The response header naming the stream (one a process: its numbers start again at 1 after a restart). */
export const STREAM_HEADER = 'x-event-stream';

export interface EventHub extends ProgressSink {
  /** This process's stream: a page that saw another one (the station restarted) starts over from the beginning. */
  readonly stream: string;
  publish(e: UiEvent): void;
  /** Forgets the kept events (a new batch starts). */
  reset(): void;
  since(id: number): StampedEvent[];
  subscribe(fn: (e: StampedEvent) => void): () => void;
  close(): void;
}

export function createEventHub(now: () => Date = () => new Date(), stream: string = randomUUID()): EventHub {
  let next = 1;
  let kept: StampedEvent[] = [];
  const subscribers = new Set<(e: StampedEvent) => void>();
  const publish = (e: UiEvent) => {
    const stamped: StampedEvent = { n: next++, data: { ...e, at: now().toISOString() } };
    kept.push(stamped);
    if (kept.length > MAX_KEPT) kept = kept.slice(-MAX_KEPT);
    for (const fn of subscribers) fn(stamped);
  };
  return {
    stream,
    emit: publish,
    publish,
    flush: () => {},
    reset: () => void (kept = []),
    since: (n) => kept.filter((e) => e.n > n),
    subscribe(fn) {
      subscribers.add(fn);
      return () => void subscribers.delete(fn);
    },
    close: () => subscribers.clear(),
  };
}

/**
 * Where a page left off: `Last-Event-ID` (`<stream>:<n>`, as sent) or `?since=n&stream=…`. A number of
 * another stream (a page left open while the station restarted) means nothing here: everything is replayed.
 */
export function lastSeen(hub: EventHub, lastEventId: string | undefined, query: { since?: string; stream?: string }): number {
  let stream = query.stream;
  let n = query.since;
  if (lastEventId !== undefined) {
    const cut = lastEventId.lastIndexOf(':');
    stream = cut >= 0 ? lastEventId.slice(0, cut) : undefined;
    n = lastEventId.slice(cut + 1);
  }
  if (stream !== undefined && stream !== hub.stream) return 0;
  const last = Number(n ?? 0);
  return Number.isSafeInteger(last) && last > 0 ? last : 0;
}

/** GET /api/events: replays what this page has not seen, then streams; a comment every 15 s keeps it open. */
export function streamEvents(hub: EventHub, req: FastifyRequest, reply: FastifyReply, keepAliveMs = 15_000): void {
  const lastHeader = req.headers['last-event-id'];
  const last = lastSeen(hub, typeof lastHeader === 'string' ? lastHeader : undefined, req.query as { since?: string; stream?: string });
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
    [STREAM_HEADER]: hub.stream,
  });
  const send = (e: StampedEvent) => res.write(`id: ${hub.stream}:${e.n}\ndata: ${JSON.stringify(e.data)}\n\n`);
  res.write(': stream open\n\n');
  for (const e of hub.since(last)) send(e);
  const off = hub.subscribe(send);
  const timer = setInterval(() => res.write(': keep-alive\n\n'), keepAliveMs);
  timer.unref();
  req.raw.on('close', () => {
    clearInterval(timer);
    off();
  });
}
