/**
 * A cheap fingerprint of the outbox as the pages show it: equal before and after a commit that left the
 * outbox alone (a batch's pages, the station's identity), different after any change a page would show —
 * a report queued, delivered or superseded, failed (its attempts and error), refused or put back, its
 * payload replaced (its version or length), claimed or released by a sender. The reports not delivered are
 * read by their partial index (few rows); the delivered ones only through their newest row and delivery.
 */
import type { JournalDb } from './open-journal.ts';

export function outboxFingerprint(db: JournalDb): () => string {
  const read = db.prepare(
    `SELECT json_array(
       (SELECT max(rowid) FROM outbox),
       (SELECT max(delivered_at) FROM outbox WHERE delivered_at IS NOT NULL),
       (SELECT json_group_array(json_array(batch_id, attempts, last_error, next_attempt_at, attention_at, missing_at,
                 claimed_by, claim_until, length(payload_json), json_extract(payload_json, '$.version')))
          FROM (SELECT * FROM outbox WHERE delivered_at IS NULL ORDER BY rowid)))`,
  ).pluck();
  return () => read.get() as string;
}
