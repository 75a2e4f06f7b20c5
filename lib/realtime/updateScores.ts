import type pg from 'pg';
import { numberArrayLiteral } from '@/lib/db/arrayLiteral';
import { type RestoredPredictor, restorePredictor } from '@/lib/ml/predict/persistedPredictor';
import type { DenseMatrix } from '@/lib/ml/types';
import { type StoredScoreModel, scoreModelArtifact } from './scoreModelArtifact';

export interface LoadedScoreModel extends StoredScoreModel {
  predictor: RestoredPredictor;
}

/** A run's stored score models, ready to predict (free each predictor when done). */
export function restoreScoreModels(stored: StoredScoreModel[]): Promise<LoadedScoreModel[]> {
  return Promise.all(stored.map(async (model) => ({ ...model, predictor: await restorePredictor(model.model) })));
}

// Restoring boosted trees loads XGBoost and its model bytes: once per run and process.
const loaded = new Map<number, Promise<LoadedScoreModel[]>>();
const keptRuns = 2;

function modelsOf(client: pg.PoolClient, runId: number): Promise<LoadedScoreModel[]> {
  let models = loaded.get(runId);
  if (!models) {
    models = client
      .query<{ content: { models: StoredScoreModel[] } }>(
        'SELECT content FROM run_artifacts WHERE run_id = $1 AND name = $2',
        [runId, scoreModelArtifact],
      )
      .then(({ rows }) => restoreScoreModels(rows[0]?.content.models ?? []));
    models.catch(() => loaded.delete(runId));
    loaded.set(runId, models);
    for (const old of loaded.keys()) {
      if (loaded.size <= keptRuns || old === runId) continue;
      const dropped = loaded.get(old);
      loaded.delete(old);
      void dropped
        ?.then((list) => {
          for (const model of list) model.predictor.free();
        })
        .catch(() => {});
    }
  }
  return models;
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/**
 * Each model's score per user of `behaviour` (the behaviour features of the run's profile model),
 * rounded as stored; a model on other columns (an older profile model) scores nobody.
 */
export function scoreWithModels(
  models: LoadedScoreModel[],
  behaviour: DenseMatrix,
): { target: string; values: Float64Array }[] {
  const scored: { target: string; values: Float64Array }[] = [];
  for (const { target, model, predictor } of models) {
    if (model.features !== behaviour.cols) continue;
    scored.push({ target, values: Float64Array.from(predictor.predict(behaviour), round) });
  }
  return scored;
}

/**
 * Churn, category propensity and custom goal scores of the users from the run's own fitted models,
 * applied to their behaviour features as of now (the update's reference time), replacing their
 * stored scores. Only targets the run found predictive are stored with it, so only those follow;
 * the rest (predicted value, inferred attributes) stay as the run computed them.
 */
export interface ScoreInput {
  runId: number;
  userIds: string[];
  /** readable behaviour features per user of userIds (the profile model's columns), as of now */
  behaviour: DenseMatrix;
}

export async function updateScores(client: pg.PoolClient, input: ScoreInput): Promise<number> {
  const models = await modelsOf(client, input.runId);
  const users = input.userIds;
  const targets: string[] = [];
  const userIds: string[] = [];
  const values: number[] = [];
  for (const scored of scoreWithModels(models, input.behaviour)) {
    for (let u = 0; u < users.length; u++) {
      targets.push(scored.target);
      userIds.push(users[u]);
      values.push(scored.values[u]);
    }
  }
  if (targets.length === 0) return 0;
  await client.query(
    `INSERT INTO scores (run_id, target, user_id, value)
     SELECT $1, s.t, s.u, s.v FROM unnest($2::text[], $3::text[], $4::float8[]) AS s(t, u, v)
     ON CONFLICT (run_id, target, user_id) DO UPDATE SET value = excluded.value
     WHERE scores.value IS DISTINCT FROM excluded.value`,
    [input.runId, targets, userIds, numberArrayLiteral(values)],
  );
  return targets.length;
}
