import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closePools, getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { listRuns } from '@/lib/queries/listRuns';
import { completeRun, createRun } from '@/lib/runs/runStore';
import { checkTrainingData, NotEnoughTrainingDataError } from '@/lib/training/checkTrainingData';
import { trainDataset } from '@/lib/training/trainDataset';
import { trainJob } from './handlers/trainJob';
import type { JobHandler } from './jobHandler';
import { JobStoppedError } from './jobStoppedError';
import type { Job, JobType } from './jobTypes';
import { claimNextJob, enqueueJob, getJob } from './queue';
import { runJob } from './runJob';

const folder = mkdtempSync(path.join(os.tmpdir(), 'portrait-train-job-'));

afterAll(async () => {
  await closePools();
});

let typeCounter = 0;
/** Runs `handler` on a new job of `datasetId` the way a worker would, and returns the finished job. */
async function runTrainJob(
  datasetId: number,
  handler: JobHandler,
  payload: object = { k: 'auto', textModel: false },
): Promise<Job> {
  typeCounter += 1;
  const type = `test-train-${process.pid}-${typeCounter}` as JobType;
  const enqueued = await enqueueJob({ type, datasetId, payload, createdBy: 'tester' });
  const claimed = await claimNextJob('train-tester', [type]);
  expect(claimed?.id).toBe(enqueued.job.id);
  await runJob(claimed as Job, handler, { workerId: 'train-tester', heartbeatMs: 50 }).done;
  return (await getJob(enqueued.job.id)) as Job;
}

async function importCsv(name: string, csv: string): Promise<number> {
  const file = path.join(folder, `${name}.csv`);
  writeFileSync(file, csv);
  const result = await importFiles({ datasetName: name, events: file });
  expect(result.ok).toBe(true);
  return result.datasetId as number;
}

async function runsOf(datasetId: number) {
  const { rows } = await getPool().query<{ id: number; status: string; error: string | null }>(
    'SELECT id, status, error FROM model_runs WHERE dataset_id = $1 ORDER BY id',
    [datasetId],
  );
  return rows;
}

describe('the minimum-data guard', () => {
  it('refuses a dataset with too few users and events, naming each, before any run starts', async () => {
    const lines = ['user_id,item_id,type,ts'];
    for (let user = 0; user < 20; user++) {
      for (let event = 0; event < 6; event++)
        lines.push(`g${user},i${event},view,${1_700_000_000 + user * 100 + event}`);
    }
    const datasetId = await importCsv(`guard-small-${process.pid}`, `${lines.join('\n')}\n`);
    const check = await checkTrainingData(datasetId);
    expect(check.ok).toBe(false);
    expect(check.counts).toEqual({ usersWithEvents: 20, events: 120, eventTypes: 1 });

    const job = await runTrainJob(datasetId, trainJob);
    expect(job.status).toBe('failed');
    expect(job.error).toBe(
      'Not enough data to train: only 20 users have events (at least 30 are needed); only 120 events (at least 200 are needed)',
    );
    expect(job.log.some((line) => line.endsWith('Data: 20 users with events, 120 events, 1 event type'))).toBe(true);
    expect(await runsOf(datasetId)).toEqual([]);

    // `portrait train` calls trainDataset directly: the same check refuses it, with the same error
    await expect(trainDataset(datasetId, { textModel: false })).rejects.toThrow(NotEnoughTrainingDataError);
    expect(await runsOf(datasetId)).toEqual([]);
  });

  it('lets through a purchase log with one event type', async () => {
    const lines = ['user_id,type,ts,value'];
    for (let user = 0; user < 40; user++) {
      for (let event = 0; event < 6; event++) lines.push(`b${user},purchase,${1_700_000_000 + user * 100 + event},9.5`);
    }
    const datasetId = await importCsv(`guard-one-type-${process.pid}`, `${lines.join('\n')}\n`);
    expect(await checkTrainingData(datasetId)).toEqual({
      ok: true,
      counts: { usersWithEvents: 40, events: 240, eventTypes: 1 },
      reasons: [],
    });
  });

  it('lets through a dataset that meets every minimum', async () => {
    const lines = ['user_id,item_id,type,ts'];
    for (let user = 0; user < 30; user++) {
      for (let event = 0; event < 7; event++) {
        lines.push(`p${user},i${event},${event === 0 ? 'purchase' : 'view'},${1_700_000_000 + user * 100 + event}`);
      }
    }
    const datasetId = await importCsv(`guard-enough-${process.pid}`, `${lines.join('\n')}\n`);
    expect(await checkTrainingData(datasetId)).toEqual({
      ok: true,
      counts: { usersWithEvents: 30, events: 210, eventTypes: 2 },
      reasons: [],
    });
  });
});

describe('a retrain job', () => {
  let datasetId: number;
  let previousRunId: number;

  beforeAll(async () => {
    const demo = await generateDemo({ users: 120, seed: 9, outDir: folder });
    const imported = await importFiles({ datasetName: `train-job-${process.pid}`, ...demo.files });
    datasetId = imported.datasetId as number;
    previousRunId = await createRun(datasetId, {});
    await completeRun(
      previousRunId,
      datasetId,
      { segments: [], profiles: [], targets: [], scores: [], recommendations: [] },
      { metrics: { segments: { k: 3, silhouette: 0.1 } }, timings: {}, meta: {}, eventsUpTo: null },
    );
  });

  it('cancelled inside the pipeline marks its run failed and keeps the active run', async () => {
    const stagesSeen: string[] = [];
    // The heartbeat's cancel flag makes context.progress throw (queue.test.ts); here the throw
    // comes from the pipeline's first stage callback, where a real cancel lands.
    const cancelAtFirstStage: JobHandler = (job, context) =>
      trainJob(job, {
        ...context,
        progress(stage, percent) {
          stagesSeen.push(stage);
          if (stage !== 'checking data' && stage !== 'loading events') throw new JobStoppedError('cancelled');
          context.progress(stage, percent);
        },
      });
    const job = await runTrainJob(datasetId, cancelAtFirstStage);
    // each report names the stage that is starting, not the one that just ended
    expect(stagesSeen).toEqual(['checking data', 'loading events', 'behaviour features']);
    expect(job.status).toBe('cancelled');
    const runs = await runsOf(datasetId);
    expect(runs.map((run) => run.status)).toEqual(['succeeded', 'failed']);
    expect(runs[1].error).toBe('Cancelled on request');
    const { rows } = await getPool().query('SELECT active_run_id FROM datasets WHERE id = $1', [datasetId]);
    expect(rows[0].active_run_id).toBe(previousRunId);
  });

  it('cancelled while the prediction stage runs, stops there rather than at the stage end', async () => {
    const stagesSeen: string[] = [];
    let asked = false;
    // the cancel lands with the stage's first report; the heartbeat's flag then makes checkpoint throw
    const cancelInPredictions: JobHandler = (job, context) =>
      trainJob(job, {
        ...context,
        progress(stage, percent) {
          stagesSeen.push(stage);
          context.progress(stage, percent);
        },
        report(detail, percent) {
          if (detail.startsWith('predictions:')) asked = true;
          context.report(detail, percent);
        },
        checkpoint() {
          if (asked) throw new JobStoppedError('cancelled');
          context.checkpoint();
        },
      });
    const job = await runTrainJob(datasetId, cancelInPredictions);
    expect(job.status).toBe('cancelled');
    expect(stagesSeen).toContain('predictions and recommendations');
    expect(stagesSeen).not.toContain('personas');
    const runs = await runsOf(datasetId);
    expect(runs.at(-1)).toMatchObject({ status: 'failed', error: 'Cancelled on request' });
    const { rows } = await getPool().query('SELECT active_run_id FROM datasets WHERE id = $1', [datasetId]);
    expect(rows[0].active_run_id).toBe(previousRunId);
  });

  it('asked for WebGPU, as the retrain form offers, records the device it computed on and why WebGPU was skipped', async () => {
    const job = await runTrainJob(datasetId, trainJob, { k: 3, textModel: false, device: 'webgpu', seed: 3 });
    expect(job.status).toBe('succeeded');
    const { runs } = await listRuns(datasetId, 1);
    expect(runs[0].device?.requested).toBe('webgpu');
    expect(job.log.some((line) => line.includes('Device: '))).toBe(true);
    // no Vulkan GPU on the machines this runs on: the CPU, with WebGPU's reason beside it
    if (runs[0].device?.device === 'cpu')
      expect(runs[0].device.skipped).toEqual([{ device: 'webgpu', reason: expect.stringMatching(/Vulkan|adapter/) }]);
  });

  it('asked for a UMAP map, as the retrain form and POST /api/jobs offer, stores a UMAP map of every user', async () => {
    const job = await runTrainJob(datasetId, trainJob, { k: 'auto', textModel: false, map: 'umap', seed: 2 });
    expect(job.status).toBe('succeeded');
    const { rows: runs } = await getPool().query<{
      id: number;
      params: { map: string };
      meta: { map: { method: string } };
    }>('SELECT m.id, m.params, m.meta FROM model_runs m JOIN datasets d ON d.active_run_id = m.id WHERE d.id = $1', [
      datasetId,
    ]);
    expect(runs[0].params.map).toBe('umap');
    expect(runs[0].meta.map.method).toBe('umap');
    const { rows: map } = await getPool().query<{ users: number; placed: number; xs: number; ys: number }>(
      `SELECT count(*)::int AS users,
              count(*) FILTER (WHERE map_x <> 'NaN' AND map_y <> 'NaN')::int AS placed,
              count(DISTINCT map_x)::int AS xs, count(DISTINCT map_y)::int AS ys
         FROM user_profiles WHERE run_id = $1`,
      [runs[0].id],
    );
    expect(map[0].users).toBeGreaterThan(100);
    expect(map[0].placed).toBe(map[0].users);
    // a real layout, not every user on one point
    expect(map[0].xs).toBeGreaterThan(map[0].users / 2);
    expect(map[0].ys).toBeGreaterThan(map[0].users / 2);
  });

  it('a cancel asked before it starts stops it before the pipeline creates a run', async () => {
    const runsBefore = (await runsOf(datasetId)).length;
    const job = await runTrainJob(datasetId, async (job, context) => {
      await getPool().query('UPDATE jobs SET cancel_asked = true WHERE id = $1', [job.id]);
      await new Promise((resolve) => setTimeout(resolve, 300));
      return trainJob(job, context);
    });
    expect(job.status).toBe('cancelled');
    expect((await runsOf(datasetId)).length).toBe(runsBefore);
  });
});
