import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { importFiles } from '@/lib/ingest/importFiles';
import { adjustedRandIndex } from '@/lib/ml/segment/clusterQuality';
import { trainDataset } from '@/lib/training/trainDataset';

const users = 2400;
const sampleUsers = 1200;

interface RunQuality {
  runId: number;
  /** segments against the demo's planted personas, over every user */
  ari: number;
  /** churn on the run's stratified hold-out */
  churnAuc: number;
  /** the served recommender on its validation split */
  ndcg: number;
  segmentOf: Map<string, number>;
  churnOf: Map<string, number>;
  recommended: Set<string>;
  /** stored scores per target */
  scoreCounts: Map<string, number>;
  meta: { fitSample?: { users: number; of: number; sampleOnlyTargets: string[] } };
  segmentSizes: number;
}

async function qualityOf(runId: number, truth: Map<string, string>): Promise<RunQuality> {
  const pool = getPool();
  const { rows: profiles } = await pool.query<{ user_id: string; segment_index: number }>(
    'SELECT user_id, segment_index FROM user_profiles WHERE run_id = $1 ORDER BY user_id',
    [runId],
  );
  const { rows: churn } = await pool.query<{ user_id: string; value: number }>(
    `SELECT user_id, value FROM scores WHERE run_id = $1 AND target = 'churn'`,
    [runId],
  );
  const { rows: scoreCounts } = await pool.query<{ target: string; count: number }>(
    'SELECT target, count(*)::int AS count FROM scores WHERE run_id = $1 GROUP BY target',
    [runId],
  );
  const { rows: recommended } = await pool.query<{ user_id: string }>(
    'SELECT DISTINCT user_id FROM recommendations WHERE run_id = $1',
    [runId],
  );
  const { rows: runs } = await pool.query<{
    metrics: { churn: { auc: number }; recommend: { validationNdcg: number } };
    meta: RunQuality['meta'];
  }>('SELECT metrics, meta FROM model_runs WHERE id = $1', [runId]);
  const { rows: sizes } = await pool.query<{ total: number }>(
    'SELECT sum(size)::int AS total FROM segments WHERE run_id = $1',
    [runId],
  );
  return {
    runId,
    ari: adjustedRandIndex(
      profiles.map((row) => row.segment_index),
      profiles.map((row) => truth.get(row.user_id) ?? ''),
    ),
    churnAuc: runs[0].metrics.churn.auc,
    ndcg: runs[0].metrics.recommend.validationNdcg,
    segmentOf: new Map(profiles.map((row) => [row.user_id, row.segment_index])),
    churnOf: new Map(churn.map((row) => [row.user_id, row.value])),
    recommended: new Set(recommended.map((row) => row.user_id)),
    scoreCounts: new Map(scoreCounts.map((row) => [row.target, row.count])),
    meta: runs[0].meta,
    segmentSizes: sizes[0].total,
  };
}

/**
 * The same seeded demo trained twice: every model fitted on all users, and on a stratified half
 * (then applied to everyone chunk by chunk). At 2,400 users the hold-outs behind AUC and nDCG
 * have 240-480 users, whose sampling error alone (about 0.02 AUC) is larger than the 1% the issue
 * asks of the 100,000-user demo (measured there, README "Fitting on a sample"); these tolerances
 * are that sampling error, and would catch a chunk path that mis-assigned or mis-scored users.
 */
describe('a run fitted on a sample of users', () => {
  let full: RunQuality;
  let sampled: RunQuality;

  beforeAll(async () => {
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-fit-sample-'));
    const demo = await generateDemo({ users, seed: 3, outDir });
    const imported = await importFiles({ datasetName: 'fit-sample', ...demo.files });
    expect(imported.ok).toBe(true);
    const datasetId = (await findDatasetId('fit-sample')) as number;
    const { rows } = await getPool().query<{ user_id: string; value_text: string }>(
      `SELECT user_id, value_text FROM user_attributes WHERE dataset_id = $1 AND name = 'true_persona'`,
      [datasetId],
    );
    const truth = new Map(rows.map((row) => [row.user_id, row.value_text]));
    const fullRun = await trainDataset(datasetId, { seed: 1, textModel: false, fitSampleUsers: 0 });
    full = await qualityOf(fullRun.runId, truth);
    const sampledRun = await trainDataset(datasetId, {
      seed: 1,
      textModel: false,
      fitSampleUsers: sampleUsers,
      chunkUsers: 500,
    });
    sampled = await qualityOf(sampledRun.runId, truth);
    console.log(
      JSON.stringify({
        full: { ari: full.ari, churnAuc: full.churnAuc, ndcg: full.ndcg },
        sampled: { ari: sampled.ari, churnAuc: sampled.churnAuc, ndcg: sampled.ndcg },
      }),
    );
  }, 900_000);

  it('profiles, assigns, scores and recommends every user, not only the sample', () => {
    // users with events: the demo leaves a few without any
    const profiled = full.segmentOf.size;
    expect(profiled).toBeGreaterThan(users * 0.99);
    expect(sampled.meta.fitSample).toMatchObject({ users: sampleUsers, of: profiled });
    expect(full.meta.fitSample).toBeUndefined();
    expect(sampled.segmentOf.size).toBe(profiled);
    expect(sampled.segmentSizes).toBe(profiled);
    expect(sampled.churnOf.size).toBe(full.churnOf.size);
    expect(sampled.recommended.size).toBe(full.recommended.size);
  });

  it('scores everyone with the stored models, attribute guesses included, leaving nothing to the sample alone', () => {
    expect(sampled.meta.fitSample?.sampleOnlyTargets).toEqual([]);
    for (const [target, count] of sampled.scoreCounts) {
      // an attribute is guessed for every user who lacks it, as a full fit guesses it
      if (target.startsWith('attr:')) expect(count, target).toBe(full.scoreCounts.get(target));
      else expect(count, target).toBe(full.segmentOf.size);
    }
    expect([...sampled.scoreCounts.keys()].some((target) => target.startsWith('attr:'))).toBe(true);
  });

  it('finds the planted personas as well as a full fit does', () => {
    expect(sampled.ari).toBeGreaterThan(full.ari - 0.03);
    expect(adjustedRandIndex([...full.segmentOf.values()], [...sampled.segmentOf.values()])).toBeGreaterThan(0.8);
  });

  it('predicts churn and recommends as well as a full fit does, within the hold-outs sampling error', () => {
    expect(sampled.churnAuc).toBeGreaterThan(full.churnAuc - 0.03);
    expect(sampled.ndcg).toBeGreaterThan(full.ndcg * 0.9);
  });

  it('gives each user about the churn score a full fit gives', () => {
    const pairs = [...full.churnOf].map(([user, value]) => [value, sampled.churnOf.get(user) ?? Number.NaN]);
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const a = pairs.map((pair) => pair[0]);
    const b = pairs.map((pair) => pair[1]);
    const ma = mean(a);
    const mb = mean(b);
    const covariance = mean(a.map((value, i) => (value - ma) * (b[i] - mb)));
    const sd = (values: number[], m: number) => Math.sqrt(mean(values.map((value) => (value - m) ** 2)));
    expect(covariance / (sd(a, ma) * sd(b, mb))).toBeGreaterThan(0.9);
  });
});
