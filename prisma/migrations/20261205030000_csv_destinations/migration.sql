-- An audience destination is a webhook or a scheduled CSV export. A CSV destination has no URL
-- or secret; its schedule (a five-field cron expression) says when a worker writes the file, and
-- pausing it keeps the destination and its log without writing more files.
ALTER TABLE "destinations" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'webhook';
ALTER TABLE "destinations" ADD COLUMN "schedule" TEXT;
ALTER TABLE "destinations" ADD COLUMN "paused" BOOLEAN NOT NULL DEFAULT false;
ALTER TABLE "destinations" ALTER COLUMN "url" DROP NOT NULL;
ALTER TABLE "destinations" ALTER COLUMN "secret" DROP NOT NULL;

-- A CSV run's log row: how many members it wrote and the file's name (the file itself is the
-- result of its export job, downloaded, scrubbed on erasure and deleted with the dataset as one).
ALTER TABLE "deliveries" ADD COLUMN "rows" INTEGER;
ALTER TABLE "deliveries" ADD COLUMN "file_name" TEXT;
