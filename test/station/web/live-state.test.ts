import { describe, expect, it } from 'vitest';
import type { StationEvent } from '../../../station/web/src/api.ts';
import { EMPTY, fold } from '../../../station/web/src/live-state.ts';

const run = (...events: StationEvent[]) => events.reduce(fold, EMPTY);
/** A station event as the stream brings it (its time does not matter here). */
const ev = (e: Record<string, unknown> & { event: string }): StationEvent => ({ at: '2026-12-01T08:00:00.000Z', ...e });
const PAUSED = 'Lotul b1 este în pauză, cu toate paginile scanate până acum; îl puteți continua din pagina «Loturi».';

describe('the scan page folded from the station events', () => {
  it('a paused batch resumed no longer shows its pause: the message goes as the run starts, before its first page', () => {
    const paused = run(
      ev({ event: 'runner', state: 'scanning', batchId: 'b1' }),
      ev({ event: 'error', code: 'CANCELLED', message: PAUSED }),
      ev({ event: 'runner', state: 'idle', batchId: 'b1' }),
    );
    expect(paused.error?.message).toBe(PAUSED);
    const resumed = fold(paused, ev({ event: 'runner', state: 'scanning', batchId: 'b1' }));
    expect(resumed.error).toBeNull();
    expect(resumed.runner).toBe('scanning');
  });

  it('an ended batch keeps its outcome while idle, and a stop or a wait inside a run keeps the run’s own error', () => {
    const ended = { pagesIn: 3, documents: 1, separatorPages: 1, blankPages: 0, unassignedPages: 0, outDir: '/x' };
    const done = run(
      ev({ event: 'runner', state: 'scanning', batchId: 'b2' }),
      ev({ event: 'batch-end', ...ended }),
      ev({ event: 'runner', state: 'idle', batchId: 'b2' }),
    );
    expect(done.ended).toMatchObject({ pagesIn: 3 });
    const failing = run(
      ev({ event: 'runner', state: 'scanning', batchId: 'b3' }),
      ev({ event: 'error', code: 'IO_ERROR', message: 'Legătura s-a întrerupt.' }),
      ev({ event: 'runner', state: 'stopping', batchId: 'b3' }),
    );
    expect(failing.error?.code).toBe('IO_ERROR');
    expect(fold(done, ev({ event: 'runner', state: 'scanning', batchId: 'b4' })).ended).toBeNull();
  });
});
