/**
 * The event stream is one per process: its numbers start again at 1 when the station restarts, so a
 * page's «since n» means something only on the stream it was read from. Each hub names its stream;
 * a number of another stream (or none known) replays everything.
 */
import { describe, expect, it } from 'vitest';
import { createEventHub, lastSeen } from '../../../station/src/web/event-hub.ts';

describe('the event hub', () => {
  it('names a stream of its own in each process (each hub)', () => {
    const a = createEventHub();
    const b = createEventHub();
    expect(a.stream).toMatch(/^[0-9a-f-]{36}$/);
    expect(b.stream).not.toBe(a.stream);
  });

  it('a page on this stream gets what it has not seen; a page of another stream (the station restarted) gets everything', () => {
    const hub = createEventHub(() => new Date('2026-12-01T06:00:00Z'), 'acum');
    for (let seq = 0; seq < 5; seq++) hub.publish({ event: 'runner', state: 'scanning', batchId: `LOT-${seq}` });
    expect(lastSeen(hub, undefined, { since: '3', stream: 'acum' })).toBe(3);
    expect(lastSeen(hub, undefined, { since: '9', stream: 'inainte' })).toBe(0);
    expect(lastSeen(hub, 'acum:4', {})).toBe(4);
    expect(lastSeen(hub, 'inainte:9', { since: '9', stream: 'acum' })).toBe(0); // the header wins, as the browser sends it
    expect(lastSeen(hub, undefined, { since: '2' })).toBe(2); // no stream named (the page's first connection): the number as it is
    expect(lastSeen(hub, undefined, { since: 'x', stream: 'acum' })).toBe(0);
    expect(hub.since(lastSeen(hub, undefined, { since: '9', stream: 'inainte' })).map((e) => e.n)).toEqual([1, 2, 3, 4, 5]);
  });
});
