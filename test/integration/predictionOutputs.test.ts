import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as getRecommendations } from '@/app/api/datasets/[id]/users/[userId]/recommendations/route';
import { GET as getUser } from '@/app/api/datasets/[id]/users/[userId]/route';
import { findDatasetId } from '@/lib/datasets/ensureDataset';
import { getPool } from '@/lib/db/connection';
import { generateDemo } from '@/lib/demo/generateDemo';
import { evaluateDataset } from '@/lib/evaluate/evaluateDataset';
import { importFiles } from '@/lib/ingest/importFiles';
import { trainDataset } from '@/lib/training/trainDataset';

const datasetName = 'user-scores-demo';
let datasetId: number;
let runId: number;
const previousAutologin = process.env.PORTRAIT_DEMO_AUTOLOGIN;

// biome-ignore lint/suspicious/noExplicitAny: response bodies are checked field by field
async function call(handler: typeof getUser, url: string, params: Record<string, string>): Promise<any> {
  const response = await handler(new Request(`http://localhost${url}`), { params: Promise.resolve(params) });
  expect(response.status).toBe(200);
  return response.json();
}

describe('a user’s scores and recommendations over HTTP, from a trained run', () => {
  beforeAll(async () => {
    process.env.PORTRAIT_DEMO_AUTOLOGIN = '1';
    const outDir = await mkdtemp(path.join(tmpdir(), 'portrait-user-scores-'));
    const demo = await generateDemo({ users: 1500, seed: 4, outDir });
    expect((await importFiles({ datasetName, ...demo.files })).ok).toBe(true);
    datasetId = (await findDatasetId(datasetName)) as number;
    runId = (await trainDataset(datasetId, { seed: 1, textModel: false })).runId;
  }, 300_000);

  afterAll(() => {
    if (previousAutologin === undefined) delete process.env.PORTRAIT_DEMO_AUTOLOGIN;
    else process.env.PORTRAIT_DEMO_AUTOLOGIN = previousAutologin;
  });

  it('records every target as trained with its model choice, or skipped with the reason', async () => {
    const { rows } = await getPool().query(
      'SELECT target, status, reason, model, quality FROM prediction_targets WHERE run_id = $1 ORDER BY target',
      [runId],
    );
    expect(rows.map((row) => row.target)).toEqual(
      expect.arrayContaining(['churn', 'attr:age', 'attr:gender', 'attr:city']),
    );
    expect(rows.some((row) => row.target.startsWith('propensity:'))).toBe(true);
    for (const row of rows) {
      if (row.status === 'skipped') {
        expect(row.reason, row.target).toMatch(/\w/);
        continue;
      }
      if (row.target.startsWith('value:')) {
        // predicted value chooses among its own models, the previous period's spend included
        expect(['previous spend', 'BG/NBD + Gamma-Gamma', 'ridge regression', 'boosted trees']).toContain(row.model);
        continue;
      }
      expect(['linear', 'boosting', 'items']).toContain(row.model);
      const tried: string[] = row.quality.familiesTried ?? ['linear', 'boosting'];
      expect(tried).toContain(row.model);
      if (tried.length > 1) {
        expect(Object.keys(row.quality.validation).sort(), row.target).toEqual([...tried].sort());
      }
    }
    const age = rows.find((row) => row.target === 'attr:age');
    expect(age.quality.familiesTried).toEqual(['linear', 'boosting', 'items']);
    expect(age.quality.topFeatures[0].name).not.toMatch(/^profile \d+$/);
  });

  it('returns each score with its hold-out quality members beside it', async () => {
    const { rows } = await getPool().query<{ user_id: string }>(
      `SELECT s.user_id FROM scores s JOIN scores a ON a.run_id = s.run_id AND a.user_id = s.user_id AND a.target LIKE 'attr:%'
       WHERE s.run_id = $1 AND s.target = 'churn' ORDER BY s.user_id LIMIT 1`,
      [runId],
    );
    const userId = rows[0].user_id;
    const profile = await call(getUser, `/api/datasets/${datasetId}/users/${userId}`, {
      id: String(datasetId),
      userId,
    });
    const churn = profile.scores.find((score: { target: string }) => score.target === 'churn');
    expect(churn.value).toBeGreaterThanOrEqual(0);
    expect(churn.value).toBeLessThanOrEqual(1);
    expect(churn.quality).toMatchObject({
      metric: 'auc',
      baseline: 0.5,
      auc: expect.any(Number),
      lift10: expect.any(Number),
      brier: expect.any(Number),
      positives: expect.any(Number),
      negatives: expect.any(Number),
      split: expect.any(String),
      horizonDays: 30,
    });
    expect(churn.quality.positives).toBeGreaterThanOrEqual(100);
    expect(churn.quality.negatives).toBeGreaterThanOrEqual(100);
    expect(churn.quality.topFeatures.length).toBeGreaterThan(0);
    expect(churn.quality.topFeatures[0]).toEqual({
      name: expect.stringMatching(/[a-z]/),
      importance: expect.any(Number),
    });
    const trained = await getPool().query<{ target: string }>(
      `SELECT target FROM prediction_targets WHERE run_id = $1 AND status = 'trained' AND target NOT LIKE 'attr:%'
         AND (quality->>'predictive') IS DISTINCT FROM 'false'`,
      [runId],
    );
    expect(profile.scores.map((score: { target: string }) => score.target).sort()).toEqual(
      trained.rows.map((row) => row.target).sort(),
    );
    for (const inferred of profile.inferred) {
      expect(inferred.quality.metric).toMatch(/^(auc|macroF1|mae)$/);
      expect(inferred.quality.baseline).toEqual(expect.any(Number));
      expect(inferred.quality.labelled).toBeGreaterThan(0);
    }
  });

  it('returns ten unseen recommendations per user, each with a reason', async () => {
    const userId = (await getPool().query(`SELECT user_id FROM recommendations WHERE run_id = $1 LIMIT 1`, [runId]))
      .rows[0].user_id;
    const body = await call(getRecommendations, `/api/datasets/${datasetId}/users/${userId}/recommendations`, {
      id: String(datasetId),
      userId,
    });
    expect(body.items).toHaveLength(10);
    const { rows } = await getPool().query<{ item_id: string }>(
      'SELECT DISTINCT item_id FROM events WHERE dataset_id = $1 AND user_id = $2 AND item_id IS NOT NULL',
      [datasetId, userId],
    );
    const seen = new Set(rows.map((row) => row.item_id));
    for (const item of body.items) {
      expect(seen.has(item.itemId)).toBe(false);
      expect(item.reason).toMatch(
        /similar to ".+" you (rated \d|bought|viewed|interacted with)|people in your segment who|popular/,
      );
    }
  });

  it('evaluate --json prints exactly the published members, from held-out data', async () => {
    const report = await evaluateDataset(datasetId, { truth: ['true_persona'], seed: 1 });
    expect(Object.keys(report.segments).sort()).toEqual(['agreement', 'daviesBouldin', 'k', 'silhouette']);
    expect(Object.keys(report.segments.agreement)).toEqual(['true_persona']);
    expect(report.segments.agreement.true_persona).toMatchObject({ ari: expect.any(Number), nmi: expect.any(Number) });
    // members added by issue 14 (what was measured, which model, against which baseline) and 18
    // (which split, as the dataset's recommendSplit now decides it) come after the published ones
    const addedRecommend = ['beatsPopularity', 'holdoutFraction', 'items', 'modelSource', 'params', 'split', 'users'];
    expect(Object.keys(report.recommend).sort()).toEqual(
      ['baselines', 'coverage', 'hitRate', 'k', 'model', 'ndcg', 'precision', 'recall', ...addedRecommend].sort(),
    );
    expect(report.recommend.modelSource).toBe('active run');
    expect(report.recommend.items).toBeGreaterThan(0);
    expect(report.recommend.users).toBeGreaterThan(0);
    expect(Object.keys(report.recommend.baselines)).toEqual(['popularity']);
    expect(Object.keys(report.recommend.baselines.popularity).sort()).toEqual(['ndcg', 'precision', 'recall']);
    expect(report.recommend.k).toBe(10);
    expect(report.recommend.ndcg).toBeGreaterThan(report.recommend.baselines.popularity.ndcg);
    expect(Object.keys(report.attributes).sort()).toEqual(['age', 'city', 'gender', 'signup_channel']);
    for (const [name, attribute] of Object.entries(report.attributes) as [string, Record<string, unknown>][]) {
      const keys = ['baseline', 'labelled', 'metric', 'value', 'predictive'];
      if (attribute.predictive === false) keys.push('notPredictive');
      if (attribute.metric === 'macroF1') keys.push('accuracy', 'baselineAccuracy');
      expect(Object.keys(attribute).sort(), name).toEqual(keys.sort());
    }
    expect(report.attributes.age).toMatchObject({ metric: 'mae' });
    expect(report.attributes.city).toMatchObject({ metric: 'macroF1' });
    expect(report.churn).not.toBeNull();
    expect(Object.keys(report.churn ?? {}).sort()).toEqual([
      'auc',
      'baselineAuc',
      'brier',
      'lift10',
      'negatives',
      'positives',
      'predictive',
    ]);
    expect(report.churn?.baselineAuc).toBe(0.5);
    expect(Object.keys(report).sort()).toEqual([
      'attributes',
      'churn',
      'ratings',
      'recommend',
      'run',
      'segments',
      'targets',
      'value',
    ]);
    // targets (issue 18): every registry target measured here by stored name; no goals defined on this dataset
    expect(Object.keys(report.targets).sort()).toEqual(['churn', 'value:90d']);
    expect(report.targets.churn).toEqual(report.churn);
    expect(Object.keys(report.ratings ?? {}).sort()).toEqual([
      'baseline',
      'folds',
      'items',
      'mae',
      'model',
      'perFold',
      'ratings',
      'rmse',
      'users',
    ]);
  }, 300_000);
});
