-- A prediction goal an admin defines: "will do event type T (on an item of category C, with a
-- value over V) within H days". Each retrain trains every goal of its dataset as a binary target
-- named goal:<id>, like churn; deleting a goal leaves the runs that trained it as they were.
CREATE TABLE "prediction_goals" (
    "id" SERIAL NOT NULL,
    "dataset_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "category" TEXT,
    "min_value" DOUBLE PRECISION,
    "horizon_days" INTEGER NOT NULL,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "prediction_goals_pkey" PRIMARY KEY ("id")
);

CREATE UNIQUE INDEX "prediction_goals_dataset_id_name_key" ON "prediction_goals"("dataset_id", "name");

ALTER TABLE "prediction_goals" ADD CONSTRAINT "prediction_goals_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
