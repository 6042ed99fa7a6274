/**
 * The one rule for a report's claim (outbox-repository.ts): whether another process or outbox holds it
 * now. The claim (a sender taking a report) and the list (OutboxItem.sendingElsewhere: «Se trimite chiar
 * acum din alt program al stației.») both ask `heldElsewhere`, so the list never says a report is being
 * sent elsewhere while this process's sender would take it, nor the other way round.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { processRuns } from '../exec/process-runs.ts';
import { REQUEST_TIMEOUT_MS } from '../report/registry-client.ts';

/**
 * How long a report is claimed by the process sending it (outbox.claim): past the client's request
 * timeout (the answer's body read included), with margin for recording the outcome (the journal's
 * 5 s busy timeout) and a loaded machine. A process that crashed while sending holds it no longer.
 */
export function claimLeaseMs(requestTimeoutMs: number): number {
  return 2 * requestTimeoutMs + 30_000;
}

/** The lease of an outbox whose sender uses the registry client's default request timeout. */
export const DEFAULT_CLAIM_LEASE_MS = claimLeaseMs(REQUEST_TIMEOUT_MS);

/** A claimant's id: its process and computer, and one outbox (connection) of that process. */
export const claimantId = (): string => `${process.pid}@${hostname()}/${randomUUID()}`;

/**
 * Whether the process that claimed a report may still be sending it. Only a process of this computer
 * found not running (it crashed, was killed) is known to be gone; one of another computer (a journal on a
 * shared folder), a pid taken again by another program, or an id not understood keep the claim until it lapses.
 */
export function claimantMayRun(id: string): boolean {
  const m = /^(\d+)@(.*)\/[^/]+$/.exec(id);
  if (!m || m[2] !== hostname() || Number(m[1]) === process.pid) return true;
  return processRuns(Number(m[1]));
}

/** A report's claim as the journal holds it (ISO times, as written). */
export interface ClaimState {
  claimedBy: string | null;
  claimUntil: string | null;
}

/**
 * Whether a claim is held by another at `now`, for the outbox `me` whose sender grants claims of `leaseMs`:
 * claimed by another outbox (this one's own claim, left by a pass whose outcome could not be recorded, is
 * not another's: its passes take turns), not lapsed (ending at `now` or later), not ending later than
 * now + 2 × `leaseMs` (taken by a clock ahead of this one: another computer's, or this one's before it was
 * set back; the holder's own lease may be longer, within that), and its holder possibly running
 * (claimantMayRun: a process of this computer that no longer runs holds nothing). Otherwise the report
 * is free for this outbox to claim.
 */
export function heldElsewhere(claim: ClaimState, me: string, now: Date, leaseMs: number): boolean {
  const { claimedBy, claimUntil } = claim;
  if (!claimedBy || claimedBy === me || !claimUntil) return false;
  const far = new Date(now.getTime() + 2 * leaseMs).toISOString();
  if (claimUntil < now.toISOString() || claimUntil > far) return false;
  return claimantMayRun(claimedBy);
}
