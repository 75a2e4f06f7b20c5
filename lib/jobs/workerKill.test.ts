import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { completeRun, createRun } from '@/lib/runs/runStore';
import { spawnWorker, type WorkerProcess } from '@/test/helpers/spawnWorker';
import type { Job } from './jobTypes';
import { enqueueJob, getJob } from './queue';
import { startRetrain } from './startRetrain';

// THE FAULT TESTS: a real worker process is SIGKILLed in the middle of a job; another worker
// must pick the job up after the heartbeat goes stale and finish it, with nothing lost, nothing
// doubled, and the dataset's active run untouched until the retry completes.

const folder = mkdtempSync(path.join(os.tmpdir(), 'portrait-worker-kill-'));
const workers: WorkerProcess[] = [];
let datasetId: number;
let datasetName: string;
let previousRunId: number;

function startWorkerProcess(): WorkerProcess {
  const worker = spawnWorker();
  workers.push(worker);
  return worker;
}

async function waitFor<T>(
  read: () => Promise<T | null | undefined | false>,
  what: string,
  timeoutMs: number,
  worker?: WorkerProcess,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value) return value;
    if (Date.now() > until) throw new Error(`Timed out waiting for ${what}\n${worker?.output() ?? ''}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function eventFingerprints(): Promise<{ count: number; distinct: number; digest: string }> {
  const { rows } = await getPool().query<{ count: number; distinct: number; digest: string }>(
    `SELECT count(*)::int AS count, count(DISTINCT fingerprint)::int AS distinct,
       md5(string_agg(fingerprint::text, ',' ORDER BY fingerprint)) AS digest
     FROM events WHERE dataset_id = $1`,
    [datasetId],
  );
  return rows[0];
}

async function activeRunId(): Promise<number | null> {
  const { rows } = await getPool().query<{ active_run_id: number | null }>(
    'SELECT active_run_id FROM datasets WHERE id = $1',
    [datasetId],
  );
  return rows[0].active_run_id;
}

beforeAll(async () => {
  datasetName = `worker-kill-${process.pid}`;
  const demo = await generateDemo({ users: 600, seed: 5, outDir: folder });
  const imported = await importFiles({ datasetName, ...demo.files });
  expect(imported.ok).toBe(true);
  datasetId = imported.datasetId as number;
  // The run a retrain must not disturb until it completes (stored directly: training it would
  // only make the test slower).
  previousRunId = await createRun(datasetId, { k: 4 });
  await completeRun(
    previousRunId,
    datasetId,
    { segments: [], profiles: [], targets: [], scores: [], recommendations: [] },
    { metrics: { segments: { k: 4, silhouette: 0.2 } }, timings: {}, meta: {}, eventsUpTo: null },
  );
});

afterEach(async () => {
  await Promise.all(workers.splice(0).map((worker) => worker.stop()));
});

afterAll(async () => {
  await closePools();
});

describe('a worker killed with SIGKILL in the middle of a job', () => {
  it('leaves a retrain to another worker, which completes it and only then replaces the active run', async () => {
    const before = await eventFingerprints();
    const first = startWorkerProcess();
    const queued = await startRetrain('fault-test', { datasetId, k: 'auto', textModel: false });

    // The pipeline has begun once its run exists: kill the worker there.
    const runningRun = await waitFor(
      async () => {
        const { rows } = await getPool().query<{ id: number }>(
          `SELECT id FROM model_runs WHERE dataset_id = $1 AND status = 'running'`,
          [datasetId],
        );
        return rows[0]?.id;
      },
      'the first worker to start training',
      30_000,
      first,
    );
    const beforeKill = (await getJob(queued.id)) as Job;
    expect(beforeKill.status).toBe('running');
    await first.kill9();

    expect(await activeRunId()).toBe(previousRunId);
    expect((await getJob(queued.id))?.status).toBe('running');

    const second = startWorkerProcess();
    const requeued = await waitFor(
      async () => {
        const job = await getJob(queued.id);
        return job && job.attempts === 2 ? job : null;
      },
      'the second worker to take the job over',
      30_000,
      second,
    );
    expect(requeued.log.some((line) => /stopped responding .*; back in the queue$/.test(line))).toBe(true);
    // until the retry completes, readers still see the previous run
    expect(await activeRunId()).toBe(previousRunId);

    const done = await waitFor(
      async () => {
        const job = await getJob(queued.id);
        return job && ['succeeded', 'failed', 'cancelled'].includes(job.status) ? job : null;
      },
      'the retried job to finish',
      240_000,
      second,
    );
    expect(done.status, done.error ?? '').toBe('succeeded');
    expect(done.attempts).toBe(2);
    const newRunId = done.result?.runId as number;
    expect(newRunId).toBeGreaterThan(runningRun);
    expect(await activeRunId()).toBe(newRunId);

    const runs = await getPool().query<{ id: number; status: string; error: string | null }>(
      'SELECT id, status, error FROM model_runs WHERE dataset_id = $1 ORDER BY id',
      [datasetId],
    );
    expect(runs.rows.map((run) => [run.id, run.status])).toEqual([
      [previousRunId, 'succeeded'],
      [runningRun, 'failed'],
      [newRunId, 'succeeded'],
    ]);
    expect(runs.rows[1].error).toBe(`Its training job ${queued.id} stopped (worker lost or time limit)`);
    expect(await eventFingerprints()).toEqual(before);
  });

  it('leaves an import to another worker, which loads every row exactly once', async () => {
    const before = await eventFingerprints();
    const rows = 120_000;
    const lines = ['user_id,item_id,type,ts,value'];
    for (let row = 0; row < rows; row++)
      lines.push(`kill${row % 3000},i${row % 500},view,${1_700_000_000 + row},${row % 7}`);
    const file = path.join(folder, 'more-events.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);

    const first = startWorkerProcess();
    const enqueued = await enqueueJob({
      type: 'import',
      datasetId,
      payload: { datasetName, events: file },
      createdBy: 'fault-test',
    });
    expect(enqueued.created).toBe(true);
    const jobId = enqueued.job.id;
    await waitFor(
      async () => {
        const job = await getJob(jobId);
        const loaded = Number(job?.stage?.match(/\(([\d,]+) rows\)/)?.[1].replace(/,/g, '') ?? 0);
        return loaded > 20_000 && loaded < rows;
      },
      'the first worker to be part-way through the import',
      60_000,
      first,
    );
    await first.kill9();
    expect(await eventFingerprints()).toEqual(before);

    const second = startWorkerProcess();
    const done = await waitFor(
      async () => {
        const job = await getJob(jobId);
        return job && ['succeeded', 'failed'].includes(job.status) ? job : null;
      },
      'the import to finish on the second worker',
      90_000,
      second,
    );
    expect(done.status, done.error ?? '').toBe('succeeded');
    expect(done.attempts).toBe(2);
    const after = await eventFingerprints();
    expect(after.count).toBe(before.count + rows);
    expect(after.distinct).toBe(after.count);
    const batches = await getPool().query<{ status: string; inserted: number }>(
      'SELECT status, inserted FROM import_batches WHERE dataset_id = $1 AND source = $2',
      [datasetId, file],
    );
    expect(batches.rows).toEqual([{ status: 'succeeded', inserted: rows }]);
  });
});
