-- Events are LIST-partitioned by dataset: an import into an empty dataset (or one it at least
-- doubles) loads a table without indexes, builds its two indexes once, sorted, and attaches it
-- as the dataset's partition, instead of inserting row by row into B-trees shared by every
-- dataset. Events of a dataset without its own partition (posted through the API, or written by
-- tools) live in events_default until an import gives it one.
ALTER TABLE "events" RENAME TO "events_unpartitioned";
ALTER TABLE "events_unpartitioned" RENAME CONSTRAINT "events_pkey" TO "events_unpartitioned_pkey";
ALTER TABLE "events_unpartitioned" DROP CONSTRAINT "events_dataset_id_fkey";
ALTER INDEX "events_dataset_id_user_id_ts_idx" RENAME TO "events_unpartitioned_user_idx";

CREATE TABLE "events" (
    "dataset_id" INTEGER NOT NULL,
    "fingerprint" UUID NOT NULL,
    "user_id" TEXT NOT NULL,
    "item_id" TEXT,
    "type" TEXT NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "value" DOUBLE PRECISION,
    "text" TEXT,
    "import_id" INTEGER,

    CONSTRAINT "events_pkey" PRIMARY KEY ("dataset_id","fingerprint")
) PARTITION BY LIST ("dataset_id");

CREATE INDEX "events_dataset_id_user_id_ts_idx" ON "events"("dataset_id", "user_id", "ts");

ALTER TABLE "events" ADD CONSTRAINT "events_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "events_default" PARTITION OF "events" DEFAULT;

DO $$
DECLARE
  dataset integer;
BEGIN
  FOR dataset IN SELECT DISTINCT dataset_id FROM "events_unpartitioned" LOOP
    EXECUTE format('CREATE TABLE %I PARTITION OF "events" FOR VALUES IN (%s)', 'events_d' || dataset, dataset);
  END LOOP;
END $$;

INSERT INTO "events" SELECT * FROM "events_unpartitioned";
DROP TABLE "events_unpartitioned";
