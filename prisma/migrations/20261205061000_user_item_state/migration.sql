-- The items each user touched, for the recommender's fold-in, as one row per user and item
-- rather than a list inside the user's state: an update writes only the pairs its new events
-- touched, not every item of the user's history again.
-- States stored with their pairs inside go (each is rebuilt from all the user's events at their next update).
DELETE FROM "user_event_state";
ALTER TABLE "user_event_state" DROP COLUMN "pairs";
CREATE TABLE "user_item_state" (
    "dataset_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "item_id" TEXT NOT NULL,
    -- epoch ms of the user's latest event on the item
    "last_ts" DOUBLE PRECISION NOT NULL,
    "purchased" BOOLEAN NOT NULL,
    -- the latest rating given, null when none
    "rating" DOUBLE PRECISION,
    -- type of the latest event on the item
    "last_type" TEXT NOT NULL,

    CONSTRAINT "user_item_state_pkey" PRIMARY KEY ("dataset_id", "user_id", "item_id")
);
ALTER TABLE "user_item_state" ADD CONSTRAINT "user_item_state_dataset_id_fkey"
    FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
