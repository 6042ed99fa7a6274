-- The station name a report was delivered under: the reconciliation asks the registry only about
-- reports delivered under the station's present name (a report delivered under an earlier name is
-- that station's on the registry; sending it again under the new name would count it twice).
-- Reports delivered since the name was fixed (or last changed) went out under it; those delivered
-- before are left without a name, and so are never asked about.
ALTER TABLE outbox ADD COLUMN delivered_as TEXT;

UPDATE outbox
   SET delivered_as = (SELECT name FROM station_identity WHERE id = 1)
 WHERE delivered_at IS NOT NULL
   AND delivered_at >= (SELECT fixed_at FROM station_identity WHERE id = 1);
