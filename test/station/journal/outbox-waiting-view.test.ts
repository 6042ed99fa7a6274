/**
 * The waiting reports as one outbox's sender sees them at a moment (outbox-waiting-view.ts), on a real journal
 * file opened twice (station ui and the other program): which another holds agrees with the list's
 * sendingElsewhere at that moment, whether another's claim is still open (what is held can change with nothing
 * committed), which reports this sender may take and from when. The moments are given, never waited for.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBatchJournal } from '../../../station/src/journal/batch-journal.ts';
import { openJournal, type JournalDb } from '../../../station/src/journal/open-journal.ts';
import { createOutbox, type Outbox } from '../../../station/src/journal/outbox-repository.ts';
import { newlyTakeable, outboxWaitingView, type WaitingView } from '../../../station/src/journal/outbox-waiting-view.ts';
import { makeTempDir } from '../../support/temp-dirs.ts';

const LEASE = 60_000;
const HOUR = 3_600_000;
let tmp: { dir: string; cleanup: () => Promise<void> };
let uiDb: JournalDb;
let otherDb: JournalDb;
let ui: Outbox;
let other: Outbox;
let view: (now: Date) => WaitingView;

beforeEach(async () => {
  tmp = await makeTempDir('outbox-waiting-view-');
  uiDb = openJournal(tmp.dir);
  otherDb = openJournal(tmp.dir);
  ui = createOutbox(uiDb, { leaseMs: LEASE });
  other = createOutbox(otherDb, { leaseMs: LEASE });
  const journal = createBatchJournal(uiDb);
  for (const id of ['lot-1', 'lot-2', 'lot-3']) {
    journal.start({ id, kind: 'split', outDir: `/out/${id}`, options: {} });
    journal.complete(id, '{}', () => ui.enqueue(id, { batchId: id, version: 1 }));
  }
  view = outboxWaitingView(uiDb, ui);
});
afterEach(async () => {
  for (const db of [uiDb, otherDb]) if (db.open) db.close();
  await tmp.cleanup();
});

/** What the list says at `now`: the reports sent elsewhere. */
const listSays = (now: Date) => ui.pending(now).filter((i) => i.sendingElsewhere).map((i) => i.batchId);

describe('the waiting reports as this sender sees them', () => {
  it('a claim of another that lapses: held, then free to take at a later moment with nothing committed; the list agrees at each', () => {
    const t = new Date();
    expect(other.claim('lot-1', t)).not.toBeNull();
    const version = uiDb.pragma('data_version', { simple: true });
    const during = view(new Date(t.getTime() + LEASE / 2));
    expect(during).toMatchObject({ heldElsewhere: ['lot-1'], claimsOpen: true });
    expect([...during.takeable.keys()]).toEqual(['lot-2', 'lot-3']);
    expect(listSays(new Date(t.getTime() + LEASE / 2))).toEqual(['lot-1']);

    const after = view(new Date(t.getTime() + LEASE + 1));
    expect(after).toMatchObject({ heldElsewhere: [], claimsOpen: false });
    expect([...after.takeable.keys()]).toEqual(['lot-1', 'lot-2', 'lot-3']);
    expect(listSays(new Date(t.getTime() + LEASE + 1))).toEqual([]);
    expect(uiDb.pragma('data_version', { simple: true })).toBe(version);
    expect(newlyTakeable(during, after)).toBe(true);
    expect(newlyTakeable(after, after)).toBe(false);
  });

  it('a claim from a clock hours ahead is not held yet but stays open: it comes within reach as time goes by', () => {
    const t = new Date();
    otherDb.prepare("UPDATE outbox SET claimed_by = ?, claim_until = ? WHERE batch_id = 'lot-2'").run(other.claimant, new Date(t.getTime() + 3 * HOUR).toISOString());
    expect(view(t)).toMatchObject({ heldElsewhere: [], claimsOpen: true });
    expect(listSays(t)).toEqual([]);
    const later = new Date(t.getTime() + 3 * HOUR - LEASE);
    expect(view(later)).toMatchObject({ heldElsewhere: ['lot-2'], claimsOpen: true });
    expect(listSays(later)).toEqual(['lot-2']);
  });

  it('this outbox\'s own claim is no other\'s, and a report the other program queued or put back due earlier is new to take', () => {
    const t = new Date();
    expect(ui.claim('lot-3', t)).not.toBeNull();
    const before = view(t);
    expect(before).toMatchObject({ heldElsewhere: [], claimsOpen: false });
    expect(before.takeable.has('lot-3')).toBe(true);

    // a failure moves lot-2's next attempt later: nothing new to take
    expect(other.claim('lot-2', t)).not.toBeNull();
    expect(other.markFailed('lot-2', 'SERVER_UNREACHABLE: x', new Date(t.getTime() + HOUR))).toBe(true);
    const failed = view(t);
    expect(newlyTakeable(before, failed)).toBe(false);
    // put back due now (`station outbox retry`): due earlier than it was
    expect(other.requeue('lot-2', t)).toBe(true);
    expect(newlyTakeable(failed, view(t))).toBe(true);
  });
});
