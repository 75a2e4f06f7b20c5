-- The audiences' behaviour-window index (20261204230000_audiences) was made on the events table
-- that 20261205000000 replaced by the partitioned one; on a partitioned table it is created on
-- every partition, and ATTACH PARTITION builds it on a freshly loaded one.
CREATE INDEX IF NOT EXISTS "events_dataset_id_type_ts_user_id_value_idx" ON "events"("dataset_id", "type", "ts", "user_id", "value");
