-- Users whose profiles must follow new events: written in the same transaction as the events
-- (HTTP batches, file imports), drained by the workers in the transaction that writes the new
-- profiles. A row per user and batch (no unique key), so an accepting request never waits for an
-- update in progress; the drain deletes exactly the rows it read.
CREATE TABLE "profile_update_queue" (
    "id" BIGSERIAL NOT NULL,
    "dataset_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "enqueued_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "profile_update_queue_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "profile_update_queue_dataset_id_enqueued_at_idx" ON "profile_update_queue"("dataset_id", "enqueued_at");
ALTER TABLE "profile_update_queue" ADD CONSTRAINT "profile_update_queue_dataset_id_fkey"
    FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One row per drained batch: the overview's update lag and throughput over the last hour.
CREATE TABLE "profile_update_batches" (
    "id" BIGSERIAL NOT NULL,
    "dataset_id" INTEGER NOT NULL,
    "run_id" INTEGER,
    "users" INTEGER NOT NULL,
    -- age of the batch's oldest queued row when its update committed
    "lag_ms" INTEGER NOT NULL,
    "ms" INTEGER NOT NULL,
    "outcome" TEXT NOT NULL,
    "finished_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "profile_update_batches_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "profile_update_batches_dataset_id_finished_at_idx" ON "profile_update_batches"("dataset_id", "finished_at");
ALTER TABLE "profile_update_batches" ADD CONSTRAINT "profile_update_batches_dataset_id_fkey"
    FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- When a profile last followed new events (null: as its run trained it), and the latest event
-- time it was computed from. The models are those of the profile's run (run_id).
ALTER TABLE "user_profiles" ADD COLUMN "updated_at" TIMESTAMPTZ(3);
ALTER TABLE "user_profiles" ADD COLUMN "events_through" TIMESTAMPTZ(3);

-- "is an update of this user still queued?", asked by every profile read
CREATE INDEX "profile_update_queue_dataset_id_user_id_idx" ON "profile_update_queue"("dataset_id", "user_id");
