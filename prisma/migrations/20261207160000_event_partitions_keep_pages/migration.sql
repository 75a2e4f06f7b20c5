-- Imports now make each dataset's partition WITH (vacuum_truncate = false): autovacuum, visiting a
-- loaded partition once for its inserts, asked for its exclusive lock to truncate it, and the
-- next large import into the dataset waited a second in DETACH until Postgres cancelled that
-- vacuum. Partitions made before get the same setting here.
DO $$
DECLARE
  partition text;
BEGIN
  FOR partition IN
    SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
    WHERE i.inhparent = 'events'::regclass AND c.relname <> 'events_default'
  LOOP
    EXECUTE format('ALTER TABLE %I SET (vacuum_truncate = false)', partition);
  END LOOP;
END $$;
