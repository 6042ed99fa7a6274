/**
 * The one event stream of the web app: the same events `station scan --json` prints (a
 * ProgressSink), numbered and kept for the current batch so a page opened late (or reloaded)
 * replays them, then sent live as Server-Sent Events.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ProgressEvent, ProgressSink } from '../progress/progress-reporter.ts';

/** Events of the web app besides the batch events: a thumbnail ready, the clerk asked to decide. */
export type UiEvent =
  | ProgressEvent
  | { event: 'thumbnail'; batchId: string; seq: number }
  | { event: 'decision-needed'; batchId: string; code: string; message: string }
  | { event: 'runner'; state: 'idle' | 'scanning' | 'waiting' | 'stopping'; batchId: string | null };

/** `n` numbers the stream (the SSE id); `data` is the event exactly as `station scan --json` prints it. */
export interface StampedEvent { n: number; data: UiEvent & { at: string } }

const MAX_KEPT = 50_000;

export interface EventHub extends ProgressSink {
  publish(e: UiEvent): void;
  /** Forgets the kept events (a new batch starts). */
  reset(): void;
  since(id: number): StampedEvent[];
  subscribe(fn: (e: StampedEvent) => void): () => void;
  close(): void;
}

export function createEventHub(now: () => Date = () => new Date()): EventHub {
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

/** GET /api/events: replays what this page has not seen, then streams; a comment every 15 s keeps it open. */
export function streamEvents(hub: EventHub, req: FastifyRequest, reply: FastifyReply, keepAliveMs = 15_000): void {
  const lastHeader = req.headers['last-event-id'];
  const fromQuery = Number((req.query as { since?: string }).since ?? 0);
  const last = Number(typeof lastHeader === 'string' ? lastHeader : fromQuery) || 0;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
  });
  const send = (e: StampedEvent) => res.write(`id: ${e.n}\ndata: ${JSON.stringify(e.data)}\n\n`);
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
