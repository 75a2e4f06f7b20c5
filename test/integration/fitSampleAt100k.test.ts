import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deleteDataset } from '@/lib/datasets/deleteDataset';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { readPipelineSettings } from '@/lib/datasets/readPipelineSettings';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import {
  type SampleFittedRecommenderQuality,
  sampleFittedRecommenderQuality,
} from '@/lib/evaluate/sampleFittedRecommenderQuality';
import { importFiles } from '@/lib/ingest/importFiles';
import { buildUserItemInteractions } from '@/lib/ml/recommend/userItemInteractions';
import { adjustedRandIndex } from '@/lib/ml/segment/clusterQuality';
import { loadPipelineInput } from '@/lib/training/loadPipelineInput';
import { trainDataset } from '@/lib/training/trainDataset';

const users = 100_000;
const sampleUsers = 50_000;
const seed = 1;

interface RunQuality {
  /** segments against the demo's planted personas, over every user */
  ari: number;
  /** churn on the run's stratified hold-out (20% of the users it fitted on) */
  churnAuc: number;
  profiled: number;
}

async function qualityOf(runId: number, truth: Map<string, string>): Promise<RunQuality> {
  const pool = getPool();
  const { rows: profiles } = await pool.query<{ user_id: string; segment_index: number }>(
    'SELECT user_id, segment_index FROM user_profiles WHERE run_id = $1',
    [runId],
  );
  const { rows: runs } = await pool.query<{ metrics: { churn: { auc: number } } }>(
    'SELECT metrics FROM model_runs WHERE id = $1',
    [runId],
  );
  return {
    ari: adjustedRandIndex(
      profiles.map((row) => row.segment_index),
      profiles.map((row) => truth.get(row.user_id) ?? ''),
    ),
    churnAuc: runs[0].metrics.churn.auc,
    profiled: profiles.length,
  };
}

/**
 * Issue 21's quality figure at its own scale: the 100,000-user demo trained with every model
 * fitted on all users, and on a stratified sample of 50,000 (then every user profiled, assigned,
 * scored and recommended chunk by chunk), stays within 1% on segments (ARI against the planted
 * personas), churn (hold-out AUC) and the served recommender (nDCG@10, both procedures on one
 * outer split and scored on the same 20,000 users' held-out items). At this size the hold-outs
 * have 10,000-20,000 users, so 1% is above their sampling error; fitSample.test.ts checks the
 * chunk path's coverage on a small demo.
 */
// Seven minutes and more on this project's 2-core machines, which put `npm test` past its 30:
// run by `npm run test:scale` (fitSample.test.ts checks the chunk path in every run).
const scaleTests = process.env.PORTRAIT_SCALE_TESTS === '1';

describe.skipIf(!scaleTests)('a run fitted on half of the 100,000-user demo', () => {
  let outDir = '';
  let datasetId: number | null = null;
  let full: RunQuality;
  let sampled: RunQuality;
  let recommender: SampleFittedRecommenderQuality;

  beforeAll(async () => {
    outDir = await mkdtemp(path.join(tmpdir(), 'portrait-fit-sample-100k-'));
    const demo = await generateDemo({ users, seed: 3, outDir });
    const imported = await importFiles({ datasetName: 'fit-sample-100k', ...demo.files });
    expect(imported.ok).toBe(true);
    datasetId = (await findDatasetId('fit-sample-100k')) as number;
    const { rows } = await getPool().query<{ user_id: string; value_text: string }>(
      `SELECT user_id, value_text FROM user_attributes WHERE dataset_id = $1 AND name = 'true_persona'`,
      [datasetId],
    );
    const truth = new Map(rows.map((row) => [row.user_id, row.value_text]));
    const fullRun = await trainDataset(datasetId, { seed, textModel: false, fitSampleUsers: 0 });
    full = await qualityOf(fullRun.runId, truth);
    const sampledRun = await trainDataset(datasetId, { seed, textModel: false, fitSampleUsers: sampleUsers });
    sampled = await qualityOf(sampledRun.runId, truth);

    const { events } = await loadPipelineInput(datasetId, undefined, { attributes: false });
    const eventCounts = new Int32Array(events.userIds.length);
    for (const u of events.user) eventCounts[u]++;
    recommender = sampleFittedRecommenderQuality(buildUserItemInteractions(events), eventCounts, {
      sampleUsers,
      seed,
      split: (await readPipelineSettings(datasetId)).recommendSplit,
    });
    console.log(
      JSON.stringify({
        full,
        sampled,
        ndcg: {
          popularity: recommender.popularity.ndcg,
          fullFit: recommender.fullFit.ndcg,
          sampleItemSide: recommender.sampleItemSide.ndcg,
          sampleChoiceRefitted: recommender.sampleChoiceRefitted?.ndcg,
        },
      }),
    );
  }, 1_800_000);

  // two million events and two runs' rows would otherwise stay for the test files after this one
  afterAll(async () => {
    if (datasetId !== null) await deleteDataset(datasetId);
    if (outDir) await rm(outDir, { recursive: true, force: true });
  });

  it('profiles every user in both runs', () => {
    expect(full.profiled).toBeGreaterThan(users * 0.99);
    expect(sampled.profiled).toBe(full.profiled);
  });

  it('finds the planted personas within 1% of a full fit', () => {
    expect(sampled.ari).toBeGreaterThanOrEqual(full.ari * 0.99);
  });

  it('predicts churn within 1% of a full fit', () => {
    expect(sampled.churnAuc).toBeGreaterThanOrEqual(full.churnAuc * 0.99);
  });

  it('serves recommendations within 1% of a full fit, both well above popularity', () => {
    const served = recommender.sampleChoiceRefitted ?? recommender.sampleItemSide;
    expect(served.ndcg).toBeGreaterThanOrEqual(recommender.fullFit.ndcg * 0.99);
    expect(recommender.fullFit.ndcg).toBeGreaterThan(recommender.popularity.ndcg * 1.5);
  });
});
