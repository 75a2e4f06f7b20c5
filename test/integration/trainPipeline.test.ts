import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { evaluateDataset } from '@/lib/evaluate/evaluateDataset';
import { importFiles } from '@/lib/ingest/importFiles';
import { trainDataset } from '@/lib/training/trainDataset';

const datasetName = 'pipeline-demo';
let datasetId: number;

async function activeRunId(): Promise<number | null> {
  const { rows } = await getPool().query('SELECT active_run_id FROM datasets WHERE id = $1', [datasetId]);
  return rows[0].active_run_id;
}

describe('portrait train on a generated demo shop', () => {
  beforeAll(async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-demo-'));
    const demo = await generateDemo({ users: 1200, seed: 3, outDir });
    const imported = await importFiles({ datasetName, ...demo.files });
    expect(imported.ok).toBe(true);
    datasetId = (await findDatasetId(datasetName)) as number;
  }, 120_000);

  it('recovers the planted personas from behaviour and text alone, and stores a complete active run', async () => {
    const run = await trainDataset(datasetId, { seed: 1 });
    expect(await activeRunId()).toBe(run.runId);
    const report = await evaluateDataset(datasetId, { truth: ['true_persona'], seed: 1 });
    expect(report.segments.agreement.true_persona.ari).toBeGreaterThan(0.85);
    expect(report.segments.k).toBeGreaterThanOrEqual(4);

    const pool = getPool();
    const counts = await pool.query(
      `SELECT (SELECT count(*)::int FROM user_profiles WHERE run_id = $1) AS profiles,
              (SELECT count(*)::int FROM segments WHERE run_id = $1) AS segments,
              (SELECT count(DISTINCT user_id)::int FROM recommendations WHERE run_id = $1) AS recommended,
              (SELECT count(*)::int FROM prediction_targets WHERE run_id = $1 AND target = 'churn') AS churn`,
      [run.runId],
    );
    expect(counts.rows[0].profiles).toBe(run.users);
    expect(counts.rows[0].segments).toBe(run.k);
    expect(counts.rows[0].recommended).toBeGreaterThan(run.users * 0.9);
    expect(counts.rows[0].churn).toBe(1);
    const sensitiveOrTruth = await pool.query(
      `SELECT count(*)::int AS n FROM prediction_targets WHERE run_id = $1 AND target = 'attr:true_persona'`,
      [run.runId],
    );
    expect(sensitiveOrTruth.rows[0].n).toBe(0);

    expect(report.recommend.ndcg).toBeGreaterThan(report.recommend.baselines.popularity.ndcg * 1.5);
    expect(report.recommend.k).toBe(10);
    if (report.churn) expect(report.churn.auc).toBeGreaterThan(0.6);

    // the demo's star ratings: a rating model beside mean plus biases, and predicted stars on recommendations
    const metrics = (await pool.query('SELECT metrics FROM model_runs WHERE id = $1', [run.runId])).rows[0].metrics;
    expect(metrics.ratings).toMatchObject({ scale: [1, 5], baseline: { model: 'baseline-only' } });
    expect(['biased-mf', 'baseline-only']).toContain(metrics.ratings.model);
    const predicted = await pool.query(
      `SELECT count(*)::int AS n, min(predicted_rating) AS low, max(predicted_rating) AS high FROM recommendations
       WHERE run_id = $1 AND predicted_rating IS NOT NULL`,
      [run.runId],
    );
    expect(predicted.rows[0].n).toBeGreaterThan(0);
    expect(predicted.rows[0].low).toBeGreaterThanOrEqual(1);
    expect(predicted.rows[0].high).toBeLessThanOrEqual(5);
    expect(report.ratings).toMatchObject({ model: 'biased-mf', folds: 5, baseline: { model: 'baseline-only' } });
    expect(report.ratings?.ratings).toBe(metrics.ratings.ratings);
  }, 300_000);

  it('refuses a bad PORTRAIT_TEXT_DTYPE before a run exists, also with the device chosen per run', async () => {
    const runs = async () =>
      (await getPool().query('SELECT count(*)::int AS n FROM model_runs WHERE dataset_id = $1', [datasetId])).rows[0].n;
    const before = await runs();
    const previous = process.env.PORTRAIT_TEXT_DTYPE;
    process.env.PORTRAIT_TEXT_DTYPE = 'bf16';
    try {
      await expect(trainDataset(datasetId, { device: 'cpu' })).rejects.toThrow(
        /^PORTRAIT_TEXT_DTYPE must be one of fp32, fp16, q8/,
      );
    } finally {
      if (previous === undefined) delete process.env.PORTRAIT_TEXT_DTYPE;
      else process.env.PORTRAIT_TEXT_DTYPE = previous;
    }
    expect(await runs()).toBe(before);
  });

  it('keeps the previous run active when a retrain fails midway, and records the failure', async () => {
    const before = await activeRunId();
    await expect(
      trainDataset(datasetId, {
        seed: 2,
        onProgress: (stage) => {
          if (stage === 'segments') throw new Error('worker stopped');
        },
      }),
    ).rejects.toThrow('worker stopped');
    expect(await activeRunId()).toBe(before);
    const { rows } = await getPool().query(
      `SELECT status, error FROM model_runs WHERE dataset_id = $1 ORDER BY id DESC LIMIT 1`,
      [datasetId],
    );
    expect(rows[0]).toEqual({ status: 'failed', error: 'worker stopped' });
  }, 120_000);
});
