/**
 * The reports still waiting (not delivered, not refused for good) as one outbox's sender sees them at a
 * moment: which another program holds (heldElsewhere, outbox-claim-rule.ts: what the list says «se trimite
 * acum», judged as claim() judges it) and which this sender may take, with their next attempt. Read by
 * their partial index (few rows). The web app's watch (outbox-watch.ts) compares two of them: what is
 * held elsewhere can change with nothing committed (a claim lapses, its holder is killed), and a report
 * another program left can be taken now.
 */
import { claimantMayRun, heldElsewhere } from './outbox-claim-rule.ts';
import type { JournalDb } from './open-journal.ts';
import type { Outbox } from './outbox-repository.ts';

export interface WaitingView {
  /** The waiting reports another program holds now, in queue order (their sendingElsewhere). */
  heldElsewhere: string[];
  /**
   * Whether another's claim has not lapsed and its holder may run: while one has, what is held elsewhere
   * may change with nothing committed (it lapses, its holder ends, a claim from a clock ahead comes within
   * reach). Otherwise it changes only with a commit.
   */
  claimsOpen: boolean;
  /** The waiting reports this outbox's sender may take (not held elsewhere): their next attempt (ISO). */
  takeable: Map<string, string>;
}

interface WaitingRow {
  batchId: string;
  nextAttemptAt: string;
  claimedBy: string | null;
  claimUntil: string | null;
}

export function outboxWaitingView(db: JournalDb, outbox: Pick<Outbox, 'claimant' | 'leaseMs'>): (now: Date) => WaitingView {
  const rows = db.prepare(
    `SELECT batch_id AS batchId, next_attempt_at AS nextAttemptAt, claimed_by AS claimedBy, claim_until AS claimUntil
       FROM outbox WHERE delivered_at IS NULL AND attention_at IS NULL ORDER BY created_at, rowid`,
  );
  const { claimant: me, leaseMs } = outbox;
  return (now) => {
    const at = now.toISOString();
    const view: WaitingView = { heldElsewhere: [], claimsOpen: false, takeable: new Map() };
    for (const r of rows.all() as WaitingRow[]) {
      if (heldElsewhere(r, me, now, leaseMs)) view.heldElsewhere.push(r.batchId);
      else view.takeable.set(r.batchId, r.nextAttemptAt);
      if (!view.claimsOpen && r.claimedBy && r.claimedBy !== me && r.claimUntil && r.claimUntil >= at && claimantMayRun(r.claimedBy)) view.claimsOpen = true;
    }
    return view;
  };
}

/** Whether `now` has a report to take that `before` had not: newly waiting or no longer held elsewhere, or due earlier than it was. */
export function newlyTakeable(before: WaitingView, now: WaitingView): boolean {
  for (const [batchId, next] of now.takeable) {
    const was = before.takeable.get(batchId);
    if (was === undefined || next < was) return true;
  }
  return false;
}
