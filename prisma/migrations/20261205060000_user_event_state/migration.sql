-- Running per-user aggregates of a dataset's events, counted with its active run's column
-- choices (lib/realtime/userEventState.ts): written at retrain and updated by the profile update
-- from only the events after `totals`' latest event, so an update reads O(new events), not the
-- user's whole history. A row of another run than the active one is rebuilt from all events.
CREATE TABLE "user_event_state" (
    "dataset_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "run_id" INTEGER NOT NULL,
    -- the behaviour totals packed in totalsFields' order
    "totals" DOUBLE PRECISION[] NOT NULL,
    -- behaviour-embedding column counts and TF-IDF term counts as [column, count, column, count, ...] in first-seen order
    "embedding_counts" INTEGER[] NOT NULL,
    "text_term_counts" INTEGER[] NOT NULL,
    -- transformers runs: the sum of the user's sentence vectors
    "text_vector_sum" REAL[] NOT NULL,
    -- [sum, count] of the user's text sentiment scores
    "sentiment" DOUBLE PRECISION[] NOT NULL,
    -- per item the user touched: itemId, lastTs, purchased, rating, lastType (arrays)
    "pairs" JSONB NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_event_state_pkey" PRIMARY KEY ("dataset_id", "user_id")
);
ALTER TABLE "user_event_state" ADD CONSTRAINT "user_event_state_dataset_id_fkey"
    FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "user_event_state" ADD CONSTRAINT "user_event_state_run_id_fkey"
    FOREIGN KEY ("run_id") REFERENCES "model_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "user_event_state_run_id_idx" ON "user_event_state"("run_id");
