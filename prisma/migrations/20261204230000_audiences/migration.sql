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
