import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { trainDataset } from '@/lib/training/trainDataset';
import { spawnWorker, type WorkerProcess } from '@/test/helpers/spawnWorker';
import { storedRunDigest } from '@/test/helpers/storedRunDigest';
import type { Job } from './jobTypes';
import { enqueueJob, getJob } from './queue';

// A sample-fitted retrain whose chunk phase is shared by two real worker processes, one of which
// is SIGKILLed in the middle of a chunk: its chunk is retried by the other, and the run stores
// exactly what one process training the same dataset with the same seed stores.

const folder = mkdtempSync(path.join(os.tmpdir(), 'portrait-train-chunks-'));
const workers: WorkerProcess[] = [];
// chunks of 250 users take a few hundred milliseconds each, so the test's 20 ms poll sees the
// helper inside one (chunks of 60 took 0.1 s once chunk reads used indexes)
const training = { seed: 3, textModel: false, fitSampleUsers: 500, chunkUsers: 250 };
let datasetId: number;

async function waitFor<T>(
  read: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs: number,
  output: () => string,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}\n${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function startedWorker(): Promise<WorkerProcess> {
  const worker = spawnWorker();
  workers.push(worker);
  await waitFor(async () => worker.output().includes(' started'), 'a worker to start', 60_000, worker.output);
  return worker;
}

beforeAll(async () => {
  const demo = await generateDemo({ users: 1500, seed: 11, outDir: folder });
  const imported = await importFiles({ datasetName: `train-chunks-${process.pid}`, ...demo.files });
  expect(imported.ok).toBe(true);
  datasetId = imported.datasetId as number;
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

afterAll(async () => {
  await closePools();
});

describe('the chunk phase of a sample-fitted retrain as train_chunk jobs', () => {
  it('shared by 2 workers, one killed mid-chunk, stores the same results as one process with the same seed', async () => {
    // Jobs earlier test files left queued in the shared test database (imports of files long
    // gone, other datasets' retrains) would keep a worker busy while the other ran every chunk.
    await getPool().query(
      `UPDATE jobs SET status = 'cancelled', finished_at = now() WHERE status IN ('queued', 'running')`,
    );
    const alone = await trainDataset(datasetId, training);
    const expected = await storedRunDigest(alone.runId);
    expect(expected.user_profiles.rows).toBe(alone.users);

    const first = await startedWorker();
    const second = await startedWorker();
    const output = () => `--- first\n${first.output()}\n--- second\n${second.output()}`;
    const queued = await enqueueJob({ type: 'train', datasetId, payload: training, createdBy: 'chunk-test' });
    expect(queued.created).toBe(true);
    const trainJob = await waitFor(
      async () => {
        const job = await getJob(queued.job.id);
        return job?.status === 'running' ? job : null;
      },
      'a worker to claim the retrain',
      60_000,
      output,
    );
    const [coordinator, helper] = trainJob.workerId?.includes(`:${first.child.pid}:`)
      ? [first, second]
      : [second, first];

    const killedChunk = await waitFor(
      async () => {
        const { rows } = await getPool().query<{ id: number }>(
          `SELECT id FROM jobs WHERE type = 'train_chunk' AND status = 'running' AND worker_id LIKE $1`,
          [`%:${helper.child.pid}:%`],
        );
        return rows[0]?.id;
      },
      'the helper worker to take a chunk',
      120_000,
      output,
    );
    await helper.kill9();
    const afterKill = (await getJob(killedChunk)) as Job;

    const done = await waitFor(
      async () => {
        const job = await getJob(queued.job.id);
        return job && ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : null;
      },
      'the retrain to finish',
      240_000,
      coordinator.output,
    );
    expect(done.status, `${done.error}\n${coordinator.output()}`).toBe('succeeded');
    const runId = done.result?.runId as number;
    const { rows: dataset } = await getPool().query<{ active_run_id: number }>(
      'SELECT active_run_id FROM datasets WHERE id = $1',
      [datasetId],
    );
    expect(dataset[0].active_run_id).toBe(runId);

    const { rows: chunks } = await getPool().query<{ id: number; status: string; attempts: number; worker_id: string }>(
      `SELECT id, status, attempts, worker_id FROM jobs WHERE type = 'train_chunk' AND payload->>'runId' = $1::text`,
      [runId],
    );
    expect(chunks.length).toBe(Math.ceil(alone.users / training.chunkUsers));
    expect(chunks.every((chunk) => chunk.status === 'succeeded')).toBe(true);
    // the kill caught the helper inside a chunk (a chunk takes far longer than the 20 ms poll),
    // which the other worker retried once the helper's heartbeat went stale
    expect(afterKill.workerId).toContain(`:${helper.child.pid}:`);
    expect(afterKill.status).toBe('running');
    expect(chunks.find((chunk) => chunk.id === killedChunk)?.attempts).toBe(2);
    const { rows: plans } = await getPool().query('SELECT 1 FROM run_artifacts WHERE run_id = $1 AND name = $2', [
      runId,
      'chunkPlan',
    ]);
    expect(plans).toEqual([]);

    expect(await storedRunDigest(runId)).toEqual(expected);
  }, 400_000);
});
