import { setTimeout as sleep } from 'node:timers/promises';
import { getPool } from '@/lib/db/connection';
import type { DistributeChunks, TrainChunk } from '@/lib/training/trainChunk';
import type { JobContext } from './jobHandler';
import type { Job } from './jobTypes';
import { logLine } from './queue';

/** how often a train job waiting on its chunks looks at them when it found none to run itself */
const waitMs = 200;

interface ChunkCounts {
  succeeded: number;
  /** users of the chunks that succeeded */
  users: number;
  textsWithoutVector: number;
  /** the first chunk that failed or was cancelled, with its error */
  failed: { index: number; error: string | null } | null;
}

async function countChunks(runId: number): Promise<ChunkCounts> {
  const { rows } = await getPool().query<{
    status: string;
    index: number;
    users: number;
    error: string | null;
    texts: number;
  }>(
    `SELECT status, (payload->>'index')::int AS index, (payload->>'users')::int AS users, error,
       coalesce((result->>'textsWithoutVector')::int, 0) AS texts
     FROM jobs WHERE type = 'train_chunk' AND payload->>'runId' = $1::text AND status IN ('succeeded', 'failed', 'cancelled')
     ORDER BY index`,
    [runId],
  );
  const done = rows.filter((row) => row.status === 'succeeded');
  const failed = rows.find((row) => row.status !== 'succeeded');
  return {
    succeeded: done.length,
    users: done.reduce((sum, row) => sum + row.users, 0),
    textsWithoutVector: done.reduce((sum, row) => sum + row.texts, 0),
    failed: failed ? { index: failed.index, error: failed.error } : null,
  };
}

/**
 * The chunk phase of a sample-fitted retrain as train_chunk jobs: one per chunk, queued in one
 * statement, taken by any worker on any machine that shares the database. The train job waits
 * for them and takes chunks itself meanwhile (so one worker alone finishes the run), sweeping
 * stale jobs so a killed worker's chunk is retried as any job is. A chunk that fails on its last
 * attempt fails the run; when the train job stops (cancelled, failed, its worker stopping), the
 * chunks not yet taken are cancelled and those running find the run no longer running.
 */
export function chunkJobDistributor(job: Job, context: JobContext): DistributeChunks {
  return async (runId: number, chunks: TrainChunk[], progress) => {
    const users = chunks.reduce((sum, chunk) => sum + chunk.users, 0);
    await getPool().query(
      `INSERT INTO jobs (type, dataset_id, payload, created_by, max_attempts, timeout_sec, log)
       SELECT 'train_chunk', $1, chunk || jsonb_build_object('runId', $2::int), $3, 3, $4, ARRAY[$5::text]
       FROM jsonb_array_elements($6::jsonb) AS chunk`,
      [
        job.datasetId,
        runId,
        `job ${job.id}`,
        job.timeoutSec,
        logLine(`Queued by train job ${job.id}`),
        JSON.stringify(chunks),
      ],
    );
    context.log(`${chunks.length} chunks of users queued as train_chunk jobs for any worker`);
    try {
      for (;;) {
        context.checkpoint();
        const ran = await (context.helpWith?.(['train_chunk']) ?? Promise.resolve(false));
        const counts = await countChunks(runId);
        if (counts.failed) {
          throw new Error(
            `Chunk ${counts.failed.index + 1} of ${chunks.length} failed: ${counts.failed.error ?? 'no reason given'}`,
          );
        }
        progress(counts.users, users);
        if (counts.succeeded === chunks.length) return { textsWithoutVector: counts.textsWithoutVector };
        if (!ran) await sleep(waitMs);
      }
    } catch (error) {
      await getPool()
        .query(
          `UPDATE jobs SET status = 'cancelled', finished_at = now(), error = 'Its retrain stopped'
           WHERE type = 'train_chunk' AND payload->>'runId' = $1::text AND status = 'queued'`,
          [runId],
        )
        .catch(() => {});
      throw error;
    }
  };
}
