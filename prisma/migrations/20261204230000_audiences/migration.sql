-- AlterTable
ALTER TABLE "api_keys" ADD COLUMN     "scopes" TEXT[] DEFAULT ARRAY['ingest']::TEXT[];

-- CreateTable
CREATE TABLE "audiences" (
    "id" SERIAL NOT NULL,
    "dataset_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" TEXT NOT NULL DEFAULT 'rules',
    "definition" JSONB NOT NULL,
    "holdout_share" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "holdout_seed" INTEGER NOT NULL DEFAULT 1,
    "run_id" INTEGER,
    "notes" JSONB NOT NULL DEFAULT '[]',
    "size" INTEGER NOT NULL DEFAULT 0,
    "computed_at" TIMESTAMPTZ(3),
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audiences_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audience_members" (
    "audience_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "holdout" BOOLEAN NOT NULL DEFAULT false,
    "entered_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audience_members_pkey" PRIMARY KEY ("audience_id","user_id")
);

-- CreateTable
CREATE TABLE "audience_changes" (
    "id" BIGSERIAL NOT NULL,
    "audience_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "change" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audience_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audience_sizes" (
    "id" BIGSERIAL NOT NULL,
    "audience_id" INTEGER NOT NULL,
    "size" INTEGER NOT NULL,
    "holdout" INTEGER NOT NULL DEFAULT 0,
    "entered" INTEGER NOT NULL DEFAULT 0,
    "left" INTEGER NOT NULL DEFAULT 0,
    "reason" TEXT NOT NULL,
    "run_id" INTEGER,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audience_sizes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "destinations" (
    "id" SERIAL NOT NULL,
    "audience_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "batch_size" INTEGER NOT NULL DEFAULT 500,
    "sent_up_to" BIGINT,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "destinations_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deliveries" (
    "id" SERIAL NOT NULL,
    "destination_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'sending',
    "batches" INTEGER NOT NULL DEFAULT 0,
    "entered" INTEGER NOT NULL DEFAULT 0,
    "left" INTEGER NOT NULL DEFAULT 0,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "last_status" INTEGER,
    "last_error" TEXT,
    "log" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "job_id" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "destinations_audience_id_idx" ON "destinations"("audience_id");

-- CreateIndex
CREATE INDEX "deliveries_destination_id_id_idx" ON "deliveries"("destination_id", "id");

-- AddForeignKey
ALTER TABLE "destinations" ADD CONSTRAINT "destinations_audience_id_fkey" FOREIGN KEY ("audience_id") REFERENCES "audiences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deliveries" ADD CONSTRAINT "deliveries_destination_id_fkey" FOREIGN KEY ("destination_id") REFERENCES "destinations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- DropIndex
DROP INDEX "scores_run_id_target_value_idx";

-- CreateIndex
CREATE INDEX "scores_run_id_target_value_user_id_idx" ON "scores"("run_id", "target", "value", "user_id");

-- CreateIndex
CREATE INDEX "events_dataset_id_type_ts_user_id_value_idx" ON "events"("dataset_id", "type", "ts", "user_id", "value");

-- CreateIndex
CREATE UNIQUE INDEX "audiences_dataset_id_name_key" ON "audiences"("dataset_id", "name");

-- CreateIndex
CREATE INDEX "audience_changes_audience_id_id_idx" ON "audience_changes"("audience_id", "id");

-- CreateIndex
CREATE INDEX "audience_sizes_audience_id_at_idx" ON "audience_sizes"("audience_id", "at");

-- AddForeignKey
ALTER TABLE "audiences" ADD CONSTRAINT "audiences_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audience_members" ADD CONSTRAINT "audience_members_audience_id_fkey" FOREIGN KEY ("audience_id") REFERENCES "audiences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audience_changes" ADD CONSTRAINT "audience_changes_audience_id_fkey" FOREIGN KEY ("audience_id") REFERENCES "audiences"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audience_sizes" ADD CONSTRAINT "audience_sizes_audience_id_fkey" FOREIGN KEY ("audience_id") REFERENCES "audiences"("id") ON DELETE CASCADE ON UPDATE CASCADE;
