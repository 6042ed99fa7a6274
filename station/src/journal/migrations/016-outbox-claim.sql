-- A report being sent is claimed by the one process sending it (`station ui`'s background sender and
-- `station sync --watch` can both be open on this journal): `claimed_by` that process's id, `claim_until`
-- (ISO time, as next_attempt_at) when the claim lapses. Another process skips a claimed report until then,
-- so it is not sent twice at once. Recording the outcome releases the claim; a claim of a process that
-- crashed while sending lapses on its own (outbox-sender.ts: longer than a request can take).
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claim_until TEXT;
