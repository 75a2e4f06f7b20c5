-- CreateTable
CREATE TABLE "run_artifacts" (
    "run_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "content" JSONB NOT NULL,

    CONSTRAINT "run_artifacts_pkey" PRIMARY KEY ("run_id","name")
);

-- AddForeignKey
ALTER TABLE "run_artifacts" ADD CONSTRAINT "run_artifacts_run_id_fkey" FOREIGN KEY ("run_id") REFERENCES "model_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;
