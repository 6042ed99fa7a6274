/**
 * The durable outbox on a real SQLite file: one report per batch, due / pending / nextDueAt,
 * failures rescheduled with their error, delivery recorded once and for good.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBatchJournal, type BatchJournal } from '../../../station/src/journal/batch-journal.ts';
import { migrate, openJournal, type JournalDb } from '../../../station/src/journal/open-journal.ts';
import { createOutbox, type Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

let tmp: { dir: string; cleanup: () => Promise<void> };
let db: JournalDb;
let journal: BatchJournal;
let outbox: Outbox;

const T0 = new Date('2021-09-27T07:00:00.000Z');
const at = (seconds: number) => new Date(T0.getTime() + seconds * 1000);

/** A completed batch with its report queued, created at T0 + `seconds`. */
function queued(id: string, seconds: number, payload: unknown = { batchId: id }): void {
  vi.setSystemTime(at(seconds));
  journal.start({ id, kind: 'split', outDir: `/out/${id}`, options: {} });
  journal.complete(id, '{}', () => outbox.enqueue(id, payload));
}

beforeEach(async () => {
  vi.useFakeTimers({ toFake: ['Date'] });
  tmp = await makeTempDir('journal-outbox-');
  db = openJournal(tmp.dir);
  journal = createBatchJournal(db);
  outbox = createOutbox(db);
});
afterEach(async () => {
  vi.useRealTimers();
  if (db.open) db.close();
  await tmp.cleanup();
});

describe('outbox', () => {
  it('an empty outbox has nothing due, nothing pending and no next due time', () => {
    expect(outbox.due(at(0))).toEqual([]);
    expect(outbox.pending()).toEqual([]);
    expect(outbox.nextDueAt()).toBeNull();
    expect(outbox.get('lot-1')).toBeNull();
  });

  it('enqueue stores the payload as JSON, due at once, with no attempt yet', () => {
    queued('lot-1', 0, { batchId: 'lot-1', documents: [{ id: '84512/27.09.2021', pages: 3 }], note: 'ăîșțâ' });
    expect(outbox.get('lot-1')).toEqual({
      batchId: 'lot-1', payload: { batchId: 'lot-1', documents: [{ id: '84512/27.09.2021', pages: 3 }], note: 'ăîșțâ' },
      attempts: 0, lastError: null, createdAt: T0.toISOString(), deliveredAt: null,
      nextAttemptAt: T0.toISOString(), attentionAt: null, problems: [], missingAt: null, sendingElsewhere: false,
    });
    expect(outbox.due(at(0)).map((i) => i.batchId)).toEqual(['lot-1']);
    expect(outbox.due(at(-1))).toEqual([]); // not before it was created
    expect(outbox.nextDueAt()).toEqual(T0);
  });

  it('enqueue is idempotent on the batch: the first report stays', () => {
    queued('lot-1', 0, { v: 1 });
    outbox.enqueue('lot-1', { v: 2 });
    expect(outbox.pending()).toHaveLength(1);
    expect(outbox.get('lot-1')?.payload).toEqual({ v: 1 });
  });

  it('due and pending are in creation order; due honours the limit', () => {
    queued('lot-c', 30);
    queued('lot-a', 10);
    queued('lot-b', 20);
    expect(outbox.pending().map((i) => i.batchId)).toEqual(['lot-a', 'lot-b', 'lot-c']);
    expect(outbox.due(at(60)).map((i) => i.batchId)).toEqual(['lot-a', 'lot-b', 'lot-c']);
    expect(outbox.due(at(60), 2).map((i) => i.batchId)).toEqual(['lot-a', 'lot-b']);
    expect(outbox.due(at(20)).map((i) => i.batchId)).toEqual(['lot-a', 'lot-b']);
  });

  it('markFailed counts the attempt, keeps the error and postpones the report; nextDueAt follows', () => {
    queued('lot-a', 0);
    queued('lot-b', 1);
    outbox.markFailed('lot-a', 'SERVER_UNREACHABLE: serverul nu răspunde', at(300));
    const a = outbox.get('lot-a')!;
    expect(a).toMatchObject({ attempts: 1, lastError: 'SERVER_UNREACHABLE: serverul nu răspunde', deliveredAt: null });
    // still pending, but not due until its next attempt
    expect(outbox.pending().map((i) => i.batchId)).toEqual(['lot-a', 'lot-b']);
    expect(outbox.due(at(299)).map((i) => i.batchId)).toEqual(['lot-b']);
    expect(outbox.due(at(300)).map((i) => i.batchId)).toEqual(['lot-a', 'lot-b']);
    expect(outbox.nextDueAt()).toEqual(at(1)); // lot-b is due first

    outbox.markFailed('lot-b', 'x', at(100));
    expect(outbox.nextDueAt()).toEqual(at(100));
    outbox.markFailed('lot-a', 'again', at(50));
    expect(outbox.get('lot-a')).toMatchObject({ attempts: 2, lastError: 'again' });
    expect(outbox.nextDueAt()).toEqual(at(50));
  });

  it('markFailed keeps at most 500 characters of the error', () => {
    queued('lot-a', 0);
    outbox.markFailed('lot-a', 'é'.repeat(2000), at(10));
    expect(outbox.get('lot-a')!.lastError).toBe('é'.repeat(500));
  });

  it('markDelivered counts the attempt, clears the error and takes the report out of due, pending and nextDueAt for good', () => {
    queued('lot-a', 0);
    queued('lot-b', 1);
    outbox.markFailed('lot-a', 'SERVER_UNREACHABLE', at(10));
    outbox.markDelivered('lot-a', at(20));
    expect(outbox.get('lot-a')).toMatchObject({ attempts: 2, lastError: null, deliveredAt: at(20).toISOString() });
    expect(outbox.pending().map((i) => i.batchId)).toEqual(['lot-b']);
    expect(outbox.due(at(1000)).map((i) => i.batchId)).toEqual(['lot-b']);
    expect(outbox.nextDueAt()).toEqual(at(1));
    outbox.markDelivered('lot-b');
    expect(outbox.get('lot-b')!.deliveredAt).toBe(at(1).toISOString()); // default: now (the fake clock)
    expect(outbox.pending()).toEqual([]);
    expect(outbox.nextDueAt()).toBeNull();
    // a delivered report is not brought back by enqueuing it again
    outbox.enqueue('lot-a', { other: true });
    expect(outbox.pending()).toEqual([]);
  });

  it('state survives closing and re-opening the journal', () => {
    queued('lot-a', 0);
    queued('lot-b', 1);
    outbox.markFailed('lot-a', 'SERVER_UNREACHABLE', at(600));
    outbox.markDelivered('lot-b', at(2));
    db.close();
    db = openJournal(tmp.dir);
    const again = createOutbox(db);
    expect(again.pending().map((i) => [i.batchId, i.attempts, i.lastError])).toEqual([['lot-a', 1, 'SERVER_UNREACHABLE']]);
    expect(again.nextDueAt()).toEqual(at(600));
    expect(again.get('lot-b')!.deliveredAt).toBe(at(2).toISOString());
  });

  it('a refused report needs attention: never due, kept with its problems, across a restart, until requeued', () => {
    queued('lot-a', 0);
    queued('lot-b', 1);
    outbox.markAttention('lot-a', 'FORBIDDEN: raport al altei stații', [{ path: '/station', reason: 'altă stație' }], at(5));
    expect(outbox.due(at(10 ** 9)).map((i) => i.batchId)).toEqual(['lot-b']);
    expect(outbox.waiting().map((i) => i.batchId)).toEqual(['lot-b']);
    expect(outbox.pending().map((i) => i.batchId)).toEqual(['lot-a', 'lot-b']); // never dropped
    expect(outbox.nextDueAt()).toEqual(at(1));
    db.close();
    db = openJournal(tmp.dir);
    outbox = createOutbox(db);
    expect(outbox.needingAttention()).toEqual([
      expect.objectContaining({ batchId: 'lot-a', attempts: 1, attentionAt: at(5).toISOString(), lastError: 'FORBIDDEN: raport al altei stații', problems: [{ path: '/station', reason: 'altă stație' }] }),
    ]);
    vi.setSystemTime(at(50));
    expect(outbox.requeue('lot-a')).toBe(true);
    expect(outbox.get('lot-a')).toMatchObject({ attentionAt: null, problems: [], nextAttemptAt: at(50).toISOString() });
    expect(outbox.due(at(50)).map((i) => i.batchId)).toEqual(['lot-a', 'lot-b']);
    outbox.replacePayload('lot-a', { batchId: 'lot-a', station: 'ghiseu-1' });
    expect(outbox.get('lot-a')!.payload).toEqual({ batchId: 'lot-a', station: 'ghiseu-1' });
    outbox.markDelivered('lot-a');
    expect(outbox.requeue('lot-a')).toBe(false); // a delivered report stays delivered
  });

  it('delivered reports since a time, with their version; one found missing waits again, due at once, and a correction clears the note', () => {
    queued('lot-a', 0, { batchId: 'lot-a' });
    queued('lot-b', 1, { batchId: 'lot-b', version: 3 });
    queued('lot-c', 2);
    queued('lot-d', 3);
    outbox.markDelivered('lot-a', at(10), 'ghiseu-1');
    outbox.markSuperseded('lot-b', 'REPORT_SUPERSEDED: versiunea 4', at(20), 'ghiseu-1');
    outbox.markDelivered('lot-d', at(21), 'statie'); // under the station's earlier name
    expect(outbox.deliveredSince(at(0), 'ghiseu-1')).toEqual([{ batchId: 'lot-a', version: 1 }, { batchId: 'lot-b', version: 3 }]);
    expect(outbox.deliveredSince(at(11), 'ghiseu-1')).toEqual([{ batchId: 'lot-b', version: 3 }]); // the window's start is kept
    expect(outbox.deliveredSince(at(0), 'statie')).toEqual([{ batchId: 'lot-d', version: 1 }]);
    expect(outbox.markMissing(['lot-c', 'lot-a'], at(30))).toEqual(['lot-a']); // lot-c was never delivered: left as it is
    expect(outbox.get('lot-a')).toMatchObject({ deliveredAt: null, attempts: 0, lastError: null, nextAttemptAt: at(30).toISOString(), missingAt: at(30).toISOString() });
    expect(outbox.due(at(30)).map((i) => i.batchId)).toEqual(['lot-a', 'lot-c']);
    expect(outbox.deliveredSince(at(0), 'ghiseu-1').map((d) => d.batchId)).toEqual(['lot-b']);
    expect(outbox.markMissing(['lot-a'], at(31))).toEqual([]); // already waiting
    outbox.resend('lot-a', { batchId: 'lot-a', version: 2 }, at(40));
    expect(outbox.get('lot-a')!.missingAt).toBeNull();
  });

  it('remembers when the registry was last asked, across a restart', () => {
    expect(outbox.lastReconciledAt()).toBeNull();
    outbox.setReconciledAt(at(5));
    outbox.setReconciledAt(at(7));
    db.close();
    db = openJournal(tmp.dir);
    expect(createOutbox(db).lastReconciledAt()).toEqual(at(7));
  });

  it('migration 013 names the reports delivered since the station\'s name was fixed, and leaves those before it (an earlier name) unnamed', () => {
    queued('lot-old', 0);
    queued('lot-new', 1);
    db.prepare("INSERT INTO station_identity (id, name, fixed_at) VALUES (1, 'ghiseu-1', ?)").run(at(15).toISOString());
    outbox.markDelivered('lot-old', at(10));
    outbox.markDelivered('lot-new', at(20));
    // the journal as it was before 013, then migrated
    db.exec('ALTER TABLE outbox DROP COLUMN delivered_as');
    db.prepare('DELETE FROM schema_migrations WHERE version = 13').run();
    migrate(db);
    expect(createOutbox(db).deliveredSince(at(0), 'ghiseu-1')).toEqual([{ batchId: 'lot-new', version: 1 }]);
  });
});
