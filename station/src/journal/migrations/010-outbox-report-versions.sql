-- Corrected batch reports queued before a report carried its version: the payload gets the version
-- of the batch's summary (the registry takes a higher version as the batch's next version, instead
-- of refusing a second report for the batch), and those the registry refused as a CONFLICT for that
-- reason go back in the queue, due now. Nothing else changes.
UPDATE outbox
   SET payload_json = json_set(payload_json, '$.version',
         (SELECT json_extract(b.summary_json, '$.version') FROM batches b WHERE b.id = outbox.batch_id)),
       attention_at = CASE WHEN last_error LIKE 'CONFLICT:%' THEN NULL ELSE attention_at END,
       problems_json = CASE WHEN last_error LIKE 'CONFLICT:%' THEN NULL ELSE problems_json END,
       next_attempt_at = CASE WHEN last_error LIKE 'CONFLICT:%' THEN strftime('%Y-%m-%dT%H:%M:%fZ', 'now') ELSE next_attempt_at END
 WHERE delivered_at IS NULL
   AND json_extract(payload_json, '$.version') IS NULL
   AND (SELECT json_extract(b.summary_json, '$.version') FROM batches b WHERE b.id = outbox.batch_id) > 1;
