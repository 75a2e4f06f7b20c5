import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { completeRun, createRun } from '@/lib/runs/runStore';
import { trainChunkJob } from './handlers/trainChunkJob';
import { trainJob } from './handlers/trainJob';
import type { JobHandler } from './jobHandler';
import type { Job } from './jobTypes';
import { enqueueJob, getJob } from './queue';
import { startWorker } from './startWorker';

const folder = mkdtempSync(path.join(os.tmpdir(), 'portrait-train-chunk-failure-'));
let datasetId: number;
let previousRunId: number;

beforeAll(async () => {
  const demo = await generateDemo({ users: 400, seed: 4, outDir: folder });
  const imported = await importFiles({ datasetName: `train-chunk-failure-${process.pid}`, ...demo.files });
  expect(imported.ok).toBe(true);
  datasetId = imported.datasetId as number;
  previousRunId = await createRun(datasetId, { k: 2 });
  await completeRun(
    previousRunId,
    datasetId,
    { segments: [], profiles: [], targets: [], scores: [], recommendations: [] },
    { metrics: {}, timings: {}, meta: {}, eventsUpTo: null },
  );
});

afterAll(async () => {
  await closePools();
});

describe('a train_chunk job that fails', () => {
  it('fails its retrain, which stores no rows or models and leaves the active run as it was', async () => {
    const failThird: JobHandler = async (job, context) => {
      if (job.payload.index === 2) throw new Error('the chunk could not be read');
      return trainChunkJob(job, context);
    };
    const worker = startWorker({
      handlers: { train: trainJob, train_chunk: failThird },
      settings: { pollMs: 50, heartbeatMs: 100, sweepMs: 200 },
      schedules: false,
      profileUpdates: false,
    });
    try {
      const queued = await enqueueJob({
        type: 'train',
        datasetId,
        payload: { seed: 2, textModel: false, fitSampleUsers: 200, chunkUsers: 50 },
        createdBy: 'chunk-failure-test',
      });
      let job: Job | null = null;
      for (const until = Date.now() + 120_000; Date.now() < until; ) {
        job = await getJob(queued.job.id);
        if (job && ['succeeded', 'failed', 'cancelled'].includes(job.status)) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(job?.status).toBe('failed');
      expect(job?.error).toBe('save: Chunk 3 of 8 failed: the chunk could not be read');

      const pool = getPool();
      const { rows: runs } = await pool.query<{ id: number; status: string }>(
        'SELECT id, status FROM model_runs WHERE dataset_id = $1 ORDER BY id',
        [datasetId],
      );
      expect(runs.map((run) => run.status)).toEqual(['succeeded', 'failed']);
      const failedRun = runs[1].id;
      const { rows: left } = await pool.query<{ rows: number }>(
        `SELECT (SELECT count(*) FROM user_profiles WHERE run_id = $1) + (SELECT count(*) FROM scores WHERE run_id = $1)
           + (SELECT count(*) FROM recommendations WHERE run_id = $1) + (SELECT count(*) FROM run_artifacts WHERE run_id = $1) AS rows`,
        [failedRun],
      );
      expect(Number(left[0].rows)).toBe(0);
      const { rows: dataset } = await pool.query<{ active_run_id: number }>(
        'SELECT active_run_id FROM datasets WHERE id = $1',
        [datasetId],
      );
      expect(dataset[0].active_run_id).toBe(previousRunId);
      const { rows: chunks } = await pool.query<{ status: string }>(
        `SELECT status FROM jobs WHERE type = 'train_chunk' AND payload->>'runId' = $1::text`,
        [failedRun],
      );
      expect(chunks.length).toBe(8);
      expect(chunks.some((chunk) => chunk.status === 'queued' || chunk.status === 'running')).toBe(false);
    } finally {
      await worker.stop();
    }
  }, 180_000);
});
