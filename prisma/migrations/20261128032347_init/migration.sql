-- CreateTable
CREATE TABLE "datasets" (
    "id" SERIAL NOT NULL,
    "name" TEXT NOT NULL,
    "settings" JSONB NOT NULL DEFAULT '{}',
    "active_run_id" INTEGER,
    "schedule" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "datasets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tracked_users" (
    "dataset_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "is_stub" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tracked_users_pkey" PRIMARY KEY ("dataset_id","user_id")
);

-- CreateTable
CREATE TABLE "user_attributes" (
    "dataset_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "value_text" TEXT,
    "value_num" DOUBLE PRECISION,

    CONSTRAINT "user_attributes_pkey" PRIMARY KEY ("dataset_id","user_id","name")
);

-- CreateTable
CREATE TABLE "items" (
    "dataset_id" INTEGER NOT NULL,
    "item_id" TEXT NOT NULL,
    "title" TEXT,
    "categories" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "price" DOUBLE PRECISION,
    "description" TEXT,
    "is_stub" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "items_pkey" PRIMARY KEY ("dataset_id","item_id")
);

-- CreateTable
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
);

-- CreateTable
CREATE TABLE "import_batches" (
    "id" SERIAL NOT NULL,
    "dataset_id" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "rows_read" INTEGER NOT NULL DEFAULT 0,
    "inserted" INTEGER NOT NULL DEFAULT 0,
    "duplicates" INTEGER NOT NULL DEFAULT 0,
    "rejected" INTEGER NOT NULL DEFAULT 0,
    "report" JSONB NOT NULL DEFAULT '{}',
    "created_by" TEXT,
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "import_batches_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_runs" (
    "id" SERIAL NOT NULL,
    "dataset_id" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "params" JSONB NOT NULL DEFAULT '{}',
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "timings" JSONB NOT NULL DEFAULT '{}',
    "meta" JSONB NOT NULL DEFAULT '{}',
    "log" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "error" TEXT,
    "events_up_to" TIMESTAMPTZ(3),
    "started_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "model_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "segments" (
    "run_id" INTEGER NOT NULL,
    "index" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "size" INTEGER NOT NULL,
    "share" DOUBLE PRECISION NOT NULL,
    "below_floor" BOOLEAN NOT NULL DEFAULT false,
    "centroid" REAL[],
    "persona" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "segments_pkey" PRIMARY KEY ("run_id","index")
);

-- CreateTable
CREATE TABLE "user_profiles" (
    "run_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "segment_index" INTEGER NOT NULL,
    "vector" REAL[],
    "map_x" REAL NOT NULL,
    "map_y" REAL NOT NULL,
    "distance" REAL NOT NULL,
    "sample_key" REAL NOT NULL,
    "features" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "user_profiles_pkey" PRIMARY KEY ("run_id","user_id")
);

-- CreateTable
CREATE TABLE "prediction_targets" (
    "run_id" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "reason" TEXT,
    "model" TEXT,
    "quality" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "prediction_targets_pkey" PRIMARY KEY ("run_id","target")
);

-- CreateTable
CREATE TABLE "scores" (
    "run_id" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "detail" JSONB,

    CONSTRAINT "scores_pkey" PRIMARY KEY ("run_id","target","user_id")
);

-- CreateTable
CREATE TABLE "recommendations" (
    "run_id" INTEGER NOT NULL,
    "user_id" TEXT NOT NULL,
    "rank" INTEGER NOT NULL,
    "item_id" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "recommendations_pkey" PRIMARY KEY ("run_id","user_id","rank")
);

-- CreateTable
CREATE TABLE "text_embeddings" (
    "model" TEXT NOT NULL,
    "text_hash" TEXT NOT NULL,
    "vector" BYTEA NOT NULL,

    CONSTRAINT "text_embeddings_pkey" PRIMARY KEY ("model","text_hash")
);

-- CreateTable
CREATE TABLE "accounts" (
    "id" SERIAL NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "disabled_at" TIMESTAMPTZ(3),

    CONSTRAINT "accounts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "sessions" (
    "token_hash" TEXT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "sessions_pkey" PRIMARY KEY ("token_hash")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" SERIAL NOT NULL,
    "dataset_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "key_hash" TEXT NOT NULL,
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "jobs" (
    "id" SERIAL NOT NULL,
    "type" TEXT NOT NULL,
    "dataset_id" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'queued',
    "payload" JSONB NOT NULL DEFAULT '{}',
    "stage" TEXT,
    "percent" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "log" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "result" JSONB,
    "error" TEXT,
    "created_by" TEXT,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "max_attempts" INTEGER NOT NULL DEFAULT 3,
    "worker_id" TEXT,
    "heartbeat_at" TIMESTAMPTZ(3),
    "timeout_sec" INTEGER NOT NULL DEFAULT 3600,
    "cancel_asked" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "started_at" TIMESTAMPTZ(3),
    "finished_at" TIMESTAMPTZ(3),

    CONSTRAINT "jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" SERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "detail" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "datasets_name_key" ON "datasets"("name");

-- CreateIndex
CREATE INDEX "user_attributes_dataset_id_name_idx" ON "user_attributes"("dataset_id", "name");

-- CreateIndex
CREATE INDEX "events_dataset_id_user_id_ts_idx" ON "events"("dataset_id", "user_id", "ts");

-- CreateIndex
CREATE INDEX "import_batches_dataset_id_started_at_idx" ON "import_batches"("dataset_id", "started_at");

-- CreateIndex
CREATE INDEX "model_runs_dataset_id_started_at_idx" ON "model_runs"("dataset_id", "started_at");

-- CreateIndex
CREATE INDEX "user_profiles_run_id_segment_index_distance_idx" ON "user_profiles"("run_id", "segment_index", "distance");

-- CreateIndex
CREATE INDEX "user_profiles_run_id_sample_key_idx" ON "user_profiles"("run_id", "sample_key");

-- CreateIndex
CREATE INDEX "scores_run_id_user_id_idx" ON "scores"("run_id", "user_id");

-- CreateIndex
CREATE INDEX "scores_run_id_target_value_idx" ON "scores"("run_id", "target", "value");

-- CreateIndex
CREATE UNIQUE INDEX "accounts_email_key" ON "accounts"("email");

-- CreateIndex
CREATE INDEX "sessions_account_id_idx" ON "sessions"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- CreateIndex
CREATE INDEX "jobs_status_created_at_idx" ON "jobs"("status", "created_at");

-- CreateIndex
CREATE INDEX "jobs_dataset_id_created_at_idx" ON "jobs"("dataset_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- AddForeignKey
ALTER TABLE "datasets" ADD CONSTRAINT "datasets_active_run_id_fkey" FOREIGN KEY ("active_run_id") REFERENCES "model_runs"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tracked_users" ADD CONSTRAINT "tracked_users_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_attributes" ADD CONSTRAINT "user_attributes_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "items" ADD CONSTRAINT "items_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "events" ADD CONSTRAINT "events_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "import_batches" ADD CONSTRAINT "import_batches_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_runs" ADD CONSTRAINT "model_runs_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "segments" ADD CONSTRAINT "segments_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "model_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "user_profiles" ADD CONSTRAINT "user_profiles_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "model_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "prediction_targets" ADD CONSTRAINT "prediction_targets_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "model_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scores" ADD CONSTRAINT "scores_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "model_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "recommendations" ADD CONSTRAINT "recommendations_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "model_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "jobs" ADD CONSTRAINT "jobs_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;
